package io.github.sessionbridge.core;

import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink for bridge-core's tests: records what it got and checks the sink contract as it goes. */
class TestSink implements ClientSink {
    final List<SessionRecord> records = new ArrayList<>();
    final List<Notice> notices = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    private final AtomicBoolean inCall = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);
    final AtomicInteger sendCalls = new AtomicInteger();

    @Override
    public CompletionStage<Void> send(SessionRecord record) {
        enter("send");
        try {
            synchronized (this) {
                if (!notices.isEmpty()) {
                    violations.add("send after end");
                }
                records.add(record);
            }
            sendCalls.incrementAndGet();
            return completion(record);
        } finally {
            inCall.set(false);
        }
    }

    /** How a send completes; synchronous by default. */
    CompletionStage<Void> completion(SessionRecord record) {
        return DONE;
    }

    @Override
    public void end(Notice notice) {
        enter("end");
        try {
            synchronized (this) {
                notices.add(notice);
                if (notices.size() > 1) {
                    violations.add("end called " + notices.size() + " times");
                }
            }
        } finally {
            inCall.set(false);
            ended.countDown();
        }
    }

    private void enter(String what) {
        if (!inCall.compareAndSet(false, true)) {
            synchronized (this) {
                violations.add("concurrent " + what);
            }
        }
    }

    Notice awaitEnd(Duration timeout) throws InterruptedException {
        if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no end notice within " + timeout + "; records: " + records.size());
        }
        synchronized (this) {
            return notices.get(0);
        }
    }

    boolean endedWithin(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized List<SessionRecord> records() {
        return List.copyOf(records);
    }

    synchronized List<Notice> notices() {
        return List.copyOf(notices);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized String text() {
        StringBuilder sb = new StringBuilder();
        for (SessionRecord r : records) {
            if (r instanceof TerminalData) {
                sb.append(new String(r.content(), StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    /** A sink whose sends complete only when the test says so. */
    static final class Manual extends TestSink {
        final List<CompletableFuture<Void>> pending = new ArrayList<>();

        @Override
        synchronized CompletionStage<Void> completion(SessionRecord record) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        synchronized void completeAll() {
            for (CompletableFuture<Void> f : pending) {
                f.complete(null);
            }
            pending.clear();
        }

        synchronized int pendingCount() {
            return pending.size();
        }
    }
}
