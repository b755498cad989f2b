package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.testkit.CapturedConnection;
import io.github.sessionbridge.testkit.CapturedRequest;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * The live record of one connection: written by the loop thread, read by test threads (every
 * field is volatile; a snapshot may mix moments, which is fine for what it is used for).
 */
public final class ConnRecord {
    final long id;
    final String opsType;
    final CAddress.Transport transport;
    final int localPort;
    final InetSocketAddress remote;
    final Instant openedAt;
    volatile Instant closedAt;
    volatile CapturedRequest request;
    volatile long bytesReceived;
    volatile long bytesSent;
    volatile long bytesQueued;
    volatile long writes;
    volatile String state;

    ConnRecord(long id, String opsType, CAddress.Transport transport, int localPort, InetSocketAddress remote) {
        this.id = id;
        this.opsType = opsType;
        this.transport = transport;
        this.localPort = localPort;
        this.remote = remote;
        this.openedAt = Instant.now();
        this.state = "accepted";
    }

    /** The connection's number. */
    public long id() {
        return id;
    }

    /** Whether it is open. */
    public boolean isOpen() {
        return closedAt == null;
    }

    /** Over TCP or UDP. */
    public CAddress.Transport transport() {
        return transport;
    }

    /** A snapshot. */
    public CapturedConnection snapshot() {
        return new CapturedConnection(id, opsType, transport, localPort, remote, openedAt, closedAt, request,
                bytesReceived, bytesSent, bytesQueued, writes, state);
    }

    /** A tag for log lines: {@code #3 SSH/TCP}. */
    String tag() {
        return "#" + id + " " + opsType + "/" + transport;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
