package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.FlowControl;
import io.github.sessionbridge.protocol.SessionRecord;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Flow control toward one client, the one mechanism of live bridges and players: it counts the client's
 * queued bytes, pauses its <i>source</i> (a bridge's C connection, a player's play loop) above the high-water
 * mark and resumes it at the low-water mark, ends a client that keeps it paused for the slow-client timeout,
 * and hands the records to the client through a {@link SinkQueue} (the {@link ClientSink} contract: one send
 * in flight unless the sink pipelines, the end after the last send).
 *
 * <p>Two threads matter, which may be one: the <i>source thread</i>, where records are offered and the owner
 * hears {@link Owner#pause}, {@link Owner#resume} and {@link Owner#tooSlow}; and the <i>sink thread</i>, where
 * the sink is called. A send's completion may come on any thread; its bytes are released there, and a resume
 * it allows is posted to the source thread.
 */
public final class Outbox {

    /** What the outbox tells its owner. */
    public interface Owner {
        /** The client is above the high-water mark: stop producing records. Source thread. */
        void pause();

        /** The client is back at the low-water mark: go on. Source thread. */
        void resume();

        /**
         * The source stayed paused for the slow-client timeout: end the client with CLIENT_TOO_SLOW. Source thread.
         *
         * @param detail what was still queued, for the log
         */
        void tooSlow(String detail);

        /**
         * A record is being handed to the sink: it counts as relayed. Sink thread.
         *
         * @param record the record
         */
        void handed(SessionRecord record);

        /**
         * The sink threw, its stage failed, or it broke the contract: the client is gone. Sink thread; once.
         *
         * @param cause why
         */
        void failed(Throwable cause);

        /**
         * Whether the client has gone (the host closed it): what is queued is dropped.
         *
         * @return {@code true} once nothing more is to be sent
         */
        boolean gone();
    }

    /** Timers on the source thread. */
    public interface Timers {
        /**
         * Runs {@code task} on the source thread after {@code nanos}.
         *
         * @param task  what to run
         * @param nanos the delay
         * @return what cancels it, or {@code null} when nothing could be scheduled (the owner is shutting down
         *         and has dealt with it)
         */
        Runnable schedule(Runnable task, long nanos);
    }

    private final FlowControl limits;
    private final Owner owner;
    private final Executor sinkThread;
    private final Executor handOff;
    private final Executor sourceThread;
    private final Timers timers;
    private final SinkQueue queue;
    private final AtomicLong queued = new AtomicLong();
    private volatile boolean paused;
    private volatile boolean ended;
    private volatile Runnable graceTimer;

    // confined to the source thread
    private boolean closed;
    private Runnable slowTimer;

    /**
     * @param sink         the host's sink
     * @param limits       water marks and slow-client timeout
     * @param sinkThread   posts a task to the sink thread, behind those already there
     * @param handOff      runs a task on the sink thread from the source thread; {@code null} when they are one
     *                     (then the queue is called directly, with no task per record)
     * @param sourceThread posts a task to the source thread
     * @param timers       timers on the source thread
     * @param owner        the bridge or player
     */
    public Outbox(ClientSink sink, FlowControl limits, Executor sinkThread, Executor handOff, Executor sourceThread,
            Timers timers, Owner owner) {
        this.limits = limits;
        this.owner = owner;
        this.sinkThread = sinkThread;
        this.handOff = handOff;
        this.sourceThread = sourceThread;
        this.timers = timers;
        this.queue = new SinkQueue(sink, sinkThread, new SinkQueue.Events() {
            @Override
            public void released(int size) {
                Outbox.this.released(size);
            }

            @Override
            public void handed(SessionRecord r) {
                owner.handed(r);
            }

            @Override
            public void failed(Throwable cause) {
                owner.failed(cause);
            }

            @Override
            public boolean gone() {
                return owner.gone();
            }
        });
    }

    /**
     * Counts the record, hands it to the client's queue, and pauses the source once the client is above the
     * high-water mark. Source thread.
     *
     * @param r the record
     */
    public void offer(SessionRecord r) {
        queued.addAndGet(r.encodedLength());
        if (handOff == null) {
            queue.offer(r);
        } else {
            handOff.execute(() -> queue.offer(r));
        }
        // the queue as it is now: the send may already have completed (a sink that takes records at once, a
        // fast executor), and a single record may be larger than the high-water mark
        if (!paused && !closed && queued.get() > limits.highWaterMark()) {
            pause();
        }
    }

    /**
     * Whether the source is paused for the client.
     *
     * @return {@code true} from rising above the high-water mark until falling to the low-water mark
     */
    public boolean paused() {
        return paused;
    }

    /**
     * The client's queued bytes.
     *
     * @return the encoded bytes waiting or in flight
     */
    public long queued() {
        return queued.get();
    }

    private void released(int size) {
        long q = queued.addAndGet(-size);
        if (paused && q <= limits.lowWaterMark()) {
            sourceThread.execute(this::maybeResume);
        }
    }

    private void pause() {
        paused = true;
        owner.pause();
        if (closed) {
            return; // the owner ended while pausing
        }
        slowTimer = timers.schedule(this::slowClientCheck, limits.slowClientTimeout().toNanos());
        // sends that completed before paused was set did not look for it: if they already brought the queue
        // below the low-water mark, no later completion will resume the source, so resume here
        maybeResume();
    }

    private void maybeResume() {
        if (closed || !paused || queued.get() > limits.lowWaterMark()) {
            return;
        }
        paused = false;
        cancel(slowTimer);
        slowTimer = null;
        owner.resume();
    }

    private void slowClientCheck() {
        slowTimer = null;
        if (!closed && paused) {
            owner.tooSlow(queued.get() + " bytes still queued after " + limits.slowClientTimeout());
        }
    }

    /**
     * No record follows. {@code end} runs once, on the sink thread, when the queue is done with as {@code how}
     * says; it is told whether the client was given up on (its last send did not complete within one more
     * slow-client timeout, or {@link #abandon()} was called), and it is where the owner calls
     * {@link ClientSink#end}. Source thread.
     *
     * @param how what happens to what is still queued
     * @param end the owner's last step
     */
    public void close(SinkQueue.Close how, Consumer<Boolean> end) {
        if (closed) {
            return;
        }
        closed = true;
        cancel(slowTimer);
        slowTimer = null;
        Runnable last = () -> {
            ended = true;
            cancel(graceTimer);
            end.accept(queue.abandoned());
        };
        if (handOff == null) {
            queue.close(how, last);
        } else {
            handOff.execute(() -> queue.close(how, last));
        }
        if (how != SinkQueue.Close.NOW && !ended) {
            // a client that does not take its records for another slow-client timeout is stuck
            Runnable g = timers.schedule(() -> sinkThread.execute(queue::abandon), limits.slowClientTimeout().toNanos());
            if (g == null) {
                sinkThread.execute(queue::abandon);
            } else {
                graceTimer = g;
                if (ended) {
                    g.run();
                }
            }
        }
    }

    /** Stops waiting for the client's last send: what is queued is dropped, the end runs. Any thread. */
    public void abandon() {
        sinkThread.execute(queue::abandon);
    }

    private static void cancel(Runnable canceller) {
        if (canceller != null) {
            canceller.run();
        }
    }
}
