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
 * as it goes (no concurrent calls, nothing after the end, at most one end), and lets a test await
 * what it expects. Thread-safe.
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

    /** A sink whose sends stay pending until {@link #completePending()} or {@link #failPending}. */
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

    /** Completes every pending send (with {@link #manualCompletion()}). */
    public void completePending() {
        List<CompletableFuture<Void>> now;
        synchronized (this) {
            now = new ArrayList<>(pending);
            pending.clear();
        }
        now.forEach(f -> f.complete(null));
    }

    /** Fails every pending send, as a WebSocket that closed would. */
    public void failPending(Throwable cause) {
        List<CompletableFuture<Void>> now;
        synchronized (this) {
            now = new ArrayList<>(pending);
            pending.clear();
        }
        now.forEach(f -> f.completeExceptionally(cause));
    }

    /** How many sends are pending. */
    public synchronized int pendingCount() {
        return pending.size();
    }

    /** The records received, in order. */
    public synchronized List<SessionRecord> records() {
        return List.copyOf(records);
    }

    /** The terminal-data records received. */
    public List<TerminalData> terminalData() {
        return ofType(TerminalData.class);
    }

    /** The screen frames received. */
    public List<ScreenFrame> frames() {
        return ofType(ScreenFrame.class);
    }

    /** The texts of the input events received. */
    public List<String> inputs() {
        return ofType(InputEvent.class).stream().map(InputEvent::text).toList();
    }

    private synchronized <T> List<T> ofType(Class<T> type) {
        return records.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The terminal output as text, decoded as UTF-8 across record boundaries. */
    public String text() {
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
        StringBuilder sb = new StringBuilder();
        for (TerminalData d : terminalData()) {
            sb.append(utf8.decode(d));
        }
        return sb.append(utf8.flush()).toString();
    }

    /** The end notice, if the sink was told. */
    public synchronized Optional<Notice> notice() {
        return notices.isEmpty() ? Optional.empty() : Optional.of(notices.get(0));
    }

    /** Every end notice received: more than one is a contract violation. */
    public synchronized List<Notice> notices() {
        return List.copyOf(notices);
    }

    /** Contract violations seen: concurrent calls, a send after the end, a second end. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * Waits for the end notice.
     *
     * @throws AssertionError saying what did arrive if none comes within {@code timeout}
     */
    public Notice awaitNotice(Duration timeout) {
        awaitCondition(s -> !s.notices.isEmpty(), timeout, "an end notice");
        return notice().orElseThrow();
    }

    /**
     * Waits until at least {@code count} records arrived.
     *
     * @throws AssertionError saying what did arrive if they do not come within {@code timeout}
     */
    public List<SessionRecord> awaitRecords(int count, Duration timeout) {
        awaitCondition(s -> s.records.size() >= count, timeout, count + " records");
        return records();
    }

    /**
     * Waits until the terminal text contains {@code expected}.
     *
     * @throws AssertionError if it does not within {@code timeout}
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

    /** Whether no end notice arrives within {@code period}: for a client that left. */
    public boolean staysWithoutNotice(Duration period) {
        try {
            awaitCondition(s -> !s.notices.isEmpty(), period, "an end notice");
            return false;
        } catch (AssertionError expected) {
            return true;
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
