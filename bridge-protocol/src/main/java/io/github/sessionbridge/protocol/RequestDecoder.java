package io.github.sessionbridge.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses a request line as its bytes arrive, for the C side (a fake C server, a gateway).
 *
 * <p>The request line has no terminator, so a server cannot know from the bytes alone that the
 * session id is complete: {@link #feed} says {@link Status#COMPLETE} as soon as the bytes form a
 * valid request, and more session-id characters may still extend it. A server typically waits for
 * a short quiet period after {@code COMPLETE} (or for {@link RequestLine#MAX_LENGTH} bytes) and
 * then calls {@link #finish()}. Anything that cannot become a valid request fails at once with a
 * {@link ProtocolException} naming the byte and its position.
 */
public final class RequestDecoder {

    /** Where parsing stands. */
    public enum Status {
        /** Not yet a valid request. */
        INCOMPLETE,
        /** A valid request; more session-id characters may follow. */
        COMPLETE
    }

    private static final byte[] FLAG_PREFIX = RequestLine.FLAG_PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SID_PREFIX = RequestLine.SID_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes = new byte[RequestLine.MAX_LENGTH];
    private int length;
    private ProtocolException failure;

    /** Creates a decoder that has seen no bytes yet. */
    public RequestDecoder() {
    }

    /**
     * Feeds the next bytes; see the class comment. Every remaining byte of {@code src} is consumed (its
     * position ends at its limit), unless one is malformed: then its position ends just after that byte.
     *
     * @param src the next bytes of the request line, from its position to its limit; not {@code null}
     * @return {@link Status#COMPLETE} once the bytes accepted so far form a valid request (at least one
     *         session-id character), else {@link Status#INCOMPLETE}
     * @throws ProtocolException of kind {@link ProtocolException.Kind#MALFORMED_REQUEST} naming the offending
     *         byte and its position; once thrown, every later call throws it again
     */
    public Status feed(ByteBuffer src) {
        if (failure != null) {
            throw failure;
        }
        while (src.hasRemaining()) {
            accept(src.get());
        }
        return status();
    }

    /**
     * Feeds {@code src[offset, offset + len)}; see {@link #feed(ByteBuffer)}.
     *
     * @param src    holds the next bytes of the request line; not {@code null}
     * @param offset the index of the first byte to feed
     * @param len    how many bytes to feed, 0 or more
     * @return {@link Status#COMPLETE} once the bytes accepted so far form a valid request, else
     *         {@link Status#INCOMPLETE}
     * @throws ProtocolException         of kind {@link ProtocolException.Kind#MALFORMED_REQUEST} as for
     *                                   {@link #feed(ByteBuffer)}
     * @throws IndexOutOfBoundsException if {@code offset} and {@code len} do not lie within {@code src}
     */
    public Status feed(byte[] src, int offset, int len) {
        return feed(ByteBuffer.wrap(src, offset, len));
    }

    private void accept(byte b) {
        if (failure != null) {
            throw failure;
        }
        int pos = length;
        int c = b & 0xff;
        int flagEnd = FLAG_PREFIX.length;
        String problem = null;
        if (pos < flagEnd) {
            if (b != FLAG_PREFIX[pos]) {
                problem = "expected '" + (char) FLAG_PREFIX[pos] + "' of \"[flag]=\"";
            }
        } else if (pos == flagEnd) {
            if (c != '0' && c != '1') {
                problem = "the flag must be '0' (monitor) or '1' (kick)";
            }
        } else if (pos < RequestLine.PREFIX_LENGTH) {
            int i = pos - flagEnd - 1;
            if (b != SID_PREFIX[i]) {
                problem = "expected '" + (char) SID_PREFIX[i] + "' of \"&[sessionid]=\"";
            }
        } else if (pos >= RequestLine.MAX_LENGTH) {
            problem = "the session id is longer than " + RequestLine.MAX_SESSION_ID_LENGTH + " characters";
        } else if (!RequestLine.isSessionIdChar(c)) {
            problem = "it is not allowed in a session id (only [A-Za-z0-9._:-])";
        }
        if (problem != null) {
            failure = new ProtocolException(ProtocolException.Kind.MALFORMED_REQUEST, pos,
                    "malformed request line: byte " + RequestLine.describeByte(c) + ": " + problem);
            throw failure;
        }
        bytes[length++] = b;
    }

    /**
     * Where parsing stands after the bytes fed so far; a malformed byte does not change it.
     *
     * @return {@link Status#COMPLETE} when the accepted bytes are {@code [flag]=<0|1>&[sessionid]=} and at
     *         least one session-id character, else {@link Status#INCOMPLETE}
     */
    public Status status() {
        return length > RequestLine.PREFIX_LENGTH ? Status.COMPLETE : Status.INCOMPLETE;
    }

    /**
     * How many bytes were accepted; a malformed byte is not.
     *
     * @return 0 to {@link RequestLine#MAX_LENGTH}
     */
    public int length() {
        return length;
    }

    /**
     * The bytes accepted so far, for logging or relaying them unchanged.
     *
     * @return a new array of {@link #length()} US-ASCII bytes
     */
    public byte[] rawBytes() {
        return Arrays.copyOf(bytes, length);
    }

    /**
     * The request the bytes fed so far form. It does not end the decoder: a decoder that is not complete
     * yet can still be fed, and one that is may still take more session-id characters.
     *
     * @return the request, with every session-id character accepted so far
     * @throws ProtocolException of kind {@link ProtocolException.Kind#MALFORMED_REQUEST} if the bytes are not
     *         (yet) a complete request (its offset is then {@link #length()}), or the exception an earlier
     *         {@code feed} threw
     */
    public RequestLine finish() {
        if (failure != null) {
            throw failure;
        }
        if (status() != Status.COMPLETE) {
            throw new ProtocolException(ProtocolException.Kind.MALFORMED_REQUEST, length,
                    length == 0 ? "empty request line"
                            : "request line ends after " + length + " bytes, before a session id: \""
                            + new String(bytes, 0, length, StandardCharsets.US_ASCII) + "\"");
        }
        String sid = new String(bytes, RequestLine.PREFIX_LENGTH, length - RequestLine.PREFIX_LENGTH, StandardCharsets.US_ASCII);
        return new RequestLine(Action.ofFlag((char) bytes[FLAG_PREFIX.length]), sid);
    }
}
