package io.github.sessionbridge.testkit;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.protocol.Action;
import io.github.sessionbridge.protocol.RequestLine;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One request a {@link FakeCServer} received, valid or not: what arrived, where, when and from whom.
 * A connection that ended without a valid request (malformed, or closed before the request was
 * complete) is captured too, with {@link #error()} saying what was wrong.
 *
 * @param connectionId  the server's number for the connection (or, over UDP, the datagram exchange)
 * @param opsType       the operations type whose port received it
 * @param transport     TCP or UDP
 * @param localPort     the server port that received it
 * @param remoteAddress the client's address
 * @param receivedAt    when the request was complete (or found malformed)
 * @param rawBytes      the bytes received as the request, exactly (at most {@link #MAX_RAW_BYTES})
 * @param requestLine   the parsed request, or {@code null} when it was not valid
 * @param error         what was wrong with the request, or {@code null} when it was valid
 */
public record CapturedRequest(long connectionId, String opsType, CAddress.Transport transport, int localPort,
                              InetSocketAddress remoteAddress, Instant receivedAt, byte[] rawBytes,
                              RequestLine requestLine, String error) {

    /**
     * How many raw bytes are kept of a request that is not valid (a valid one is at most
     * {@link RequestLine#MAX_LENGTH} bytes long anyway); later bytes are counted in
     * {@link CapturedConnection#bytesReceived()} but not kept.
     */
    public static final int MAX_RAW_BYTES = 1024;

    /**
     * Captures a request. The {@link FakeCServer} makes these; a test has no need to.
     *
     * @param connectionId  the server's number for the connection or UDP datagram exchange
     * @param opsType       the operations type whose port received it; not null
     * @param transport     TCP or UDP; not null
     * @param localPort     the server port that received it
     * @param remoteAddress the client's address
     * @param receivedAt    when the request was complete or found malformed; not null
     * @param rawBytes      the bytes received as the request; not null, copied
     * @param requestLine   the parsed request, or {@code null} when it was not valid
     * @param error         what was wrong with the request, or {@code null} when it was valid
     * @throws NullPointerException     if {@code opsType}, {@code transport}, {@code receivedAt} or
     *                                  {@code rawBytes} is null
     * @throws IllegalArgumentException unless exactly one of {@code requestLine} and {@code error} is null
     */
    public CapturedRequest {
        Objects.requireNonNull(opsType, "opsType");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(receivedAt, "receivedAt");
        rawBytes = Objects.requireNonNull(rawBytes, "rawBytes").clone();
        if ((requestLine == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of requestLine and error must be given");
        }
    }

    /**
     * The bytes received as the request, exactly as they arrived.
     *
     * @return a new copy on each call (changing it changes nothing here), at most {@link #MAX_RAW_BYTES} long
     */
    @Override
    public byte[] rawBytes() {
        return rawBytes.clone();
    }

    /**
     * The raw bytes as readable text, for failure messages.
     *
     * @return printable US-ASCII bytes as they are; every other byte, and the backslash itself, as
     *         {@code \xNN} (two lowercase hex digits), so {@code "[flag]=0&[sessionid]=s-1"} or
     *         {@code "GET / HTTP/1.1\x0d\x0a"}
     */
    public String rawText() {
        StringBuilder sb = new StringBuilder(rawBytes.length);
        for (byte b : rawBytes) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    /**
     * Whether the request was a valid request line (protocol §1).
     *
     * @return {@code true} if {@link #requestLine()} is set, {@code false} if {@link #error()} is
     */
    public boolean isValid() {
        return requestLine != null;
    }

    /**
     * What the request asked for.
     *
     * @return {@link Action#MONITOR} ({@code [flag]=0}) or {@link Action#KICK} ({@code [flag]=1}), or
     *         {@code null} when the request was not valid
     */
    public Action action() {
        return requestLine == null ? null : requestLine.action();
    }

    /**
     * The session the request named.
     *
     * @return the {@code [sessionid]} value, or {@code null} when the request was not valid
     */
    public String sessionId() {
        return requestLine == null ? null : requestLine.sessionId();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedRequest r && r.connectionId == connectionId && r.opsType.equals(opsType)
                && r.transport == transport && r.localPort == localPort && Objects.equals(r.remoteAddress, remoteAddress)
                && r.receivedAt.equals(receivedAt) && Arrays.equals(r.rawBytes, rawBytes)
                && Objects.equals(r.requestLine, requestLine) && Objects.equals(r.error, error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectionId, opsType, transport, localPort, remoteAddress, receivedAt, requestLine, error)
                * 31 + Arrays.hashCode(rawBytes);
    }

    /**
     * A one-line description for failure messages, for example
     * {@code #3 SSH/TCP :40111 from /127.0.0.1:5555 "[flag]=0&[sessionid]=s-1" (monitor s-1)}; an invalid
     * request ends with {@code INVALID:} and its error instead.
     */
    @Override
    public String toString() {
        String what = requestLine != null
                ? "(" + requestLine.action().name().toLowerCase(java.util.Locale.ROOT) + " " + requestLine.sessionId() + ")"
                : "INVALID: " + error;
        return "#" + connectionId + " " + opsType + "/" + transport + " :" + localPort + " from " + remoteAddress
                + " \"" + rawText() + "\" " + what;
    }
}
