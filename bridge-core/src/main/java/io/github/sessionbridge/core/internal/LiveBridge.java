package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.internal.nio.TransportFailure;
import io.github.sessionbridge.core.playback.internal.Recorder;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.Unit;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One monitor: a client, a C connection and the decoder between them. Connection events, timers and
 * ends all run on the connection's event thread; sink completions may come from any thread and only
 * touch the atomic queue counter.
 */
final class LiveBridge implements Bridge, CConnection.Handler {
    private static final Logger log = LoggerFactory.getLogger(LiveBridge.class);

    private final long id;
    private final Caller caller;
    private final String opsType;
    private final String sessionId;
    private final Instant openedAt = Instant.now();
    private final DefaultSessionBridge owner;
    private final BridgeConfig config;
    private final ClientSink sink;
    private final Executor callbacks;
    private final StreamDecoder decoder;
    private final CompletableFuture<EndReason> ended = new CompletableFuture<>();
    private final AtomicBoolean ending = new AtomicBoolean();
    private final AtomicLong queued = new AtomicLong();
    /** Records (and their content bytes) handed to the sink: written where the sink is called. */
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final long highWater;
    private final long lowWater;

    private volatile CConnection connection;
    private volatile boolean clientGone;
    private volatile boolean paused;
    private Recorder recorder = Recorder.NONE;

    // confined to the event thread
    private CConnection.Cancellable slowTimer;
    private CConnection.Cancellable idleTimer;
    private long lastDatagramNanos;

    LiveBridge(long id, Caller caller, String opsType, String sessionId, ClientSink sink, DefaultSessionBridge owner) {
        this.id = id;
        this.caller = caller;
        this.opsType = opsType;
        this.sessionId = sessionId;
        this.sink = sink;
        this.owner = owner;
        this.config = owner.config();
        this.callbacks = config.callbackExecutor() == null ? null : new SerialExecutor(config.callbackExecutor());
        this.decoder = new StreamDecoder(config.maxRecordSize());
        this.highWater = config.highWaterMark();
        this.lowWater = config.lowWaterMark();
    }

    void start(CEndpoint endpoint, CAddress address) {
        recorder = owner.recorders().start(this);
        log.info("[bridge {} sid={} ops={}] monitor for {} (connection {}) via {}", id, sessionId, opsType,
                caller.principal(), caller.connectionId(), address);
        try {
            connection = endpoint.connect(address, config.connectTimeout(), this);
        } catch (RuntimeException e) {
            end(EndReason.CONNECT_FAILED, "the transport refused to connect: " + e);
        }
    }

    /** Ends at once with FORBIDDEN: no connection was opened. */
    void forbid() {
        log.info("[bridge {} sid={} ops={}] monitor denied to {} by the access policy", id, sessionId, opsType, caller.principal());
        end(EndReason.FORBIDDEN, "denied by the access policy");
    }

    /** The SessionBridge is closing. */
    void shutdown() {
        onEventThread(() -> end(EndReason.SHUTDOWN, "the session bridge is closing"));
    }

    private void onEventThread(Runnable r) {
        CConnection c = connection;
        if (c != null) {
            c.execute(r);
        } else {
            r.run();
        }
    }

    // ---- connection events (event thread)

    @Override
    public void onConnected(CConnection c) {
        connection = c;
        if (ending.get()) {
            c.close();
            return;
        }
        try {
            log.debug("[bridge {} sid={}] connected; sending the monitor request", id, sessionId);
            c.write(ByteBuffer.wrap(RequestLine.monitor(sessionId).encode()));
            if (c.isDatagram()) {
                lastDatagramNanos = System.nanoTime();
                scheduleIdleCheck(config.udpIdleTimeout().toNanos());
            }
        } catch (Throwable t) {
            internalError("onConnected", t);
        }
    }

    @Override
    public void onData(ByteBuffer data) {
        if (ending.get()) {
            return;
        }
        try {
            if (connection != null && connection.isDatagram()) {
                lastDatagramNanos = System.nanoTime();
                decoder.feedDatagram(data, this::onUnit);
            } else {
                decoder.feed(data, this::onUnit);
            }
        } catch (ProtocolException e) {
            try {
                owner.protocolError(caller, opsType, sessionId, e);
                log.warn("[bridge {} sid={} ops={}] protocol error from the C server: {}", id, sessionId, opsType, e.getMessage());
                end(EndReason.PROTOCOL_ERROR, e.getMessage());
            } catch (Throwable t) {
                internalError("onData", t);
            }
        } catch (Throwable t) {
            internalError("onData", t);
        }
    }

