package io.github.sessionbridge.core.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An audit sink for tests: keeps every event, records the delivering thread, can be made to fail or block. */
public class EventLog implements AuditSink {
    private final List<AuditEvent> events = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();
    private volatile int failNext;
    private volatile boolean blocked;

    @Override
    public void accept(AuditEvent event) throws Exception {
        synchronized (this) {
            while (blocked) {
                wait();
            }
        }
        if (failNext > 0) {
            failNext--;
            throw new java.io.IOException("the audit store is down (test)");
        }
        synchronized (this) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
            notifyAll();
        }
    }

    /** The next {@code n} deliveries throw. */
    public void failNext(int n) {
        failNext = n;
    }

    /** Deliveries wait until {@link #unblock()}. */
    public synchronized void block() {
        blocked = true;
    }

    /** Lets deliveries go on. */
    public synchronized void unblock() {
        blocked = false;
        notifyAll();
    }

    /** A snapshot of the events taken so far. */
    public synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /** The names of the threads that delivered. */
    public synchronized List<String> threads() {
        return List.copyOf(threads);
    }

    /** Waits until at least {@code n} events were taken; fails the test if not within the timeout. */
    public synchronized List<AuditEvent> await(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " audit events within " + timeout + ", got " + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(events);
    }

    /** The events of one type. */
    public <T extends AuditEvent> List<T> of(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
