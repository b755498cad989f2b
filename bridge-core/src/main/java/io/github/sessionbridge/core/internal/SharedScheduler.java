package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.PlaybackScheduler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small internal pool that players share when the host gives no scheduler: two daemon threads
 * named {@code session-bridge-playback-N}, started by the first player and shut down when the last
 * one ends.
 */
public final class SharedScheduler {

    private static final int THREADS = 2;
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static ScheduledThreadPoolExecutor executor;
    private static int users;

    private SharedScheduler() {
    }

    /** A scheduler on the shared pool; call the returned release once when done with it. */
    public static synchronized Lease acquire() {
        if (executor == null) {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(THREADS, r -> {
                Thread t = new Thread(r, "session-bridge-playback-" + THREAD_IDS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            e.setRemoveOnCancelPolicy(true);
            executor = e;
        }
        users++;
        ScheduledThreadPoolExecutor mine = executor;
        return new Lease(new ExecutorScheduler(mine), () -> release(mine));
    }

    private static synchronized void release(ScheduledThreadPoolExecutor e) {
        if (e == executor && --users == 0) {
            executor.shutdown();
            executor = null;
        }
    }

    /** How many players use the pool (for tests). */
    public static synchronized int users() {
        return users;
    }

    /** A scheduler and how to give it back. */
    public record Lease(PlaybackScheduler scheduler, Runnable release) {
    }
}
