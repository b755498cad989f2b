package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.nio.ReadBudget;
import io.github.sessionbridge.core.internal.nio.TransportFailure;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.Unit;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C side of a monitor or a timeline: connects, sends the monitor request ({@code [flag]=0}), decodes
 * what the C server sends into records, watches a UDP session for idleness, and says once how the stream
 * ended. Every call to its {@link Owner} runs on the connection's event thread (or, before the connection
 * exists, on the thread that started it).
 */
public final class CStream implements CConnection.Handler, ReadBudget {
    private static final Logger log = LoggerFactory.getLogger(CStream.class);

    /** Who hears of the stream: called on the event thread. */
    public interface Owner {
        /** A record arrived, in order. */
        void record(SessionRecord r);

        /** The stream ended (a control byte, the C server closed, a failure); no call follows. */
        void streamEnded(EndReason reason, String detail);

        /** The C server broke the protocol; {@link #streamEnded} with PROTOCOL_ERROR follows. */
        void protocolError(ProtocolException e);

        /** Host or library code threw on the event thread: the owner ends with INTERNAL_ERROR. */
        void internalError(String where, Throwable t);

        /**
         * Bytes the owner can take now without passing its flow-control mark (a read of the default transport
         * takes up to this much, never less than its minimum); 0 when it cannot say.
         */
        default long readBudget() {
            return 0;
        }
    }

    private final String tag;
    private final String sessionId;
    private final BridgeConfig config;
    private final StreamDecoder decoder;
    private final Owner owner;
    private volatile CConnection connection;
    private volatile boolean closed;

    // event thread
    private Cancellable idleTimer;
    private long lastDatagramNanos;
    private boolean ended;

    /**
     * @param tag       how log lines name the owner, e.g. {@code "bridge 7 sid=s-1"}
     * @param sessionId the session to ask for
     */
    public CStream(String tag, String sessionId, BridgeConfig config, Owner owner) {
        this.tag = tag;
        this.sessionId = sessionId;
        this.config = config;
        this.owner = owner;
        this.decoder = new StreamDecoder(config.maxRecordSize());
    }

    /** Connects; the outcome arrives as owner calls. */
    public void start(CEndpoint endpoint, CAddress address) {
        try {
            connection = endpoint.connect(address, config.connectTimeout(), this);
        } catch (RuntimeException e) {
            end(EndReason.CONNECT_FAILED, "the transport refused to connect: " + e);
        }
    }

    /** The connection, or {@code null} before {@link #start} has it. */
    public CConnection connection() {
        return connection;
    }

    /** Runs {@code r} on the event thread (at once on this one before the connection exists). */
    public void execute(Runnable r) {
        CConnection c = connection;
        if (c != null) {
            c.execute(r);
        } else {
            r.run();
        }
    }

    /** A timer on the event thread; {@code null} before the connection exists. */
    public Runnable schedule(Runnable task, long nanos) {
        CConnection c = connection;
        if (c == null) {
            return null;
        }
        return c.schedule(task, nanos, TimeUnit.NANOSECONDS)::cancel;
    }

    /** Stops or resumes reading from the C server (TCP back pressure). */
    public void setReading(boolean reading) {
        CConnection c = connection;
        if (c != null && !closed) {
            c.setReading(reading);
        }
    }

    /** Closes the connection and stops the idle timer; no owner call follows. Event thread. Idempotent. */
    public void close() {
        closed = true;
        ended = true;
        if (idleTimer != null) {
            idleTimer.cancel();
        }
        CConnection c = connection;
        if (c != null) {
            c.close();
        }
        decoder.finish();
    }

    private void end(EndReason reason, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        owner.streamEnded(reason, detail);
    }

    // ---- connection events (event thread)

    @Override
    public void onConnected(CConnection c) {
        connection = c;
        if (closed) {
            c.close();
            return;
        }
        try {
            log.debug("[{}] connected; sending the monitor request", tag);
            c.write(ByteBuffer.wrap(RequestLine.monitor(sessionId).encode()));
            if (c.isDatagram()) {
                lastDatagramNanos = System.nanoTime();
                scheduleIdleCheck(config.udpIdleTimeout().toNanos());
            }
        } catch (Throwable t) {
            owner.internalError("onConnected", t);
        }
    }

    @Override
    public long readBudget() {
        return owner.readBudget();
    }

    @Override
    public void onData(ByteBuffer data) {
        if (ended) {
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
                owner.protocolError(e);
                log.warn("[{}] protocol error from the C server: {}", tag, e.getMessage());
                end(EndReason.PROTOCOL_ERROR, e.getMessage());
            } catch (Throwable t) {
                owner.internalError("onData", t);
            }
        } catch (Throwable t) {
            owner.internalError("onData", t);
        }
    }

    private void onUnit(Unit unit) {
        if (ended) {
            return;
        }
        if (unit instanceof SessionRecord r) {
            owner.record(r);
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
            owner.internalError("onEndOfStream", t);
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

    private void scheduleIdleCheck(long delayNanos) {
        idleTimer = connection.schedule(this::idleCheck, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void idleCheck() {
        if (ended) {
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
}
