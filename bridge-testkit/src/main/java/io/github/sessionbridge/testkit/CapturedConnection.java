package io.github.sessionbridge.testkit;

import io.github.sessionbridge.core.CAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one connection a {@link FakeCServer} accepted (over UDP: one datagram exchange,
 * from a request datagram to the end of its script).
 *
 * @param id            the server's number for it, also in logs and {@link CapturedRequest#connectionId()}
 * @param opsType       the operations type whose port accepted it
 * @param transport     TCP or UDP
 * @param localPort     the server port
 * @param remoteAddress the client's address
 * @param openedAt      when it was accepted
 * @param closedAt      when it was closed, or {@code null} while it is open
 * @param request       its request, or {@code null} while none has been captured
 * @param bytesReceived bytes received from the client (the request and anything after it)
 * @param bytesSent     bytes the server has written to the socket
 * @param bytesQueued   bytes the server holds, waiting for the socket to take them
 * @param writeCount    separate writes made (with a {@link Split}, one per chunk) or datagrams sent
 * @param state         what it is doing, in words (for a closed one: why it was closed)
 */
public record CapturedConnection(long id, String opsType, CAddress.Transport transport, int localPort,
                                 InetSocketAddress remoteAddress, Instant openedAt, Instant closedAt,
                                 CapturedRequest request, long bytesReceived, long bytesSent, long bytesQueued,
                                 long writeCount, String state) {

    /** Captures a connection. */
    public CapturedConnection {
        Objects.requireNonNull(opsType, "opsType");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(state, "state");
    }

    /** Whether it was still open when the snapshot was taken. */
    public boolean isOpen() {
        return closedAt == null;
    }

    /** For example {@code #3 SSH/TCP from /127.0.0.1:5555 [open] monitor s-1: step 2/3 (...), sent 120 B}. */
    @Override
    public String toString() {
        String req = request == null ? "no request yet"
                : request.isValid() ? request.action().name().toLowerCase(java.util.Locale.ROOT) + " " + request.sessionId()
                : "invalid request";
        return "#" + id + " " + opsType + "/" + transport + " from " + remoteAddress + " [" + (isOpen() ? "open" : "closed")
                + "] " + req + ": " + state + "; received " + bytesReceived + " B, sent " + bytesSent + " B in "
                + writeCount + " writes" + (bytesQueued > 0 ? ", " + bytesQueued + " B queued" : "");
    }
}
