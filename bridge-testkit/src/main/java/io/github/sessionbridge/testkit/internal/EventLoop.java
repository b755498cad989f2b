package io.github.sessionbridge.testkit.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * One selector thread that does everything: I/O readiness, timed tasks (a priority queue consulted
 * for the select timeout), tasks deferred to the next turn, and tasks posted from other threads.
 * Everything but {@link #execute}, {@link #call}, {@link #stop} and {@link #inLoop} must be called
 * on the loop thread.
 */
public final class EventLoop {

    /** Something registered with the selector. */
    public interface Handler {
        /** The channel is ready for the operations in {@code key.readyOps()}. */
        void ready(SelectionKey key) throws IOException;

        /** {@link #ready} threw; the handler should release its channel. */
        void failed(Throwable t);
    }

    /** A timed task; cancel it to keep it from running. */
    public static final class Timer {
        final long due;
        final long seq;
        final Runnable task;
        boolean cancelled;

        Timer(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        /** Keeps the task from running (loop thread only). */
        public void cancel() {
            cancelled = true;
        }
    }

    private final Logger log;
    private final Selector selector;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) ->
            a.due != b.due ? Long.compare(a.due - b.due, 0) : Long.compare(a.seq, b.seq));
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private ArrayDeque<Runnable> nextTurn = new ArrayDeque<>();
    private ArrayDeque<Runnable> spare = new ArrayDeque<>();
    private final Thread thread;
    private final Runnable onStop;
    private long timerSeq;
    private volatile boolean stopping;
    private volatile boolean stopped;

    /**
     * Opens the selector; {@link #start()} starts the thread.
     *
     * @param threadName the thread's name
     * @param log        where to log loop errors
     * @param onStop     runs on the loop thread when it stops, before the selector is closed
     */
    public EventLoop(String threadName, Logger log, Runnable onStop) throws IOException {
        this.log = log;
        this.onStop = onStop;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    /** Starts the loop thread. */
    public void start() {
        thread.start();
    }

    /** The loop thread. */
    public Thread thread() {
        return thread;
    }

    /** Whether the caller is the loop thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Whether the loop has stopped (its channels are closed). */
    public boolean isStopped() {
        return stopped;
    }

    /** Registers {@code channel} for {@code ops}, with {@code handler} as attachment. */
    public SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /** Runs {@code task} after {@code delayNanos}, on the loop thread. */
    public Timer schedule(long delayNanos, Runnable task) {
        Timer t = new Timer(System.nanoTime() + Math.max(0, delayNanos), timerSeq++, task);
        timers.add(t);
        return t;
    }

    /** Runs {@code task} in the next turn of the loop, after the next select. */
    public void nextTurn(Runnable task) {
        nextTurn.add(task);
    }

    /** Runs {@code task} on the loop thread soon; callable from any thread. Dropped once stopped. */
    public void execute(Runnable task) {
        inbox.add(task);
        selector.wakeup();
    }

    /**
     * Runs {@code task} on the loop thread and waits for its result (runs it at once when called on
     * the loop thread).
     *
     * @return its result, or {@code fallback} if the loop has stopped or does not answer within 5 s
     */
    public <T> T call(Callable<T> task, T fallback) {
        if (inLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (stopped) {
            return fallback;
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadline < 0) {
            try {
                return f.get(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fallback;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                if (stopped) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    /**
     * Stops the loop: it runs {@code onStop}, closes the selector and ends; waits up to
     * {@code timeoutMillis} for that (not when called on the loop thread). Idempotent.
     *
     * @return whether the thread has ended
     */
    public boolean stop(long timeoutMillis) throws InterruptedException {
        stopping = true;
        selector.wakeup();
        if (inLoop()) {
            return false;
        }
        if (thread.isAlive()) {
            thread.join(timeoutMillis);
        } else if (thread.getState() == Thread.State.NEW) {
            runStop();
        }
        return !thread.isAlive();
    }

    private void run() {
        try {
            while (!stopping) {
                turn();
            }
        } catch (Throwable t) {
            log.error("fake C server loop failed; stopping it", t);
        } finally {
            runStop();
        }
    }

    private void runStop() {
        if (stopped) {
            return;
        }
        try {
            onStop.run();
        } catch (Throwable t) {
            if (t instanceof Error) {
                log.error("error while closing the fake C server", t);
            } else {
                log.warn("error while closing the fake C server", t);
            }
        } finally {
            timers.clear();
            nextTurn.clear();
            inbox.clear();
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("closing the selector failed", e);
            }
            stopped = true;
        }
    }

    private void turn() throws IOException {
        long timeoutMillis = -1;
        if (!nextTurn.isEmpty() || !inbox.isEmpty()) {
            timeoutMillis = 0;
        } else {
            Timer first = firstLiveTimer();
            if (first != null) {
                long nanos = first.due - System.nanoTime();
                timeoutMillis = nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
            }
        }
        if (timeoutMillis == 0) {
            selector.selectNow();
        } else if (timeoutMillis < 0) {
            selector.select();
        } else {
            selector.select(timeoutMillis);
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Handler h = (Handler) key.attachment();
            if (!key.isValid()) {
                continue;
            }
            try {
                h.ready(key);
            } catch (Throwable t) {
                fail(h, t);
            }
        }
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && t.due - now <= 0) {
            timers.poll();
            if (!t.cancelled) {
                guarded(t.task);
            }
        }
        Runnable r;
        while ((r = inbox.poll()) != null) {
            guarded(r);
        }
        if (!nextTurn.isEmpty()) {
            ArrayDeque<Runnable> now2 = nextTurn;
            nextTurn = spare;
            spare = now2;
            while ((r = now2.poll()) != null) {
                guarded(r);
            }
        }
    }

    private Timer firstLiveTimer() {
        Timer t;
        while ((t = timers.peek()) != null && t.cancelled) {
            timers.poll();
        }
        return t;
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            // the loop is the top of its thread: it goes on, but an Error is never logged as a mere warning
            if (t instanceof Error) {
                log.error("fake C server task failed", t);
            } else {
                log.warn("fake C server task failed", t);
            }
        }
    }

    private void fail(Handler h, Throwable t) {
        try {
            h.failed(t);
        } catch (Throwable t2) {
            t.addSuppressed(t2);
            log.error("fake C server handler failed, and failed again handling that", t);
        }
    }
}
