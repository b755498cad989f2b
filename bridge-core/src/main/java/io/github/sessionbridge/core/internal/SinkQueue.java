package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.protocol.SessionRecord;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records on their way to one client: the {@link ClientSink} contract on the bridge's side. Unless
 * the sink {@linkplain ClientSink#pipelining() pipelines}, at most one send is in flight; the next record
 * waits here until its stage completes, and the end waits for the last one.
 *
 * <p>Every method runs on the <i>sink thread</i>, the one serial context where all the sink's calls are
 * made (a bridge's event thread or its callback executor, a player's task queue). A stage may complete on
 * any thread: its bytes are released there at once (flow control sees them leave), and the next send is
 * posted to the sink thread, so that the sink is only ever called there, one call at a time.
 */
public final class SinkQueue {
    private static final Logger log = LoggerFactory.getLogger(SinkQueue.class);

    /** What the owner hears. */
    public interface Events {
        /**
         * {@code size} bytes left the queue: the record's stage completed normally, or the record was
         * dropped before it was handed to the sink. Any thread.
         *
         * @param size the record's encoded length
         */
        void released(int size);

        /**
         * The record is being handed to the sink (it counts as relayed). Sink thread.
         *
         * @param record the record
         */
        void handed(SessionRecord record);

        /**
         * The sink threw, its stage failed, or it broke the contract: the client is gone. Sink thread; at
         * most once.
         *
         * @param cause why
         */
        void failed(Throwable cause);

        /**
         * Whether the client has gone (the host closed the bridge): queued records are then dropped. Sink thread.
         *
         * @return {@code true} once nothing more is to be sent
         */
        boolean gone();
    }

    /** How {@link #close} treats what is still queued. */
    public enum Close {
        /** Send every queued record, then run the end once the last has completed. */
        DRAIN,
        /** Drop the queued records; run the end once the send in flight (if any) has completed. */
        DROP,
        /** Drop the queued records and run the end at once: no end notice follows, nothing to wait for. */
        NOW
    }

    private final ClientSink sink;
    private final Executor sinkThread;
    private final Events events;
    private final boolean pipelining;

    // confined to the sink thread
    private final ArrayDeque<SessionRecord> waiting = new ArrayDeque<>(1); // grows when records wait; an idle session keeps it small
    private boolean inFlight;
    private boolean failed;
    private boolean closed;
    private boolean abandoned;
    /** What runs once the queue is done with; null until {@link #close} and once it has run. */
    private Runnable then;

    /**
     * @param sink       the host's sink; {@link ClientSink#pipelining()} is asked once, here
     * @param sinkThread runs a task on the sink thread, after those already queued there
     * @param events     the owner
     */
    public SinkQueue(ClientSink sink, Executor sinkThread, Events events) {
        this.sink = sink;
        this.sinkThread = sinkThread;
        this.events = events;
        boolean p;
        try {
            p = sink.pipelining();
        } catch (RuntimeException e) {
            log.warn("{}.pipelining() threw; taking one send at a time", sink.getClass().getName(), e);
            p = false;
        }
        this.pipelining = p;
    }

    /** Queues a record behind the others and sends it when its turn comes. Its bytes are already counted by the owner. */
    public void offer(SessionRecord r) {
        if (failed || closed) {
            events.released(r.encodedLength());
            return;
        }
        waiting.add(r);
        pump();
    }

    /**
     * No record follows: {@code end} runs on the sink thread once the queue is done with as {@code how}
     * says. It runs once, and it is where the owner calls {@link ClientSink#end}.
     */
    public void close(Close how, Runnable end) {
        if (closed) {
            return;
        }
        closed = true;
        then = end;
        if (how != Close.DRAIN || failed) {
            dropWaiting();
        }
        if (how == Close.NOW) {
            runEnd();
        } else {
            pump();
        }
    }

    /**
     * Waits no longer: drops what is queued and runs the end now, even with a send still in flight. If
     * that cut anything short, {@link #abandoned()} is {@code true} when the end runs.
     */
    public void abandon() {
        if (then == null) {
            return;
        }
        abandoned = inFlight || !waiting.isEmpty();
        dropWaiting();
        if (inFlight) {
            log.warn("{}: a send has not completed; ending the client anyway", sink.getClass().getName());
        }
        runEnd();
    }

    /**
     * Whether the client did not take everything it was to get: {@link #abandon()} found a send in flight or
     * records waiting. Sink thread.
     *
     * @return {@code true} if the end ran without the client having taken its last records
     */
    public boolean abandoned() {
        return abandoned;
    }

    private void pump() {
        while (!inFlight && !failed) {
            if (events.gone()) {
                // the host closed the bridge: nothing more goes to its client
                dropWaiting();
                break;
            }
            SessionRecord r = waiting.poll();
            if (r == null) {
                break;
            }
            send(r);
        }
        if (!inFlight && then != null) {
            runEnd();
        }
    }

    private void runEnd() {
        Runnable e = then;
        then = null;
        if (e != null) {
            e.run();
        }
    }

    private void send(SessionRecord r) {
        int size = r.encodedLength();
        CompletionStage<Void> stage;
        try {
            stage = sink.send(r);
        } catch (Throwable t) {
            if (t instanceof Error) {
                log.error("[{}] the client sink threw from send; the client is taken as gone", sink.getClass().getName(), t);
            }
            fail(t);
            Failures.rethrowIfFatal(t); // a VirtualMachineError goes on up, once the client is marked gone
            return;
        }
        events.handed(r);
        if (stage == null) {
            IllegalStateException e = new IllegalStateException(sink.getClass().getName()
                    + ".send returned null; a sink returns a stage (ClientSink.DONE when the record is already taken)");
            log.error("[{}] broke the ClientSink contract; the client is taken as gone", sink.getClass().getName(), e);
            fail(e);
            return;
        }
        if (stage == ClientSink.DONE) {
            events.released(size);
            return;
        }
        if (pipelining) {
            stage.whenComplete((v, e) -> {
                if (e == null) {
                    events.released(size);
                } else {
                    sinkThread.execute(() -> fail(e));
                }
            });
            return;
        }
        inFlight = true;
        Pending p = new Pending();
        stage.whenComplete((v, e) -> {
            if (e == null) {
                events.released(size);
            }
            p.error = e;
            if (!p.settled.compareAndSet(false, true)) {
                // send() has returned: carry on on the sink thread
                sinkThread.execute(() -> completed(p.error));
            }
        });
        if (!p.settled.compareAndSet(false, true)) {
            // completed already (on this thread, or another just now): the loop in pump() carries on
            inFlight = false;
            if (p.error != null) {
                fail(p.error);
            }
        }
    }

    private void completed(Throwable error) {
        inFlight = false;
        if (error != null) {
            fail(error);
        }
        pump();
    }

    private void fail(Throwable t) {
        if (failed) {
            return;
        }
        failed = true;
        dropWaiting();
        events.failed(t);
    }

    private void dropWaiting() {
        SessionRecord r;
        while ((r = waiting.poll()) != null) {
            events.released(r.encodedLength());
        }
    }

    /** One send's completion, racing with the return of {@code send}. */
    private static final class Pending {
        final AtomicBoolean settled = new AtomicBoolean();
        volatile Throwable error;
    }
}
