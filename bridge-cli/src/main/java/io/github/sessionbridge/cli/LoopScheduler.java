package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.PlaybackScheduler;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@link PlaybackScheduler} run by the command's own thread: its time is the {@link ReplayClock}'s and
 * its waits are the clock's sleeps, so a replay needs no other thread and tests replay on a fake clock
 * without sleeping.
 */
final class LoopScheduler implements PlaybackScheduler {

    /** Called between tasks with the longest it may wait; it waits (or not) and reports nothing. */
    @FunctionalInterface
    interface Idle {
        void idle(long maxWaitNanos) throws InterruptedException;
    }

    private record Task(long due, long seq, Runnable run, boolean[] cancelled) {
    }

    private final ReplayClock clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long seq;

    LoopScheduler(ReplayClock clock) {
        this.clock = clock;
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        boolean[] cancelled = {false};
        tasks.add(new Task(clock.nanoTime() + Math.max(0, unit.toNanos(delay)), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /**
     * Runs tasks at their times until {@code done}; while waiting it sleeps on the clock, or, with
     * {@code idle}, hands the wait to it in slices of at most {@code slice} nanoseconds (to read keys).
     */
    void run(BooleanSupplier done, Idle idle, long slice) throws InterruptedException {
        while (!done.getAsBoolean()) {
            Task t;
            synchronized (this) {
                t = tasks.peek();
                while (t != null && t.cancelled[0]) {
                    tasks.poll();
                    t = tasks.peek();
                }
                if (t != null && t.due <= clock.nanoTime()) {
                    tasks.poll();
                } else {
                    t = t == null ? null : new Task(t.due, -1, null, t.cancelled);
                }
            }
            if (t != null && t.run != null) {
                t.run.run();
                continue;
            }
            long wait = t == null ? Long.MAX_VALUE : t.due - clock.nanoTime();
            if (idle != null) {
                idle.idle(Math.min(wait, slice));
            } else if (t == null) {
                throw new IllegalStateException("nothing left to run and not done");
            } else if (wait > 0) {
                clock.sleep(wait);
            }
        }
    }
}
