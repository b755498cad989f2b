package io.github.sessionbridge.core.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs tasks one at a time, in order, on a shared executor: one bridge's sink calls. */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                delegate.execute(this::drain);
            } catch (RejectedExecutionException e) {
                log.warn("the callback executor rejected a task; running the bridge's callbacks on the caller", e);
                drain();
            } catch (Throwable t) {
                // the host's executor is broken: the bridge's callbacks (its notice, ended()) still run
                log.error("the callback executor threw; running the bridge's callbacks on the caller", t);
                drain();
                Failures.rethrowIfFatal(t);
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable r;
            while ((r = queue.poll()) != null) {
                try {
                    r.run();
                } catch (Throwable t) {
                    log.error("client callback failed", t);
                    if (t instanceof VirtualMachineError) {
                        // the rest of the queue still runs, in order, in a drain of its own
                        scheduled.set(false);
                        if (!queue.isEmpty()) {
                            schedule();
                        }
                        throw t;
                    }
                }
            }
            scheduled.set(false);
            if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }
}