    private void onUnit(Unit unit) {
        if (ending.get()) {
            return;
        }
        if (unit instanceof SessionRecord r) {
            recorder.record(r);
            deliver(r);
        } else {
            end(Reasons.of((Control) unit), "control byte " + unit);
        }
    }

    @Override
    public void onEndOfStream() {
        try {
            StreamDecoder.State s = decoder.finish();
            if (s == StreamDecoder.State.INSIDE_UNIT) {
                end(EndReason.TRUNCATED, "the C server closed inside a unit at offset " + decoder.offset());
            } else {
                end(EndReason.CLOSED, "the C server closed without a control byte");
            }
        } catch (Throwable t) {
            internalError("onEndOfStream", t);
        }
    }

    @Override
    public void onConnectFailed(Exception cause) {
        end(EndReason.CONNECT_FAILED, String.valueOf(cause));
    }

    @Override
    public void onError(Exception cause) {
        if (cause instanceof TransportFailure f) {
            // the transport's own bug, or its I/O thread died: not the network's doing
            end(EndReason.INTERNAL_ERROR, f.getMessage());
        } else {
            end(EndReason.IO_ERROR, String.valueOf(cause));
        }
    }

    /**
     * A bug (ours, or host code called on this thread) threw while serving the bridge: it ends with
     * {@link EndReason#INTERNAL_ERROR} (its client told), logged at ERROR; a {@link VirtualMachineError} is
     * rethrown once it has ended.
     */
    void internalError(String where, Throwable t) {
        log.error("[bridge {} sid={} ops={}] internal error in {}; ending the bridge", id, sessionId, opsType, where, t);
        try {
            end(EndReason.INTERNAL_ERROR, where + " failed: " + t);
        } finally {
            Failures.rethrowIfFatal(t);
        }
    }

