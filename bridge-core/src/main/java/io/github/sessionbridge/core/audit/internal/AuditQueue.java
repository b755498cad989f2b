package io.github.sessionbridge.core.audit.internal;

import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.core.audit.AuditOptions;
import io.github.sessionbridge.core.audit.AuditSink;
import io.github.sessionbridge.core.audit.AuditStats;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue between the bridges and the host's {@link AuditSink}, and the one thread that empties it
 * ({@code session-bridge-audit}). Producers never block on the sink: they only take the lock to add an
 * event; only {@link #admit} may wait, and only under {@link AuditOptions.Overflow#BACK_PRESSURE}.
 */
public final class AuditQueue {
    private static final Logger log = LoggerFactory.getLogger(AuditQueue.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MAX_RETRY_PAUSE_MILLIS = 5_000;

    private final AuditSink sink;
    private final AuditOptions options;
    private final ArrayDeque<AuditEvent> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final Thread worker;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder refused = new LongAdder();

    // guarded by lock
    private boolean closing;
    private boolean busy;
    private long lastDropLog;
    private long lastFailLog;
    private long droppedSinceLog;
    private long failedSinceLog;

    /**
     * Starts the delivery thread.
     *
     * @param sink    the host's sink
     * @param options capacity and overflow
     */
    public AuditQueue(AuditSink sink, AuditOptions options) {
        this.sink = sink;
        this.options = options;
        this.worker = new Thread(this::run, "session-bridge-audit");
        worker.setDaemon(true);
        worker.start();
    }

    /** The options. */
    public AuditOptions options() {
        return options;
    }

    /**
     * Whether the event opens something (and needs room below the capacity) rather than accounting for a
     * request already made (an end, an answer, a seek, a denial: these may use the second capacity).
     */
    static boolean opens(AuditEvent e) {
        return e instanceof AuditEvent.WatchStarted || e instanceof AuditEvent.KickRequested
                || e instanceof AuditEvent.PlaybackOpened;
    }

    /**
     * Queues the event of a new request. Under {@code BACK_PRESSURE} waits up to {@code maxWait} for room and
     * returns {@code false} (counted as refused, the event not queued) if none came; under {@code DROP} never
     * waits and always returns {@code true} (a full queue drops the event, counted and logged).
     */
    public boolean admit(AuditEvent event) {
        lock.lock();
        try {
            if (options.overflow() == AuditOptions.Overflow.BACK_PRESSURE && !closing) {
                long nanos = options.maxWait().toNanos();
                while (queue.size() >= options.capacity() && !closing) {
                    if (nanos <= 0) {
                        refused.increment();
                        log.warn("the audit trail is full ({} events waiting for the sink): refusing {}",
                                queue.size(), describe(event));
                        return false;
                    }
                    nanos = notFull.awaitNanos(nanos);
                }
            }
            offerLocked(event);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refused.increment();
            log.warn("interrupted while waiting for room in the audit trail: refusing {}", describe(event));
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Queues an event without waiting: dropped (counted, logged) if there is no room for its kind. */
    public void record(AuditEvent event) {
        lock.lock();
        try {
            offerLocked(event);
        } finally {
            lock.unlock();
        }
    }

    private void offerLocked(AuditEvent event) {
        int limit = opens(event) ? options.capacity() : 2 * options.capacity();
        if (closing && !worker.isAlive() || queue.size() >= limit) {
            dropLocked(1, closing && !worker.isAlive() ? "the audit trail is closed" : "the audit queue is full", event);
            return;
        }
        queue.addLast(event);
        notEmpty.signal();
    }

    private void dropLocked(long n, String why, AuditEvent example) {
        dropped.add(n);
        droppedSinceLog += n;
        long now = System.nanoTime();
        if (lastDropLog == 0 || now - lastDropLog >= LOG_EVERY_NANOS) {
            log.error("{}: {} audit event(s) dropped since the last report (latest: {}); {} dropped in all",
                    why, droppedSinceLog, describe(example), dropped.sum());
            lastDropLog = now;
            droppedSinceLog = 0;
        }
    }

    private static String describe(AuditEvent e) {
        return e.getClass().getSimpleName() + "[" + e.id() + ", " + e.caller().principal() + "]";
    }

    private void run() {
        long pause = 0;
        while (true) {
            AuditEvent next;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    busy = false;
                    drained.signalAll();
                    notEmpty.await();
                }
                if (queue.isEmpty()) {
                    busy = false;
                    drained.signalAll();
                    return;
                }
                busy = true;
                next = queue.peekFirst();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            boolean taken = deliver(next);
            boolean empty;
            lock.lock();
            try {
                boolean retry = !taken && options.overflow() == AuditOptions.Overflow.BACK_PRESSURE;
                if (!retry) {
                    queue.pollFirst();
                    notFull.signalAll();
                }
                empty = queue.isEmpty();
            } finally {
                lock.unlock();
            }
            if (taken) {
                pause = 0;
                if (empty) {
                    flush();
                }
            } else if (options.overflow() == AuditOptions.Overflow.BACK_PRESSURE) {
                pause = Math.min(MAX_RETRY_PAUSE_MILLIS, pause == 0 ? 50 : pause * 2);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private boolean deliver(AuditEvent e) {
        try {
            sink.accept(e);
            delivered.increment();
            return true;
        } catch (Throwable t) {
            failed.increment();
            lock.lock();
            try {
                failedSinceLog++;
                long now = System.nanoTime();
                if (lastFailLog == 0 || now - lastFailLog >= LOG_EVERY_NANOS) {
                    log.error("the audit sink failed {} time(s) since the last report; {} ({})", failedSinceLog,
                            describe(e), options.overflow() == AuditOptions.Overflow.DROP ? "given up" : "retrying", t);
                    lastFailLog = now;
                    failedSinceLog = 0;
                }
            } finally {
                lock.unlock();
            }
            if (t instanceof VirtualMachineError v) {
                throw v;
            }
            return false;
        }
    }

    private void flush() {
        try {
            sink.flush();
        } catch (Throwable t) {
            failed.increment();
            log.error("the audit sink failed to flush", t);
            if (t instanceof VirtualMachineError v) {
                throw v;
            }
        }
    }

    /** The counters. */
    public AuditStats stats() {
        lock.lock();
        try {
            return new AuditStats(delivered.sum(), dropped.sum(), failed.sum(), refused.sum(), queue.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets the sink take what is queued, up to the close timeout, then stops the thread; what is left is
     * counted as dropped and logged. Idempotent; events recorded after this are dropped (counted).
     */
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            notEmpty.signalAll();
            notFull.signalAll();
            long nanos = options.closeTimeout().toNanos();
            while ((busy || !queue.isEmpty()) && nanos > 0) {
                nanos = drained.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        worker.interrupt();
        try {
            worker.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            if (!queue.isEmpty()) {
                AuditEvent first = queue.peekFirst();
                int n = queue.size();
                queue.clear();
                lastDropLog = 0;
                dropLocked(n, "the audit sink did not take every event within " + options.closeTimeout() + " of close()", first);
            }
        } finally {
            lock.unlock();
        }
        log.info("audit trail closed: {}", stats());
    }
}
