package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.PlaybackScheduler;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link PlaybackScheduler#of}: the system clock and a host's scheduled executor. */
public final class ExecutorScheduler implements PlaybackScheduler {

    private final ScheduledExecutorService executor;

    /** @param executor where tasks run; not owned */
    public ExecutorScheduler(ScheduledExecutorService executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        if (delay <= 0) {
            executor.execute(task);
            return () -> { };
        }
        ScheduledFuture<?> f = executor.schedule(task, delay, unit);
        return () -> f.cancel(false);
    }

    @Override
    public String toString() {
        return "PlaybackScheduler[" + executor + "]";
    }
}