    private void scheduleIdleCheck(long delayNanos) {
        idleTimer = connection.schedule(this::idleCheck, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void idleCheck() {
        if (ending.get()) {
            return;
        }
        long idle = System.nanoTime() - lastDatagramNanos;
        long limit = config.udpIdleTimeout().toNanos();
        if (idle >= limit) {
            end(EndReason.IDLE_TIMEOUT, "no datagram for " + config.udpIdleTimeout());
        } else {
            scheduleIdleCheck(limit - idle);
        }
    }

    // ---- the client side

    private void deliver(SessionRecord r) {
        if (clientGone) {
            return;
        }
        int size = r.encodedLength();
        queued.addAndGet(size);
        if (callbacks == null) {
            send(r, size);
        } else {
            callbacks.execute(() -> send(r, size));
        }
        // the queue as it is now: the send may already have completed (a sink that takes records at
        // once, a fast executor), and a single record may be larger than the high-water mark
        if (queued.get() > highWater && !paused && !ending.get()) {
            pause();
        }
    }

    /** On the event thread, or on the callback executor. */
    private void send(SessionRecord r, int size) {
        if (clientGone) {
            queued.addAndGet(-size);
            return;
        }
        CompletionStage<Void> stage;
        try {
            stage = sink.send(r);
        } catch (Throwable t) {
            if (t instanceof Error) {
                log.error("[bridge {} sid={}] the client sink threw from send", id, sessionId, t);
            }
            clientFailed(t);
            Failures.rethrowIfFatal(t);
            return;
        }
        // only a record handed to the client counts as relayed: one dropped because the client had
        // left (still queued on the callback executor when it did) does not
        records.incrementAndGet();
        bytes.addAndGet(r.contentLength());
        owner.relayed(r.contentLength());
        if (stage == ClientSink.DONE || stage == null) {
            sent(size);
        } else {
            stage.whenComplete((v, e) -> {
                if (e != null) {
                    clientFailed(e);
                } else {
                    sent(size);
                }
            });
        }
    }

    private void sent(int size) {
        long q = queued.addAndGet(-size);
        if (paused && q <= lowWater) {
            onEventThread(this::maybeResume);
        }
    }

    private void clientFailed(Throwable t) {
        clientGone = true;
        log.info("[bridge {} sid={}] sending to the client failed; the client is gone: {}", id, sessionId, t.toString());
        onEventThread(() -> end(EndReason.CLIENT_GONE, "send failed: " + t));
    }

    private void pause() {
        paused = true;
        log.debug("[bridge {} sid={}] client above the high-water mark ({} bytes queued): pausing reads", id, sessionId, queued.get());
        connection.setReading(false);
        slowTimer = connection.schedule(this::slowClientCheck, config.slowClientTimeout().toNanos(), TimeUnit.NANOSECONDS);
        // sends that completed before paused was set did not look for it: if they already brought the
        // queue below the low-water mark, no later completion will resume reading, so resume here
        maybeResume();
    }

    private void maybeResume() {
        if (ending.get() || !paused || queued.get() > lowWater) {
            return;
        }
        paused = false;
        if (slowTimer != null) {
            slowTimer.cancel();
            slowTimer = null;
        }
        log.debug("[bridge {} sid={}] client below the low-water mark: resuming reads", id, sessionId);
        connection.setReading(true);
    }

    private void slowClientCheck() {
        if (!ending.get() && paused) {
            end(EndReason.CLIENT_TOO_SLOW, queued.get() + " bytes still queued after " + config.slowClientTimeout());
        }
    }

    // ---- ending

    private void end(EndReason why, String detail) {
        EndReason reason = why;
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        if (clientGone) {
            // the host closed it (or its sink failed) before this ending was seen: the client is told nothing
            reason = EndReason.CLIENT_GONE;
        }
        Throwable fatal = null;
        try {
            if (slowTimer != null) {
                slowTimer.cancel();
            }
            if (idleTimer != null) {
                idleTimer.cancel();
            }
            CConnection c = connection;
            if (c != null) {
                c.close();
            }
            decoder.finish();
            recorder.end(reason);
        } catch (Throwable t) {
            // whatever failed here, the bridge still ends: unregistered, its client told, ended() completed
            log.error("[bridge {} sid={}] cleaning up the ending bridge failed", id, sessionId, t);
            fatal = t;
        }
        owner.unregister(this);
        Notice notice = reason.notifiesClient() ? Notice.of(reason, config.noticeText(reason)) : null;
        EndReason r = reason;
        Runnable last = () -> {
            try {
                if (notice != null) {
                    tell(notice);
                }
            } finally {
                finish(r, detail);
            }
        };
        if (callbacks == null) {
            last.run();
        } else {
            // after every send already queued for the client (and its notice): then the counts are final
            callbacks.execute(last);
        }
        Failures.rethrowIfFatal(fatal);
    }

    /** Once the client has had every call it will get: reports the exact counts and completes {@link #ended()}. */
    private void finish(EndReason reason, String detail) {
        long n = records.get();
        long b = bytes.get();
        log.info("[bridge {} sid={} ops={}] ended: {} ({}); {} records, {} bytes relayed", id, sessionId, opsType,
                reason, detail, n, b);
        try {
            owner.ended(this, reason, n, b);
        } finally {
            ended.complete(reason);
        }
    }

    private void tell(Notice notice) {
        try {
            sink.end(notice);
        } catch (Throwable t) {
            if (t instanceof Error) {
                log.error("[bridge {} sid={}] the client sink threw from end", id, sessionId, t);
            } else {
                log.warn("[bridge {} sid={}] the client sink failed to take the end notice", id, sessionId, t);
            }
            Failures.rethrowIfFatal(t);
        }
    }

    // ---- Bridge

    @Override
    public long id() {
        return id;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public String opsType() {
        return opsType;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public Instant openedAt() {
        return openedAt;
    }

    @Override
    public boolean isOpen() {
        return !ending.get();
    }

    @Override
    public CompletionStage<EndReason> ended() {
        return ended.minimalCompletionStage();
    }

    @Override
    public void close() {
        if (ending.get()) {
            return;
        }
        clientGone = true;
        onEventThread(() -> end(EndReason.CLIENT_GONE, "closed by the host"));
    }

    @Override
    public String toString() {
        return "Bridge[" + id + ", sid=" + sessionId + ", ops=" + opsType + ", " + caller
                + (ending.get() ? ", ended " + ended.getNow(null) : ", open") + "]";
    }
}
