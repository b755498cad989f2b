package io.github.sessionbridge.testkit;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Utf8StreamDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link ClientSink} for tests: keeps every record and the end notice, checks the sink contract
 * as it goes (no concurrent calls, no send while the previous one is pending, nothing after the end,
 * at most one end), and lets a test await what it expects. Thread-safe.
 *
 * <pre>{@code
 * RecordingClientSink sink = new RecordingClientSink();
 * bridges.monitor(caller, "SSH", "s-1", sink);
 * Notice notice = sink.awaitNotice(Duration.ofSeconds(5));
 * assertThat(sink.text()).contains("$ ls");
 * }</pre>
 *
 * <p>By default every send completes at once. {@link #manualCompletion()} makes sends stay pending
 * until {@link #completePending()}, to play a slow asynchronous client.
 */
public final class RecordingClientSink implements ClientSink {

    private final List<SessionRecord> records = new ArrayList<>();
    private final List<Notice> notices = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private final boolean manual;
    private final String name;
    private int inCall;

    /** A sink whose sends complete at once. */
    public RecordingClientSink() {
        this("sink", false);
    }

    private RecordingClientSink(String name, boolean manual) {
        this.name = name;
        this.manual = manual;
    }

    /**
     * A sink whose sends stay pending until {@link #completePending()} or {@link #failPending}: a
     * slow client, to test flow control (the bridge counts the records of pending sends as queued).
     *
     * @return a new, empty sink; its records are kept at once, only the completion of each send waits
     */
    public static RecordingClientSink manualCompletion() {
        return new RecordingClientSink("manual sink", true);
    }

    @Override
    public CompletionStage<Void> send(SessionRecord record) {
        synchronized (this) {
            enter("send");
            try {
                if (!notices.isEmpty()) {
                    violations.add("send(" + record + ") after end(" + notices.get(0) + ")");
                }
                if (!pending.isEmpty()) {
                    violations.add("send(" + record + ") while the previous send is pending");
                }
                records.add(record);
                notifyAll();
                if (!manual) {
                    return DONE;
                }
                CompletableFuture<Void> f = new CompletableFuture<>();
                pending.add(f);
                return f;
            } finally {
                inCall--;
            }
        }
    }

    @Override
    public void end(Notice notice) {
        synchronized (this) {
            enter("end");
            try {
                notices.add(notice);
                if (notices.size() > 1) {
                    violations.add("end called " + notices.size() + " times: " + notices);
                }
                notifyAll();
            } finally {
                inCall--;
            }
        }
    }

    private void enter(String what) {
        if (inCall++ > 0) {
            violations.add("concurrent call of " + what);
        }
    }

    /**
     * Completes every pending send (with {@link #manualCompletion()}), as a client that caught up.
     * Sends made later stay pending again. Does nothing when none is pending.
     */
    public void completePending() {
        List<CompletableFuture<Void>> now;
        synchronized (this) {
            now = new ArrayList<>(pending);
            pending.clear();
        }
        now.forEach(f -> f.complete(null));
    }

    /**
     * Fails every pending send, as a WebSocket that closed would: the bridge takes the client as gone,
     * closes its C connection and sends no end notice ({@link io.github.sessionbridge.core.EndReason#CLIENT_GONE}).
     *
     * @param cause the exception each pending send's stage completes with; not null
     */
    public void failPending(Throwable cause) {
        List<CompletableFuture<Void>> now;
        synchronized (this) {
            now = new ArrayList<>(pending);
            pending.clear();
        }
        now.forEach(f -> f.completeExceptionally(cause));
    }

    /**
     * How many sends are pending.
     *
     * @return sends not yet completed or failed; always 0 for a sink whose sends complete at once
     */
    public synchronized int pendingCount() {
        return pending.size();
    }

    /**
     * The records received, in order.
     *
     * @return an unmodifiable snapshot of every record of every type, pending sends included
     */
    public synchronized List<SessionRecord> records() {
        return List.copyOf(records);
    }

    /**
     * The terminal-data records received.
     *
     * @return an unmodifiable snapshot of the {@code 'd'} records, in order
     */
    public List<TerminalData> terminalData() {
        return ofType(TerminalData.class);
    }

    /**
     * The screen frames received.
     *
     * @return an unmodifiable snapshot of the {@code 'v'} records, in order
     */
    public List<ScreenFrame> frames() {
        return ofType(ScreenFrame.class);
    }

    /**
     * The texts of the input events received.
     *
     * @return an unmodifiable snapshot of the text of each {@code 'i'} record, in order
     */
    public List<String> inputs() {
        return ofType(InputEvent.class).stream().map(InputEvent::text).toList();
    }

    private synchronized <T> List<T> ofType(Class<T> type) {
        return records.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * The terminal output as text, decoded as UTF-8 across record boundaries.
     *
     * @return the content of every terminal-data record so far, joined and decoded: a character split
     *         between records comes out whole, invalid bytes and an incomplete character at the very end
     *         as U+FFFD; empty if there is none
     */
    public String text() {
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
        StringBuilder sb = new StringBuilder();
        for (TerminalData d : terminalData()) {
            sb.append(utf8.decode(d));
        }
        return sb.append(utf8.flush()).toString();
    }

    /**
     * The end notice, if the sink was told.
     *
     * @return the first end notice, or empty while the bridge has not ended (or ended without one,
     *         because the host closed it)
     */
    public synchronized Optional<Notice> notice() {
        return notices.isEmpty() ? Optional.empty() : Optional.of(notices.get(0));
    }

    /**
     * Every end notice received: more than one is a contract violation.
     *
     * @return an unmodifiable snapshot, in order; empty, one, or (a violation) more
     */
    public synchronized List<Notice> notices() {
        return List.copyOf(notices);
    }

    /**
     * Contract violations seen: concurrent calls, a send while the previous one is pending, a send after
     * the end, a second end.
     *
     * @return an unmodifiable snapshot of each violation in words, in order; empty while the contract holds
     */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * Waits for the end notice.
     *
     * @param timeout how long to wait at most; not null
     * @return the first end notice
     * @throws AssertionError saying what did arrive if none comes within {@code timeout}, or if the
     *                        calling thread is interrupted
     */
    public Notice awaitNotice(Duration timeout) {
        awaitCondition(s -> !s.notices.isEmpty(), timeout, "an end notice");
        return notice().orElseThrow();
    }

    /**
     * Waits until at least {@code count} records arrived.
     *
     * @param count   how many records of any type; 0 or less returns at once
     * @param timeout how long to wait at most; not null
     * @return every record so far (it may be more than {@code count}), as {@link #records()}
     * @throws AssertionError saying what did arrive if they do not come within {@code timeout}, or if
     *                        the calling thread is interrupted
     */
    public List<SessionRecord> awaitRecords(int count, Duration timeout) {
        awaitCondition(s -> s.records.size() >= count, timeout, count + " records");
        return records();
    }

    /**
     * Waits until the terminal text contains {@code expected}.
     *
     * @param expected the text to look for in {@link #text()}; not null ({@code ""} is found at once)
     * @param timeout  how long to wait at most; not null
     * @return the whole terminal text at the moment it contained {@code expected}
     * @throws AssertionError if it does not within {@code timeout}, or if the calling thread is interrupted
     */
    public String awaitText(String expected, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String t = text();
            if (t.contains(expected)) {
                return t;
            }
            synchronized (this) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no terminal text containing \"" + expected + "\" within " + timeout + "; " + this);
                }
                waitNanos(left);
            }
        }
    }

    /**
     * Whether no end notice arrives within {@code period}: for a client that left, which the bridge
     * must not tell anything. Always waits the whole period unless a notice arrives.
     *
     * @param period how long to watch; not null
     * @return {@code true} if no end notice arrived by the end of {@code period}, {@code false} as soon as
     *         one has (also one that arrived before the call)
     * @throws AssertionError if the waiting thread is interrupted (its interrupt status is kept): the period
     *                        was not watched, so the answer would be a guess
     */
    public boolean staysWithoutNotice(Duration period) {
        long end = System.nanoTime() + period.toNanos();
        synchronized (this) {
            while (notices.isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                waitNanos(left);
            }
            return false;
        }
    }

    private synchronized void awaitCondition(Predicate<RecordingClientSink> condition, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + what + " within " + timeout + ", but " + this);
            }
            waitNanos(left);
        }
    }

    private void waitNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(50)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    @Override
    public synchronized String toString() {
        return name + " received " + records.size() + " records"
                + (records.isEmpty() ? "" : " (last: " + records.get(records.size() - 1) + ")")
                + (notices.isEmpty() ? ", no end notice" : ", end notices: " + notices)
                + (violations.isEmpty() ? "" : ", contract violations: " + violations);
    }
}
