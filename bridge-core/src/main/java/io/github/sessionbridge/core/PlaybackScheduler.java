package io.github.sessionbridge.core;

import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.internal.ExecutorScheduler;
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

    /**
     * Nanoseconds from some fixed origin, as {@link System#nanoTime()}. Players pace records by the
     * difference between two readings and never compare it with wall-clock time.
     *
     * @return the current time in nanoseconds since an arbitrary origin that stays fixed for the scheduler's
     *         life; it must not decrease
     */
    long nanoTime();

    /**
     * Runs {@code task} once {@code delay} has passed ({@code 0}: as soon as possible), unless cancelled.
     * Tasks may run on any thread and at the same time as other tasks; the scheduler need not keep them in
     * any order (players order their own work).
     *
     * @param task  the work to run once; players give short tasks that do not block
     * @param delay how long from now, in {@code unit}; 0 or less means as soon as possible
     * @param unit  the unit of {@code delay}
     * @return a handle to cancel the task before it runs
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler no longer runs tasks (a player
     *         then ends with {@link io.github.sessionbridge.core.EndReason#SHUTDOWN})
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * A scheduler on {@code executor}, which the host owns: the scheduler never shuts it down. Its clock is
     * {@link System#nanoTime()}. A player whose task the executor rejects ends with
     * {@link io.github.sessionbridge.core.EndReason#SHUTDOWN}; but a task the executor accepted and then never
     * runs (one dropped by {@code shutdownNow()}) leaves its player waiting, never ended. Shut the executor
     * down only after its players have ended (close them and wait for {@link Playback#ended()}).
     *
     * @param executor the host's executor; tasks without a delay are passed to its {@code execute}
     * @return a scheduler backed by {@code executor}
     * @throws NullPointerException if {@code executor} is {@code null}
     */
    static PlaybackScheduler of(ScheduledExecutorService executor) {
        return new ExecutorScheduler(executor);
    }
}
