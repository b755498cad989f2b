package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.PlaybackScheduler;
import io.github.sessionbridge.core.Cancellable;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/** A scheduler whose time moves only when the test says: tasks run on the test's thread. */
final class ManualScheduler implements PlaybackScheduler {

    private record Task(long due, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now = 1_000_000_000L;
    private long seq;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + Math.max(0, unit.toNanos(delay)), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs every task due now, and those they schedule for now. */
    void runDue() {
        while (true) {
            Task t;
            synchronized (this) {
                t = tasks.peek();
                if (t == null || t.due > now) {
                    return;
                }
                tasks.poll();
            }
            if (!t.cancelled[0]) {
                t.run.run();
            }
        }
    }

    /** Moves time forward by {@code millis}, running each task at its due time. */
    void advanceMillis(long millis) {
        long target = now + millis * 1_000_000L;
        while (true) {
            runDue();
            synchronized (this) {
                Task t = tasks.peek();
                if (t == null || t.due > target) {
                    now = target;
                    break;
                }
                now = t.due;
            }
        }
        runDue();
    }

    /** Runs until nothing is left to run (time jumps to each due task), at most {@code maxTasks} steps. */
    void runAll(int maxSteps) {
        for (int i = 0; i < maxSteps; i++) {
            runDue();
            synchronized (this) {
                Task t = tasks.peek();
                while (t != null && t.cancelled[0]) {
                    tasks.poll();
                    t = tasks.peek();
                }
                if (t == null) {
                    return;
                }
                now = Math.max(now, t.due);
            }
        }
        throw new AssertionError("still running after " + maxSteps + " steps");
    }

    /** Whether a non-cancelled task is pending. */
    synchronized boolean idle() {
        return tasks.stream().allMatch(t -> t.cancelled[0]);
    }
}
