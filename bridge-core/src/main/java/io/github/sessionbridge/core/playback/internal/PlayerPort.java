package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.PlaybackScheduler;
import io.github.sessionbridge.core.internal.Failures;
import io.github.sessionbridge.core.internal.Outbox;
import io.github.sessionbridge.core.internal.SerialExecutor;
import io.github.sessionbridge.core.internal.SinkQueue;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A player's side toward its client and its scheduler: the serial task queue (the core's
 * {@link SerialExecutor}) and what it does when the scheduler refuses or fails, the flow control (the
 * core's {@link Outbox}: the play loop stalls above the high-water mark, one send in flight), and the ending
 * once: the source released, the records already sent drained (or dropped for a client too slow), the end
 * notice, {@link #ended()}. Sink completions, from any thread, only touch the outbox's atomic counter.
 */
final class PlayerPort {
    private static final Logger log = LoggerFactory.getLogger(PlayerPort.class);
    private static final AtomicLong IDS = new AtomicLong();

    /** What the port tells the engine; on the serial queue. */
    interface Engine {
        /** The client is above the high-water mark. */
        void stall();

        /** The client has taken enough (posted: this may come from inside a send of the play loop). */
        void drained();

        /** End, for this reason (the engine stops and calls {@link #finish}). */
        void finish(EndReason why, String detail);

        /** Whether it has ended. */
        boolean finished();
    }

    private final String name;
    private final Recording recording;
    private final ClientSink sink;
    private final PlaybackOptions options;
    private final PlaybackScheduler scheduler;
    private final Runnable release;
    private final Engine engine;
    private final SerialExecutor serial;
    private final Outbox out;
    private final CompletableFuture<EndReason> ended = new CompletableFuture<>();
    private volatile boolean clientGone;
    private long records;
    private long bytes;

    PlayerPort(String kind, Recording recording, ClientSink sink, PlaybackOptions options, PlaybackScheduler scheduler,
            Runnable release, Engine engine) {
        this.name = kind + " " + IDS.incrementAndGet();
        this.recording = recording;
        this.sink = sink;
        this.options = options;
        this.scheduler = scheduler;
        this.release = release;
        this.engine = engine;
        this.serial = serialQueue();
        this.out = new Outbox(sink, options.flowControl(), serial::execute, null, serial::execute, this::schedule,
                new Outbox.Owner() {
            @Override
            public void pause() {
                engine.stall();
            }

            @Override
            public void resume() {
                // posted: this may come from inside a send of the play loop, which must not run again within itself
                serial.execute(engine::drained);
            }

            @Override
            public void tooSlow(String detail) {
                engine.finish(EndReason.CLIENT_TOO_SLOW, detail);
            }

            @Override
            public void handed(SessionRecord r) {
                records++;
                bytes += r.contentLength();
            }

            @Override
            public void failed(Throwable cause) {
                clientFailed(cause);
            }

            @Override
            public boolean gone() {
                return clientGone;
            }
        });
    }

    String name() {
        return name;
    }

    SerialExecutor serial() {
        return serial;
    }

    CompletableFuture<EndReason> ended() {
        return ended;
    }

    void begin(double speed) {
        log.debug("[{}] playing {} at x{}", name, recording.name(), speed);
    }

    /** Hands {@code r} to the client. */
    void offer(SessionRecord r) {
        out.offer(r);
    }

    /** Whether the client is above the high-water mark (the engine waits for {@link Engine#drained}). */
    boolean clientBehind() {
        return out.paused();
    }

    /** Whether the host closed it or a send failed (any thread). */
    boolean clientGone() {
        return clientGone;
    }

    /** The host closed it (any thread). */
    void close() {
        if (ended.isDone()) {
            return;
        }
        clientGone = true;
        serial.execute(() -> engine.finish(EndReason.CLIENT_GONE, "closed by the host"));
    }

    /** A timer on the serial queue; none once the scheduler refuses tasks (the player then ends SHUTDOWN). */
    private Runnable schedule(Runnable task, long nanos) {
        try {
            return scheduler.schedule(() -> serial.execute(task), nanos, TimeUnit.NANOSECONDS)::cancel;
        } catch (RejectedExecutionException e) {
            serial.execute(() -> engine.finish(EndReason.SHUTDOWN, "the playback scheduler no longer runs tasks"));
            return null;
        }
    }

    private void clientFailed(Throwable t) {
        clientGone = true;
        log.info("[{}] sending to the client failed; the client is gone: {}", name, t.toString());
        serial.execute(() -> engine.finish(EndReason.CLIENT_GONE, "send failed: " + t));
    }

    /** The engine has stopped: releases the source and tells the client once the last send completed (serial). */
    void finish(EndReason why, String detail) {
        EndReason reason = clientGone ? EndReason.CLIENT_GONE : why;
        try {
            recording.source().release();
        } catch (IOException | RuntimeException e) {
            log.warn("[{}] releasing the recording source failed", name, e);
        }
        // the records already sent go out first (a client too slow for them loses them), then the notice,
        // once the last send has completed; no notice, nothing to wait for
        SinkQueue.Close how = !reason.notifiesClient() ? SinkQueue.Close.NOW
                : reason == EndReason.CLIENT_TOO_SLOW ? SinkQueue.Close.DROP : SinkQueue.Close.DRAIN;
        out.close(how, abandoned -> end(reason, detail, abandoned));
    }

    /** Once the client has had every call it will get (serial). */
    private void end(EndReason why, String detail, boolean abandoned) {
        // a client whose last sends failed meanwhile is gone: it is told nothing; one that did not take
        // them within the slow-client timeout is too slow
        EndReason reason = clientGone ? EndReason.CLIENT_GONE : abandoned ? EndReason.CLIENT_TOO_SLOW : why;
        Throwable fatal = null;
        if (reason.notifiesClient()) {
            try {
                sink.end(Notice.of(reason, options.noticeText(reason)));
            } catch (Throwable t) {
                if (t instanceof Error) {
                    log.error("[{}] the client sink threw from end", name, t);
                } else {
                    log.warn("[{}] the client sink failed to take the end notice", name, t);
                }
                fatal = t; // rethrown, if it is a VirtualMachineError, once the player has ended
            }
        }
        log.info("[{}] {} ended: {} ({}); {} records, {} bytes sent", name, recording.name(), reason, detail, records, bytes);
        try {
            release.run();
        } finally {
            ended.complete(reason);
        }
        Failures.rethrowIfFatal(fatal);
    }

    /**
     * The player's tasks, one at a time, in order, on the scheduler; a few at a time so players share threads. A
     * scheduler that refuses tasks ends the player SHUTDOWN; one that throws (a host bug) or a task that throws
     * ends it INTERNAL_ERROR.
     */
    private SerialExecutor serialQueue() {
        return new SerialExecutor(r -> scheduler.schedule(r, 0, TimeUnit.NANOSECONDS), 32, new SerialExecutor.Hooks() {
            @Override
            public boolean rejected(RejectedExecutionException e, SerialExecutor queue) {
                log.warn("[{}] the playback scheduler rejected a task; ending the playback", name);
                queue.discardPending();
                queue.execute(() -> engine.finish(EndReason.SHUTDOWN, "the playback scheduler no longer runs tasks"));
                return true;
            }

            @Override
            public boolean failed(Throwable t, SerialExecutor queue) {
                // not a refusal but a failure of the host's scheduler: the player ends at once (its client told)
                // instead of waiting forever for a turn that will never be scheduled
                log.error("[{}] the playback scheduler threw; ending the playback", name, t);
                try {
                    engine.finish(EndReason.INTERNAL_ERROR, "the playback scheduler threw: " + t);
                } catch (Throwable t2) {
                    log.error("[{}] ending after a failure failed", name, t2);
                }
                return true;
            }

            @Override
            public void taskFailed(Throwable t) {
                // a bug (ours, or host code such as a recording source throwing where I/O errors are expected):
                // not an I/O error
                log.error("[{}] playback task failed", name, t);
                if (!engine.finished()) {
                    try {
                        engine.finish(EndReason.INTERNAL_ERROR, "internal error: " + t);
                    } catch (Throwable t2) {
                        log.error("[{}] ending after a failure failed", name, t2);
                    }
                }
            }
        });
    }
}
