package io.github.sessionbridge.core.internal.nio;

import io.github.sessionbridge.core.Cancellable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread: runs the I/O of many connections, their tasks and their timers. Everything a
 * connection does happens here, so its state needs no locks.
 */
final class IoLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(IoLoop.class);

    /** The most one stream read takes: 4 × {@link #MIN_READ} cost the kernel a third less per byte (BENCHMARKS.md). */
    static final int READ_BUFFER = 256 * 1024;
    /** The least one stream read may take, whatever the handler's {@link ReadBudget}. */
    static final int MIN_READ = 64 * 1024;

    /** Stream reads go through this one buffer; a handler sees it only during its call. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    /** Datagram reads: the largest UDP payload fits. */
    final ByteBuffer datagramBuffer = ByteBuffer.allocateDirect(65536);

    final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final java.util.function.Consumer<SelectionKey> keyAction = this::processKey;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Timers cancelled since the last purge; they hold no task, but still take a place in the heap. */
    private final AtomicInteger cancelledTimers = new AtomicInteger();
    private long timerSeq;
    private volatile boolean running = true;
    private volatile boolean terminated;
    /** What killed the loop, if anything did; loop thread. */
    private Throwable died;

    /**
     * Test seam: called on the loop for each selected key, before its connection's events are dispatched;
     * what it throws is a failure of that connection's I/O. {@code null} (always, outside tests) does nothing.
     */
    volatile java.util.function.Consumer<NioConnection> keyHook;
    /**
     * Test seam: called on the loop once per turn, outside any connection's work; what it throws escapes the
     * loop, as a failure of the selector itself would. {@code null} (always, outside tests) does nothing.
     */
    volatile Runnable turnHook;

    IoLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Whether the loop has stopped: closed, or died. */
    boolean isTerminated() {
        return terminated;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop; once the loop has ended, on the caller. */
    void execute(Runnable task) {
        if (terminated) {
            runSafely(task);
            return;
        }
        tasks.add(task);
        if (terminated) {
            drainTasks();
        } else if (!inLoop()) {
            selector.wakeup();
        }
    }

    Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        Timer t = new Timer(this, System.nanoTime() + unit.toNanos(delay), task);
        if (inLoop()) {
            addTimer(t);
        } else {
            execute(() -> addTimer(t));
        }
        return t;
    }

    private void addTimer(Timer t) {
        t.seq = timerSeq++;
        timers.add(t);
    }

    void shutdown() {
        running = false;
        selector.wakeup();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public void run() {
        try {
            while (running) {
                drainTasks();
                Runnable hook = turnHook;
                if (hook != null) {
                    hook.run();
                }
                long waitMillis = runTimers();
                if (!running) {
                    break;
                }
                // each ready key straight to its connection: no selected-key set to fill, iterate and empty
                if (!tasks.isEmpty()) {
                    selector.selectNow(keyAction);
                } else if (waitMillis < 0) {
                    selector.select(keyAction);
                } else {
                    selector.select(keyAction, waitMillis);
                }
            }
        } catch (Throwable t) {
            // not one connection's failure (those are contained per key, task and timer): the loop itself
            died = t;
            log.error("I/O loop {} died; every connection on it is closed and its bridge ended, and it takes no new ones",
                    thread.getName(), t);
        } finally {
            terminate();
        }
    }

    /** One ready key, from the selector's action: its connection's events. */
    private void processKey(SelectionKey key) {
        NioConnection c = (NioConnection) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            java.util.function.Consumer<NioConnection> hook = keyHook;
            if (hook != null) {
                hook.accept(c);
            }
            int ops = key.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                c.onConnectable();
            }
            if (key.isValid() && (ops & SelectionKey.OP_WRITE) != 0) {
                c.flushWrites();
            }
            if (key.isValid() && (ops & SelectionKey.OP_READ) != 0) {
                c.onReadable();
            }
        } catch (CancelledKeyException ignored) {
            // closed during this turn
        } catch (Throwable t) {
            // this connection's failure, not the loop's: it alone ends, the loop goes on
            c.failedInternally(t);
        }
    }

    /** Runs due timers; returns milliseconds until the next one, or -1 when there is none. */
    private long runTimers() {
        int cancelled = cancelledTimers.get();
        if (cancelled > 64 && cancelled > timers.size() / 2) {
            cancelledTimers.addAndGet(-cancelled);
            timers.removeIf(Timer::isCancelled);
        }
        while (!timers.isEmpty()) {
            Timer t = timers.peek();
            Runnable task = t.task;
            if (task == null) {
                timers.poll();
                cancelledTimers.decrementAndGet();
                continue;
            }
            long wait = t.deadline - System.nanoTime();
            if (wait > 0) {
                return Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999));
            }
            timers.poll();
            t.task = null;
            runSafely(task);
        }
        return -1;
    }

    private void drainTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            runSafely(r);
        }
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            log.error("task failed on the I/O loop", t);
        }
    }

    private void terminate() {
        terminated = true;
        java.util.List<SelectionKey> keys;
        try {
            keys = new java.util.ArrayList<>(selector.keys());
        } catch (RuntimeException e) {
            log.error("I/O loop {}: cannot list its connections to close them", thread.getName(), e);
            keys = java.util.List.of();
        }
        for (SelectionKey key : keys) {
            if (key.attachment() instanceof NioConnection c) {
                if (died != null) {
                    // its handler is told, so the bridge ends with a notice instead of staying registered
                    c.loopDied(died);
                } else {
                    c.closeFromLoop();
                }
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing selector", e);
        }
        timers.clear();
        drainTasks();
    }

    /**
     * A timer in the loop's heap. Cancelling drops the task at once, so a cancelled timer keeps nothing
     * reachable (an ended bridge, its buffers) while it waits in the heap for its deadline or a purge.
     */
    private static final class Timer implements Comparable<Timer>, Cancellable {
        final IoLoop loop;
        final long deadline;
        volatile Runnable task;
        long seq;

        Timer(IoLoop loop, long deadline, Runnable task) {
            this.loop = loop;
            this.deadline = deadline;
            this.task = task;
        }

        boolean isCancelled() {
            return task == null;
        }

        @Override
        public void cancel() {
            if (task != null) {
                task = null;
                loop.cancelledTimers.incrementAndGet();
            }
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
