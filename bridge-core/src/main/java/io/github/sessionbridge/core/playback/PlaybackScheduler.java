package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.playback.internal.ExecutorScheduler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The clock and timer that pace playback: a small SPI, so that many players share a few threads and
 * tests control time without sleeping.
 *
 * <p>Players never block a scheduler thread waiting for time to pass: they ask to be run again when
 * the next record is due. Every player runs its own tasks one at a time, in order, whatever the
 * number of threads behind the scheduler.
 */
public interface PlaybackScheduler {

    /** Nanoseconds from some fixed origin, as {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Runs {@code task} once {@code delay} has passed ({@code 0}: as soon as possible), unless cancelled.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler no longer runs tasks
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** A scheduler on {@code executor}, which the host owns: the scheduler never shuts it down. */
    static PlaybackScheduler of(ScheduledExecutorService executor) {
        return new ExecutorScheduler(executor);
    }

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; harmless otherwise. */
        void cancel();
    }
}
