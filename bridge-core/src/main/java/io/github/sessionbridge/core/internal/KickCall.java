package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.internal.nio.TransportFailure;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.RequestLine;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One kick: connect, send {@code [flag]=1}, wait for {@code '3'} or {@code '5'} (protocol §2.3). */
final class KickCall implements CConnection.Handler {
    private static final Logger log = LoggerFactory.getLogger(KickCall.class);

    final Caller caller;
    final String opsType;
    final String sessionId;
    private final DefaultSessionBridge owner;
    private final Duration timeout;
    /** Whether the answer's first byte was read: a kick's answer is that one byte (or a datagram starting with it). */
    private boolean answered;
    final CompletableFuture<KickOutcome> result = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile CConnection connection;
    private Cancellable timer;

    KickCall(Caller caller, String opsType, String sessionId, DefaultSessionBridge owner) {
        this.caller = caller;
        this.opsType = opsType;
        this.sessionId = sessionId;
        this.owner = owner;
        this.timeout = owner.config().kickTimeout();
    }

    void start(CEndpoint endpoint, CAddress address) {
        try {
            connection = endpoint.connect(address, owner.config().connectTimeout(), this);
        } catch (RuntimeException e) {
            finish(KickOutcome.Status.FAILED, EndReason.CONNECT_FAILED, "the transport refused to connect: " + e);
        }
    }

    void forbid() {
        finish(KickOutcome.Status.FAILED, EndReason.FORBIDDEN, "denied by the access policy");
    }

    void shutdown() {
        CConnection c = connection;
        Runnable r = () -> finish(KickOutcome.Status.FAILED, EndReason.SHUTDOWN, "the session bridge is closing");
        if (c != null) {
            c.execute(r);
        } else {
            r.run();
        }
    }

    @Override
    public void onConnected(CConnection c) {
        connection = c;
        if (finished.get()) {
            c.close();
            return;
        }
        try {
            c.write(ByteBuffer.wrap(RequestLine.kick(sessionId).encode()));
            timer = c.schedule(() -> finish(KickOutcome.Status.FAILED, EndReason.TIMEOUT,
                    "no answer within " + timeout.toMillis() + " ms"), timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (Throwable t) {
            internalError("onConnected", t);
        }
    }

    @Override
    public void onData(ByteBuffer data) {
        try {
            if (answered || !data.hasRemaining()) {
                return;
            }
            // the answer is one control byte: it is judged by that byte alone, nothing is buffered (before, a
            // record type byte made the kick wait for, and buffer, the whole record its header claimed)
            answered = true;
            int b = data.get(data.position()) & 0xff;
            data.position(data.limit());
            Control c = Control.ofWireByte(b);
            if (c == Control.END) {
                finish(KickOutcome.Status.KICKED, EndReason.END, "the C server terminated the session");
            } else if (c == Control.REFUSED) {
                finish(KickOutcome.Status.REFUSED, EndReason.REFUSED, "the C server refused to terminate the session");
            } else {
                RecordType t = RecordType.ofWireByte(b);
                ProtocolException e = t != null
                        ? new ProtocolException(ProtocolException.Kind.UNEXPECTED_RECORD, 0, "the C server answered the kick with a '"
                                + (char) b + "' record instead of '3' or '5'")
                        : new ProtocolException(ProtocolException.Kind.UNKNOWN_TYPE, 0, "the C server answered the kick with "
                                + String.format("byte 0x%02x", b) + " instead of '3' or '5'");
                protocolError(e);
            }
        } catch (Throwable t) {
            internalError("onData", t);
        }
    }

    private void protocolError(ProtocolException e) {
        try {
            owner.protocolError(caller, opsType, sessionId, e);
        } finally {
            finish(KickOutcome.Status.FAILED, EndReason.PROTOCOL_ERROR, e.getMessage());
        }
    }

    /** A bug (ours, or host code called for the kick): the kick fails with INTERNAL_ERROR; a VirtualMachineError is rethrown after. */
    void internalError(String where, Throwable t) {
        log.error("[kick sid={} ops={}] internal error in {}; the kick fails", sessionId, opsType, where, t);
        try {
            finish(KickOutcome.Status.FAILED, EndReason.INTERNAL_ERROR, where + " failed: " + t);
        } finally {
            Failures.rethrowIfFatal(t);
        }
    }

    @Override
    public void onEndOfStream() {
        finish(KickOutcome.Status.FAILED, EndReason.CLOSED, "the C server closed without answering");
    }

    @Override
    public void onConnectFailed(Exception cause) {
        finish(KickOutcome.Status.FAILED, EndReason.CONNECT_FAILED, String.valueOf(cause));
    }

    @Override
    public void onError(Exception cause) {
        if (cause instanceof TransportFailure f) {
            finish(KickOutcome.Status.FAILED, EndReason.INTERNAL_ERROR, f.getMessage());
        } else {
            finish(KickOutcome.Status.FAILED, EndReason.IO_ERROR, String.valueOf(cause));
        }
    }

    private void finish(KickOutcome.Status status, EndReason reason, String detail) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            if (timer != null) {
                timer.cancel();
            }
            CConnection c = connection;
            if (c != null) {
                c.close();
            }
        } catch (RuntimeException e) {
            log.error("[kick sid={} ops={}] closing its connection failed", sessionId, opsType, e);
        }
        KickOutcome outcome = new KickOutcome(status, reason, detail);
        try {
            owner.kickFinished(this, outcome);
        } finally {
            result.complete(outcome);
        }
    }
}
