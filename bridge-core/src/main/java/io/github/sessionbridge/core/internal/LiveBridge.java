package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.internal.nio.TransportFailure;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One monitor: a client, a C connection and the decoder between them. Connection events, timers and
 * ends all run on the connection's event thread; the sink is called on its sink thread (the event
 * thread, or the callback executor), through an {@link Outbox} (flow control, and one send in flight); sink
 * completions may come from any thread and only touch the atomic queue counter.
 */
final class LiveBridge implements Bridge, CConnection.Handler {
    private static final Logger log = LoggerFactory.getLogger(LiveBridge.class);

    /** The host's callback executor: whatever it does, the bridge's callbacks (its notice, ended()) still run. */
    private static final SerialExecutor.Hooks CALLBACK_HOOKS = new SerialExecutor.Hooks() {
        @Override
        public boolean rejected(RejectedExecutionException e, SerialExecutor queue) {
            log.warn("the callback executor rejected a task; running the bridge's callbacks on the caller", e);
            return true;
        }

        @Override
        public boolean failed(Throwable t, SerialExecutor queue) {
            log.error("the callback executor threw; running the bridge's callbacks on the caller", t);
            return false;
        }

        @Override
        public void taskFailed(Throwable t) {
            log.error("client callback failed", t);
        }
    };

    private final long id;
    private final Caller caller;
    private final String opsType;
    private final String sessionId;
    private final Instant openedAt = Instant.now();
    private final DefaultSessionBridge owner;
    private final BridgeConfig config;
    private final ClientSink sink;
    private final Executor callbacks;
    private final Outbox out;
    private final StreamDecoder decoder;
    private final CompletableFuture<EndReason> ended = new CompletableFuture<>();
    private final AtomicBoolean ending = new AtomicBoolean();
    /** Records (and their content bytes) handed to the sink: written where the sink is called. */
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private volatile CConnection connection;
    private volatile boolean clientGone;
    private Taps taps = Taps.NONE;

    // confined to the event thread
    private Cancellable idleTimer;
    private long lastDatagramNanos;

    LiveBridge(long id, Caller caller, String opsType, String sessionId, ClientSink sink, DefaultSessionBridge owner) {
        this.id = id;
        this.caller = caller;
        this.opsType = opsType;
        this.sessionId = sessionId;
        this.sink = sink;
        this.owner = owner;
        this.config = owner.config();
        this.callbacks = config.callbackExecutor() == null ? null
                : new SerialExecutor(config.callbackExecutor(), Integer.MAX_VALUE, CALLBACK_HOOKS);
        this.decoder = new StreamDecoder(config.maxRecordSize());
        this.out = new Outbox(sink, config.flowControl(), this::onSinkThread,
                callbacks, this::onEventThread, this::schedule, new Outbox.Owner() {
            @Override
            public void pause() {
                log.debug("[bridge {} sid={}] client above the high-water mark ({} bytes queued): pausing reads", id,
                        sessionId, out.queued());
                connection.setReading(false);
            }

            @Override
            public void resume() {
                log.debug("[bridge {} sid={}] client below the low-water mark: resuming reads", id, sessionId);
                connection.setReading(true);
            }

            @Override
            public void tooSlow(String detail) {
                end(EndReason.CLIENT_TOO_SLOW, detail);
            }

            @Override
            public void handed(SessionRecord r) {
                // only a record handed to the client counts as relayed: one dropped because the client
                // had left (still queued when it did) does not
                records.incrementAndGet();
                bytes.addAndGet(r.contentLength());
                owner.relayed(r.contentLength());
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

    void start(CEndpoint endpoint, CAddress address) {
        taps = Taps.open(config.taps(), this);
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

    /** Where the sink is called: the callback executor if there is one, else the event thread. */
    private void onSinkThread(Runnable r) {
        if (callbacks == null) {
            onEventThread(r);
        } else {
            callbacks.execute(r);
        }
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
            taps.record(r);
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
        out.offer(r);
    }

    private void clientFailed(Throwable t) {
        clientGone = true;
        log.info("[bridge {} sid={}] sending to the client failed; the client is gone: {}", id, sessionId, t.toString());
        onEventThread(() -> end(EndReason.CLIENT_GONE, "send failed: " + t));
    }

    /** A timer on the event thread; none before the connection exists (nothing was sent then). */
    private Runnable schedule(Runnable task, long nanos) {
        CConnection c = connection;
        if (c == null) {
            return null;
        }
        return c.schedule(task, nanos, TimeUnit.NANOSECONDS)::cancel;
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
            if (idleTimer != null) {
                idleTimer.cancel();
            }
            CConnection c = connection;
            if (c != null) {
                c.close();
            }
            decoder.finish();
            taps.end(reason);
        } catch (Throwable t) {
            // whatever failed here, the bridge still ends: unregistered, its client told, ended() completed
            log.error("[bridge {} sid={}] cleaning up the ending bridge failed", id, sessionId, t);
            fatal = t;
        }
        owner.unregister(this);
        Notice notice = reason.notifiesClient() ? Notice.of(reason, config.noticeText(reason)) : null;
        EndReason r = reason;
        // the records already read go out first (a client too slow for them loses them), then the notice,
        // once the last send has completed: then the counts are final. No notice, nothing to wait for.
        SinkQueue.Close how = notice == null ? SinkQueue.Close.NOW
                : reason == EndReason.CLIENT_TOO_SLOW ? SinkQueue.Close.DROP : SinkQueue.Close.DRAIN;
        out.close(how, abandoned -> {
            // a client whose last sends failed meanwhile is gone: it is told nothing; one that did not take
            // them within the slow-client timeout is too slow, whatever the C server said
            EndReason fin = clientGone ? EndReason.CLIENT_GONE : abandoned ? EndReason.CLIENT_TOO_SLOW : r;
            try {
                if (fin.notifiesClient()) {
                    tell(fin == r ? notice : Notice.of(fin, config.noticeText(fin)));
                }
            } finally {
                finish(fin, fin == r ? detail : "the client did not take its last records (" + r + ": " + detail + ")");
            }
        });
        Failures.rethrowIfFatal(fatal);
    }

    /**
     * The transport has stopped (the SessionBridge closed and its wait ran out): an end still waiting for
     * its client's last send waits no longer.
     */
    void abandon() {
        out.abandon();
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
