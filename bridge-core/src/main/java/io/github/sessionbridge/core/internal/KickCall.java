package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.Unit;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One kick: connect, send {@code [flag]=1}, wait for {@code '3'} or {@code '5'} (protocol §2.3). */
final class KickCall implements CConnection.Handler {

    final Caller caller;
    final String opsType;
    final String sessionId;
    private final DefaultSessionBridge owner;
    private final Duration timeout;
    private final StreamDecoder decoder;
    final CompletableFuture<KickOutcome> result = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile CConnection connection;
    private CConnection.Cancellable timer;

    KickCall(Caller caller, String opsType, String sessionId, DefaultSessionBridge owner) {
        this.caller = caller;
        this.opsType = opsType;
        this.sessionId = sessionId;
        this.owner = owner;
        this.timeout = owner.config().kickTimeout();
        this.decoder = new StreamDecoder(owner.config().maxRecordSize());
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
        c.write(ByteBuffer.wrap(RequestLine.kick(sessionId).encode()));
        timer = c.schedule(() -> finish(KickOutcome.Status.FAILED, EndReason.TIMEOUT,
                "no answer within " + timeout.toMillis() + " ms"), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onData(ByteBuffer data) {
        try {
            if (connection != null && connection.isDatagram()) {
                decoder.feedDatagram(data, this::onUnit);
            } else {
                decoder.feed(data, this::onUnit);
            }
        } catch (ProtocolException e) {
            owner.protocolError(caller, opsType, sessionId, e);
            finish(KickOutcome.Status.FAILED, EndReason.PROTOCOL_ERROR, e.getMessage());
        }
    }

    private void onUnit(Unit unit) {
        if (unit == Control.END) {
            finish(KickOutcome.Status.KICKED, EndReason.END, "the C server terminated the session");
        } else if (unit == Control.REFUSED) {
            finish(KickOutcome.Status.REFUSED, EndReason.REFUSED, "the C server refused to terminate the session");
        } else {
            ProtocolException e = new ProtocolException(ProtocolException.Kind.UNEXPECTED_RECORD,
                    decoder.offset() - unit.encodedLength(),
                    "the C server answered the kick with a record (" + unit + ") instead of '3' or '5'");
            owner.protocolError(caller, opsType, sessionId, e);
            finish(KickOutcome.Status.FAILED, EndReason.PROTOCOL_ERROR, e.getMessage());
        }
    }

    @Override
    public void onEndOfStream() {
        if (decoder.finish() == StreamDecoder.State.INSIDE_UNIT) {
            finish(KickOutcome.Status.FAILED, EndReason.TRUNCATED, "the C server closed inside a unit");
        } else {
            finish(KickOutcome.Status.FAILED, EndReason.CLOSED, "the C server closed without answering");
        }
    }

    @Override
    public void onConnectFailed(Exception cause) {
        finish(KickOutcome.Status.FAILED, EndReason.CONNECT_FAILED, String.valueOf(cause));
    }

    @Override
    public void onError(Exception cause) {
        finish(KickOutcome.Status.FAILED, EndReason.IO_ERROR, String.valueOf(cause));
    }

    private void finish(KickOutcome.Status status, EndReason reason, String detail) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        CConnection c = connection;
        if (c != null) {
            c.close();
        }
        KickOutcome outcome = new KickOutcome(status, reason, detail);
        owner.kickFinished(this, outcome);
        result.complete(outcome);
    }
}
