package io.github.sessionbridge.core.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in the order given, on a shared executor: the one serial queue of the core (a
 * live bridge's sink calls on the host's callback executor, a player's tasks on its scheduler, a recorder's
 * writes on the writer thread). At most {@code batch} tasks run per turn on the executor before the queue
 * yields it to others. What happens when the executor refuses or fails, or a task throws, is the owner's
 * {@link Hooks}; a {@link VirtualMachineError} from a task goes on up, and what is still queued runs in a turn
 * of its own.
 */
public final class SerialExecutor implements Executor {

    /** What the owner does when something goes wrong. */
    public interface Hooks {
        /**
         * The executor refused the queue's turn (it is shut down). Called on the thread that posted.
         *
         * @param e     the refusal
         * @param queue this queue: the hook may {@link #discardPending()} and {@link #execute} a last task
         * @return {@code true} to run the queue on the posting thread now, {@code false} to leave it (the
         *         tasks run on the next successful turn, if any)
         */
        boolean rejected(RejectedExecutionException e, SerialExecutor queue);

        /**
         * The executor threw something else (a host bug). Called on the thread that posted; the queue then
         * runs there, and so does every later task if this returns {@code true}.
         *
         * @param t     what it threw
         * @param queue this queue
         * @return {@code true} to run every later task on its poster, never again on the executor
         */
        boolean failed(Throwable t, SerialExecutor queue);

        /**
         * A task threw; the queue goes on with the next.
         *
         * @param t what it threw
         */
        void taskFailed(Throwable t);
    }

    private final Executor delegate;
    private final int batch;
    private final Hooks hooks;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean inline;
    private volatile boolean held;
    private volatile Runnable first; // runs before the queue once a hold is released

    /**
     * @param delegate the shared executor
     * @param batch    the most tasks run per turn; positive
     * @param hooks    the owner's handling of failures
     */
    public SerialExecutor(Executor delegate, int batch, Hooks hooks) {
        this.delegate = delegate;
        this.batch = batch;
        this.hooks = hooks;
    }

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        if (scheduled.compareAndSet(false, true)) {
            submit();
        }
    }

    /** Drops every task not yet run: for a hook whose owner ends and queues its last task instead. */
    public void discardPending() {
        first = null;
        queue.clear();
    }

    /**
     * Holds the queue: called by one of its tasks, once it returns no task runs (tasks given meanwhile wait, in
     * order, and no thread waits for them) until {@link #release}. For a task whose sequel waits on work done
     * elsewhere.
     */
    public void hold() {
        held = true;
    }

    /**
     * Ends a {@link #hold}: {@code next} runs first, then the tasks given meanwhile. Any thread.
     *
     * @param next the sequel of the task that held the queue
     */
    public void release(Runnable next) {
        first = next;
        held = false;
        if (scheduled.compareAndSet(false, true)) {
            submit();
        }
    }

    /** Called only by the holder of {@code scheduled}. */
    private void submit() {
        if (inline) {
            drain();
            return;
        }
        try {
            delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
            if (hooks.rejected(e, this)) {
                drain();
            } else {
                scheduled.set(false);
            }
        } catch (Throwable t) {
            inline = hooks.failed(t, this);
            drain();
            Failures.rethrowIfFatal(t);
        }
    }

    private void drain() {
        for (int n = 0; n < batch; n++) {
            if (held) {
                scheduled.set(false);
                if (held || !scheduled.compareAndSet(false, true)) {
                    return; // release() runs the queue again
                }
                continue;
            }
            Runnable r = first;
            if (r != null) {
                first = null;
            } else {
                r = queue.poll();
            }
            if (r == null) {
                scheduled.set(false);
                if ((queue.isEmpty() && first == null) || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                r.run();
            } catch (Throwable t) {
                hooks.taskFailed(t);
                if (t instanceof VirtualMachineError) {
                    submit(); // what is still queued runs in a turn of its own; this one lets the error go
                    throw t;
                }
            }
        }
        submit(); // the batch is done: yield the executor, keep the turn
    }
}
