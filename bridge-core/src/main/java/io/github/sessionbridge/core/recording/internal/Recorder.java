package io.github.sessionbridge.core.recording.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeTap;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.Failures;
import io.github.sessionbridge.core.internal.SerialExecutor;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingResult;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tees one live bridge into a recording. {@link #record} and {@link #end} are called on the bridge's event
 * thread and only queue; the writer thread opens the target and writes. A queue above the buffer (the
 * writer is behind: a slow disk) or a failed write stops the recording, with an error logged; the bridge
 * is never slowed or ended by it.
 */
public final class Recorder implements BridgeTap.Session {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private final Bridge bridge;
    private final RecordingTarget target;
    private final RecordingPolicy policy;
    private final long limit;
    private final SerialExecutor writer;
    private final AtomicLong queued = new AtomicLong();
    private volatile boolean stopped;
    private volatile String stopReason;

    // writer thread
    private WritableByteChannel channel;
    private OutputStream out;
    private long units;
    private long bytes;
    private boolean done;

    Recorder(Bridge bridge, RecordingTarget target, RecordingPolicy policy, long limit, Executor writer) {
        this.bridge = bridge;
        this.target = target;
        this.policy = policy;
        this.limit = limit;
        this.writer = new SerialExecutor(writer, Integer.MAX_VALUE, new SerialExecutor.Hooks() {
            @Override
            public boolean rejected(RejectedExecutionException e, SerialExecutor queue) {
                stopReason = "the session bridge is closed";
                return false; // never write on the bridge's event thread
            }

            @Override
            public boolean failed(Throwable t, SerialExecutor queue) {
                stopReason = "the writer thread failed: " + t;
                log.error("[bridge {} sid={}] the recording writer failed", bridge.id(), bridge.sessionId(), t);
                return false;
            }

            @Override
            public void taskFailed(Throwable t) {
                log.error("[bridge {} sid={}] recording failed", bridge.id(), bridge.sessionId(), t);
            }
        });
        log.info("[bridge {} sid={}] recording to {}", bridge.id(), bridge.sessionId(), target);
    }

    /** Queues a record the bridge relays (event thread). */
    @Override
    public void record(SessionRecord r) {
        if (stopped) {
            return;
        }
        long q = queued.addAndGet(r.encodedLength());
        if (q > limit) {
            stop("the recording fell more than " + limit + " bytes behind the session (a slow disk?)");
            return;
        }
        writer.execute(() -> write(r));
    }

    /** The bridge ended (event thread): the control byte for END and REFUSED, then the target is closed. */
    @Override
    public void end(EndReason reason) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (reason == EndReason.END) {
            writer.execute(() -> write(Control.END));
        } else if (reason == EndReason.REFUSED) {
            writer.execute(() -> write(Control.REFUSED));
        }
        writer.execute(this::stopNow);
    }

    private void stop(String why) {
        stopReason = why;
        stopped = true;
        writer.execute(this::stopNow);
    }

    /** Writer thread. */
    private void stopNow() {
        if (!done) {
            finish();
        }
    }

    /** Writer thread. */
    private void write(Unit u) {
        try {
            if (done) {
                return;
            }
            if (stopReason != null) {
                finish();
                return;
            }
            if (out == null) {
                channel = target.open();
                out = Channels.newOutputStream(channel);
                out.write(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
                bytes = RecordingWriter.MAGIC.length();
            }
            UnitEncoder.writeTo(u, out); // straight to the OS: no buffer in the JVM
            units++;
            bytes += u.encodedLength();
        } catch (Throwable e) {
            // an Error from the host's target too: the recording stops and is reported, the writer goes on
            stopReason = "writing failed: " + e;
            finish();
            Failures.rethrowIfFatal(e);
        } finally {
            if (u instanceof SessionRecord r) {
                queued.addAndGet(-r.encodedLength());
            }
        }
    }

    private void finish() {
        done = true;
        Throwable fatal = null;
        String error = stopReason;
        if (out == null && error == null) {
            try {
                channel = target.open(); // a bridge that relayed nothing still leaves a (magic-only) recording
                out = Channels.newOutputStream(channel);
                out.write(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
                bytes = RecordingWriter.MAGIC.length();
            } catch (IOException | RuntimeException | Error e) {
                error = "opening failed: " + e;
                fatal = e;
            }
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException | RuntimeException e) {
                if (error == null) {
                    error = "closing failed: " + e;
                }
            }
        }
        queued.set(0);
        if (error != null) {
            log.error("[bridge {} sid={}] recording to {} stopped after {} units ({} bytes): {}; the bridge goes on unrecorded",
                    bridge.id(), bridge.sessionId(), target, units, bytes, error);
        } else {
            log.info("[bridge {} sid={}] recorded {} units ({} bytes) to {}", bridge.id(), bridge.sessionId(), units, bytes, target);
        }
        try {
            policy.finished(bridge, new RecordingResult(String.valueOf(target), units, bytes, error == null, Optional.ofNullable(error)));
        } catch (Throwable e) {
            log.error("[bridge {} sid={}] the recording policy's finished() threw", bridge.id(), bridge.sessionId(), e);
            Failures.rethrowIfFatal(e);
        }
        Failures.rethrowIfFatal(fatal);
    }
}
