package io.github.sessionbridge.testkit;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.SessionRecord;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link RecordingClientSink}; start from {@link BridgeAssertions#assertThat}.
 *
 * <pre>{@code
 * assertThat(sink).awaitingEnd(Duration.ofSeconds(5))
 *     .endedOnceWith(EndReason.TRUNCATED)
 *     .hasText("$ ls\r\n");
 * }</pre>
 */
public final class RecordingClientSinkAssert extends AbstractAssert<RecordingClientSinkAssert, RecordingClientSink> {

    RecordingClientSinkAssert(RecordingClientSink actual) {
        super(actual, RecordingClientSinkAssert.class);
    }

    /**
     * Waits up to {@code timeout} for the end notice, failing if none comes; then the other
     * assertions see a sink that has ended.
     *
     * @param timeout how long to wait at most; not null
     * @return this assertion, for chaining
     * @throws AssertionError if the sink is null or no end notice arrives in time
     */
    public RecordingClientSinkAssert awaitingEnd(Duration timeout) {
        isNotNull();
        actual.awaitNotice(timeout);
        return this;
    }

    /**
     * Waits up to {@code timeout} for at least {@code count} records, failing if they do not come.
     *
     * @param count   how many records of any type; 0 or less passes at once
     * @param timeout how long to wait at most; not null
     * @return this assertion, for chaining
     * @throws AssertionError if the sink is null or the records do not arrive in time
     */
    public RecordingClientSinkAssert awaitingRecords(int count, Duration timeout) {
        isNotNull();
        actual.awaitRecords(count, timeout);
        return this;
    }

    /**
     * Exactly one end notice, with this reason (and its code), and no contract violation. Does not
     * wait: use {@link #awaitingEnd(Duration)} first.
     *
     * @param reason the expected reason; its {@link EndReason#code() code} (3 or 5, protocol §2.3) is checked too
     * @return this assertion, for chaining
     * @throws AssertionError if there is a violation, no notice, more than one, or one with another
     *                        reason or code
     */
    public RecordingClientSinkAssert endedOnceWith(EndReason reason) {
        isNotNull();
        hasNoViolations();
        List<Notice> notices = actual.notices();
        if (notices.size() != 1) {
            failWithMessage("expected exactly one end notice with reason %s, but got %s; %s", reason, notices, actual);
        }
        Notice n = notices.get(0);
        if (n.reason() != reason || n.code() != reason.code()) {
            failWithMessage("expected the end notice to be code %s %s, but it was %s; %s", reason.code(), reason, n, actual);
        }
        return this;
    }

    /**
     * Exactly one end notice, equal to {@code notice}: code, reason and text (for a host that
     * replaced the texts), and no contract violation. Does not wait.
     *
     * @param notice the expected notice; not null
     * @return this assertion, for chaining
     * @throws AssertionError if {@link #endedOnceWith(EndReason)} with its reason fails, or the text differs
     */
    public RecordingClientSinkAssert endedOnceWith(Notice notice) {
        endedOnceWith(notice.reason());
        if (!actual.notices().get(0).equals(notice)) {
            failWithMessage("expected the end notice %s, but it was %s", notice, actual.notices().get(0));
        }
        return this;
    }

    /**
     * No end notice at all, as when the client left (the bridge tells a gone client nothing). Does
     * not wait: see {@link RecordingClientSink#staysWithoutNotice(Duration)}.
     *
     * @return this assertion, for chaining
     * @throws AssertionError if the sink received an end notice
     */
    public RecordingClientSinkAssert hasNoNotice() {
        isNotNull();
        if (!actual.notices().isEmpty()) {
            failWithMessage("expected no end notice, but got %s", actual.notices());
        }
        return this;
    }

    /**
     * No contract violation: no concurrent calls, nothing after the end, at most one end.
     *
     * @return this assertion, for chaining
     * @throws AssertionError listing the violations if there is any
     */
    public RecordingClientSinkAssert hasNoViolations() {
        isNotNull();
        if (!actual.violations().isEmpty()) {
            failWithMessage("expected the sink contract to hold, but: %s", actual.violations());
        }
        return this;
    }

    /**
     * Exactly these records, in this order, compared with {@code equals} (by type, timestamp and
     * content).
     *
     * @param records the expected records; none null (none at all: the sink received no record)
     * @return this assertion, for chaining
     * @throws AssertionError if the records differ in number, order or content
     */
    public RecordingClientSinkAssert receivedExactly(SessionRecord... records) {
        isNotNull();
        List<SessionRecord> got = actual.records();
        if (!got.equals(List.of(records))) {
            failWithMessage("expected records %s, but got %s", List.of(records), got);
        }
        return this;
    }

    /**
     * This many records, of every type.
     *
     * @param count the expected number of records
     * @return this assertion, for chaining
     * @throws AssertionError if the sink received another number
     */
    public RecordingClientSinkAssert hasRecordCount(int count) {
        isNotNull();
        if (actual.records().size() != count) {
            failWithMessage("expected %s records, but got %s; %s", count, actual.records().size(), actual);
        }
        return this;
    }

    /**
     * The terminal text (UTF-8 across records, see {@link RecordingClientSink#text()}) is exactly
     * {@code text}.
     *
     * @param text the expected text, escape sequences and line ends included; not null
     * @return this assertion, for chaining
     * @throws AssertionError showing both texts if they differ
     */
    public RecordingClientSinkAssert hasText(String text) {
        isNotNull();
        String got = actual.text();
        if (!got.equals(text)) {
            failWithMessage("expected terminal text%n  \"%s\"%nbut was%n  \"%s\"", text, got);
        }
        return this;
    }

    /**
     * The terminal text contains {@code part}. Does not wait: see
     * {@link RecordingClientSink#awaitText(String, Duration)}.
     *
     * @param part the text to look for; not null
     * @return this assertion, for chaining
     * @throws AssertionError showing the text if it does not contain {@code part}
     */
    public RecordingClientSinkAssert textContains(String part) {
        isNotNull();
        String got = actual.text();
        if (!got.contains(part)) {
            failWithMessage("expected terminal text to contain%n  \"%s\"%nbut it was%n  \"%s\"", part, got);
        }
        return this;
    }

    /**
     * Record timestamps never go backwards: each record, of any type, is stamped no earlier than the
     * one before it (equal timestamps pass).
     *
     * @return this assertion, for chaining
     * @throws AssertionError naming the first record stamped earlier than its predecessor
     */
    public RecordingClientSinkAssert hasRecordsInTimeOrder() {
        isNotNull();
        long last = Long.MIN_VALUE;
        for (SessionRecord r : actual.records()) {
            if (r.timestamp() < last) {
                failWithMessage("record %s came after a record with timestamp %s", r, last);
            }
            last = r.timestamp();
        }
        return this;
    }
}
