package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.SessionRecord;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One monitor: a client and the {@link CStream} it watches. Stream events, timers and ends all run on the
 * connection's event thread; the sink is called on its sink thread (the event
 * thread, or the callback executor), through an {@link Outbox} (flow control, and one send in flight); sink
 * completions may come from any thread and only touch the atomic queue counter.
 */
final class LiveBridge extends TierBase implements CStream.Owner {
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

    private final ClientSink sink;
    private final Executor callbacks;
    private final Outbox out;
    private final CStream stream;
    private final AtomicBoolean ending = new AtomicBoolean();
    /** Records (and their content bytes) handed to the sink: written where the sink is called. */
    // written only by the client's calls (one at a time, in order: a single writer), read when it ends: no atomics
    private volatile long records;
    private volatile long bytes;

    private volatile boolean clientGone;
    private Taps taps = Taps.NONE;

    LiveBridge(long id, Caller caller, String opsType, String sessionId, ClientSink sink, DefaultSessionBridge owner) {
        super(id, caller, opsType, sessionId, owner);
        this.sink = sink;
        this.callbacks = config.callbackExecutor() == null ? null
                : new SerialExecutor(config.callbackExecutor(), Integer.MAX_VALUE, CALLBACK_HOOKS);
        this.stream = new CStream("bridge " + id + " sid=" + sessionId, sessionId, config, this);
        this.out = new Outbox(sink, config.flowControl(), this::onSinkThread,
                callbacks, this::onEventThread, this::schedule, new Outbox.Owner() {
            @Override
            public void pause() {
                log.debug("[bridge {} sid={}] client above the high-water mark ({} bytes queued): pausing reads", id,
                        sessionId, out.queued());
                stream.setReading(false);
            }

            @Override
            public void resume() {
                log.debug("[bridge {} sid={}] client below the low-water mark: resuming reads", id, sessionId);
                stream.setReading(true);
            }

            @Override
            public void tooSlow(String detail) {
                end(EndReason.CLIENT_TOO_SLOW, detail);
            }

            @Override
            public void handed(SessionRecord r) {
                // only a record handed to the client counts as relayed: one dropped because the client
                // had left (still queued when it did) does not
                records = records + 1;
                bytes = bytes + r.contentLength();
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

    @Override
    public void start(CEndpoint endpoint, CAddress address) {
        taps = Taps.open(config.taps(), this);
        log.info("[bridge {} sid={} ops={}] monitor for {} (connection {}) via {}", id, sessionId, opsType,
                caller.principal(), caller.connectionId(), address);
        stream.start(endpoint, address);
    }

    @Override
    public void forbid() {
        log.info("[bridge {} sid={} ops={}] monitor denied to {} by the access policy", id, sessionId, opsType, caller.principal());
        end(EndReason.FORBIDDEN, "denied by the access policy");
    }

    @Override
    public void shutdown() {
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
        stream.execute(r);
    }

    // ---- the C stream (event thread)

    @Override
    public void record(SessionRecord r) {
        if (ending.get()) {
            return;
        }
        taps.record(r);
        deliver(r);
    }

    @Override
    public void streamEnded(EndReason reason, String detail) {
        end(reason, detail);
    }

    @Override
    public long readBudget() {
        return config.flowControl().highWaterMark() - out.queued();
    }

    @Override
    public void protocolError(ProtocolException e) {
        owner.protocolError(caller, opsType, sessionId, e);
    }

    /**
     * A bug (ours, or host code called on this thread) threw while serving the bridge: it ends with
     * {@link EndReason#INTERNAL_ERROR} (its client told), logged at ERROR; a {@link VirtualMachineError} is
     * rethrown once it has ended.
     */
    @Override
    public void internalError(String where, Throwable t) {
        log.error("[bridge {} sid={} ops={}] internal error in {}; ending the bridge", id, sessionId, opsType, where, t);
        try {
            end(EndReason.INTERNAL_ERROR, where + " failed: " + t);
        } finally {
            Failures.rethrowIfFatal(t);
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
        return stream.schedule(task, nanos);
    }

    // ---- ending

    private void end(EndReason why, String detail) {
        EndReason reason = why;
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        // out of the registry as it stops being open: who sees isOpen() false sees activeCount() without it
        owner.unregister(this);
        if (clientGone) {
            // the host closed it (or its sink failed) before this ending was seen: the client is told nothing
            reason = EndReason.CLIENT_GONE;
        }
        Throwable fatal = null;
        try {
            stream.close();
            taps.end(reason);
        } catch (Throwable t) {
            // whatever failed here, the bridge still ends: unregistered, its client told, ended() completed
            log.error("[bridge {} sid={}] cleaning up the ending bridge failed", id, sessionId, t);
            fatal = t;
        }
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

    @Override
    public void abandon() {
        out.abandon();
    }

    /** Once the client has had every call it will get: reports the exact counts and completes {@link #ended()}. */
    private void finish(EndReason reason, String detail) {
        long n = records;
        long b = bytes;
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
    public boolean isOpen() {
        return !ending.get();
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
