package io.github.sessionbridge.testkit;

import io.github.sessionbridge.core.CAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one connection a {@link FakeCServer} accepted (over UDP: one datagram exchange,
 * from a request datagram to the end of its script). The server updates its connections while it
 * runs; a snapshot does not change, so take a new one ({@link FakeCServer#connections()}) to see
 * later progress. The counters are read one by one, so a snapshot of a busy connection may mix
 * moments a few microseconds apart.
 *
 * @param id            the server's number for it, counting from 1 in accept order; also in logs and
 *                      {@link CapturedRequest#connectionId()}
 * @param opsType       the operations type whose port accepted it, for example {@code SSH}
 * @param transport     TCP or UDP
 * @param localPort     the server port that accepted it
 * @param remoteAddress the client's address and port
 * @param openedAt      when it was accepted (over UDP: when the request datagram arrived)
 * @param closedAt      when it was closed, or {@code null} while it is open
 * @param request       its request, or {@code null} while none has been captured
 * @param bytesReceived bytes received from the client (the request and anything after it)
 * @param bytesSent     bytes the server has written to the socket (over UDP: sent in datagrams)
 * @param bytesQueued   bytes the server holds, waiting for the socket to take them
 * @param writeCount    separate writes made (with a {@link Split}, one per chunk) or datagrams sent
 * @param state         what it is doing, in words (for a closed one: why it was closed); for failure
 *                      messages, not a stable format to parse
 */
public record CapturedConnection(long id, String opsType, CAddress.Transport transport, int localPort,
                                 InetSocketAddress remoteAddress, Instant openedAt, Instant closedAt,
                                 CapturedRequest request, long bytesReceived, long bytesSent, long bytesQueued,
                                 long writeCount, String state) {

    /**
     * Captures a connection. The {@link FakeCServer} makes these; a test has no need to.
     *
     * @param id            the server's number for the connection
     * @param opsType       the operations type whose port accepted it; not null
     * @param transport     TCP or UDP; not null
     * @param localPort     the server port that accepted it
     * @param remoteAddress the client's address
     * @param openedAt      when it was accepted; not null
     * @param closedAt      when it was closed, or {@code null} while it is open
     * @param request       its request, or {@code null} while none has been captured
     * @param bytesReceived bytes received from the client
     * @param bytesSent     bytes written to the socket
     * @param bytesQueued   bytes held, waiting for the socket to take them
     * @param writeCount    separate writes made, or datagrams sent
     * @param state         what it is doing, in words; not null
     * @throws NullPointerException if {@code opsType}, {@code transport}, {@code openedAt} or {@code state} is null
     */
    public CapturedConnection {
        Objects.requireNonNull(opsType, "opsType");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(state, "state");
    }

    /**
     * Whether it was still open when the snapshot was taken.
     *
     * @return {@code true} if {@link #closedAt()} is {@code null}
     */
    public boolean isOpen() {
        return closedAt == null;
    }

    /**
     * A one-line description for failure messages, for example {@code #3 SSH/TCP from /127.0.0.1:5555 [open]
     * monitor s-1: step 2/3 (...); received 25 B, sent 120 B in 4 writes}.
     */
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
