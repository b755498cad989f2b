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

    /** Waits up to {@code timeout} for the end notice, failing if none comes. */
    public RecordingClientSinkAssert awaitingEnd(Duration timeout) {
        isNotNull();
        actual.awaitNotice(timeout);
        return this;
    }

    /** Waits up to {@code timeout} for at least {@code count} records. */
    public RecordingClientSinkAssert awaitingRecords(int count, Duration timeout) {
        isNotNull();
        actual.awaitRecords(count, timeout);
        return this;
    }

    /** Exactly one end notice, with this reason (and its code), and no contract violation. */
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

    /** Exactly one end notice, equal to {@code notice}. */
    public RecordingClientSinkAssert endedOnceWith(Notice notice) {
        endedOnceWith(notice.reason());
        if (!actual.notices().get(0).equals(notice)) {
            failWithMessage("expected the end notice %s, but it was %s", notice, actual.notices().get(0));
        }
        return this;
    }

    /** No end notice at all (the client left). */
    public RecordingClientSinkAssert hasNoNotice() {
        isNotNull();
        if (!actual.notices().isEmpty()) {
            failWithMessage("expected no end notice, but got %s", actual.notices());
        }
        return this;
    }

    /** No contract violation: no concurrent calls, nothing after the end, at most one end. */
    public RecordingClientSinkAssert hasNoViolations() {
        isNotNull();
        if (!actual.violations().isEmpty()) {
            failWithMessage("expected the sink contract to hold, but: %s", actual.violations());
        }
        return this;
    }

    /** Exactly these records, in this order. */
    public RecordingClientSinkAssert receivedExactly(SessionRecord... records) {
        isNotNull();
        List<SessionRecord> got = actual.records();
        if (!got.equals(List.of(records))) {
            failWithMessage("expected records %s, but got %s", List.of(records), got);
        }
        return this;
    }

    /** This many records. */
    public RecordingClientSinkAssert hasRecordCount(int count) {
        isNotNull();
        if (actual.records().size() != count) {
            failWithMessage("expected %s records, but got %s; %s", count, actual.records().size(), actual);
        }
        return this;
    }

    /** The terminal text (UTF-8 across records) is exactly {@code text}. */
    public RecordingClientSinkAssert hasText(String text) {
        isNotNull();
        String got = actual.text();
        if (!got.equals(text)) {
            failWithMessage("expected terminal text%n  \"%s\"%nbut was%n  \"%s\"", text, got);
        }
        return this;
    }

    /** The terminal text contains {@code part}. */
    public RecordingClientSinkAssert textContains(String part) {
        isNotNull();
        String got = actual.text();
        if (!got.contains(part)) {
            failWithMessage("expected terminal text to contain%n  \"%s\"%nbut it was%n  \"%s\"", part, got);
        }
        return this;
    }

    /** Record timestamps never go backwards. */
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
