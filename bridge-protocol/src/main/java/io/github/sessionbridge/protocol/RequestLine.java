package io.github.sessionbridge.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The request the bridge writes once, right after connecting: {@code [flag]=<0|1>&[sessionid]=<SID>}
 * in US-ASCII with no terminator (protocol §1).
 *
 * <p>The session id is validated on construction, so a {@code RequestLine} that exists can be sent:
 * it can never carry a second {@code [flag]=} parameter.
 *
 * @param action    monitor or kick
 * @param sessionId 1 to 128 characters of {@code [A-Za-z0-9._:-]}
 */
public record RequestLine(Action action, String sessionId) {

    /** The longest session id the protocol allows. */
    public static final int MAX_SESSION_ID_LENGTH = 128;

    static final String FLAG_PREFIX = "[flag]=";
    static final String SID_PREFIX = "&[sessionid]=";
    /** Bytes before the session id: {@code [flag]=X&[sessionid]=}. */
    static final int PREFIX_LENGTH = FLAG_PREFIX.length() + 1 + SID_PREFIX.length();

    /** The longest request line on the wire. */
    public static final int MAX_LENGTH = PREFIX_LENGTH + MAX_SESSION_ID_LENGTH;

    /**
     * Creates a request, validating the session id ({@link #validateSessionId}).
     *
     * @param action    monitor or kick; not {@code null}
     * @param sessionId 1 to 128 characters of {@code [A-Za-z0-9._:-]}; not {@code null}
     * @throws NullPointerException       if an argument is null
     * @throws InvalidSessionIdException  if {@code sessionId} is not a valid session id
     */
    public RequestLine {
        Objects.requireNonNull(action, "action");
        validateSessionId(sessionId);
    }

    /**
     * A monitor request for {@code sessionId}: asks the C server to stream the session live.
     *
     * @param sessionId the session, 1 to 128 characters of {@code [A-Za-z0-9._:-]}; not {@code null}
     * @return the request, ready to {@linkplain #encode() encode}
     * @throws NullPointerException      if {@code sessionId} is {@code null}
     * @throws InvalidSessionIdException if {@code sessionId} is not a valid session id
     */
    public static RequestLine monitor(String sessionId) {
        return new RequestLine(Action.MONITOR, sessionId);
    }

    /**
     * A kick request for {@code sessionId}: asks the C server to terminate the session.
     *
     * @param sessionId the session, 1 to 128 characters of {@code [A-Za-z0-9._:-]}; not {@code null}
     * @return the request, ready to {@linkplain #encode() encode}
     * @throws NullPointerException      if {@code sessionId} is {@code null}
     * @throws InvalidSessionIdException if {@code sessionId} is not a valid session id
     */
    public static RequestLine kick(String sessionId) {
        return new RequestLine(Action.KICK, sessionId);
    }

    /**
     * The exact bytes to send, once, right after connecting.
     *
     * @return a new array holding {@link #toString()} in US-ASCII, with no terminator: 22 to
     *         {@link #MAX_LENGTH} bytes
     */
    public byte[] encode() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The request line as text, exactly as it goes on the wire. */
    @Override
    public String toString() {
        return FLAG_PREFIX + action.flag() + SID_PREFIX + sessionId;
    }

    /**
     * Parses a complete request line: all of {@code bytes}, nothing before or after it.
     *
     * @param bytes the request line as received, in US-ASCII; not {@code null}
     * @return the request
     * @throws ProtocolException    of kind {@link ProtocolException.Kind#MALFORMED_REQUEST} naming what is
     *                              wrong, and where
     * @throws NullPointerException if {@code bytes} is {@code null}
     */
    public static RequestLine parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    /**
     * Parses a complete request line held in {@code bytes[offset, offset + length)}.
     *
     * @param bytes  holds the request line, in US-ASCII; not {@code null}
     * @param offset the index of the line's first byte
     * @param length the line's length in bytes
     * @return the request
     * @throws ProtocolException         of kind {@link ProtocolException.Kind#MALFORMED_REQUEST} naming what is
     *                                   wrong, and where (its offset counts from {@code offset})
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not lie within {@code bytes}
     */
    public static RequestLine parse(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        RequestDecoder decoder = new RequestDecoder();
        decoder.feed(bytes, offset, length);
        return decoder.finish();
    }

    /**
     * Checks a session id against protocol §1: 1 to {@value #MAX_SESSION_ID_LENGTH} characters of
     * {@code [A-Za-z0-9._:-]}. Call it before opening a connection.
     *
     * @param sessionId the session id to check
     * @return {@code sessionId}, for chaining
     * @throws NullPointerException      if it is null
     * @throws InvalidSessionIdException naming the offending character and its position, or the length
     */
    public static String validateSessionId(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        int n = sessionId.length();
        if (n == 0) {
            throw new InvalidSessionIdException("invalid session id: it is empty (1 to 128 of [A-Za-z0-9._:-] allowed)", -1);
        }
        if (n > MAX_SESSION_ID_LENGTH) {
            throw new InvalidSessionIdException("invalid session id: " + n
                    + " characters long, at most " + MAX_SESSION_ID_LENGTH + " allowed", -1);
        }
        for (int i = 0; i < n; i++) {
            char c = sessionId.charAt(i);
            if (!isSessionIdChar(c)) {
                // name the whole character, also when it is outside the BMP (a surrogate pair)
                throw new InvalidSessionIdException("invalid session id: character " + describe(sessionId.codePointAt(i))
                        + " at position " + i + " is not allowed (only [A-Za-z0-9._:-])", i);
            }
        }
        return sessionId;
    }

    /**
     * Whether {@code c} may appear in a session id.
     *
     * @param c a character, code point or unsigned byte value
     * @return {@code true} for {@code A-Z}, {@code a-z}, {@code 0-9}, {@code .}, {@code _}, {@code :} and
     *         {@code -}; {@code false} for everything else
     */
    public static boolean isSessionIdChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '-';
    }

    /** A character for a message: {@code 'x'} when printable ASCII, else {@code U+0020}. */
    static String describe(int c) {
        if (c >= 0x21 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return String.format("U+%04X", c);
    }

    /** A byte off the wire for a message: {@code 'x' (0x78)} when printable ASCII, else {@code 0xC3}. */
    static String describeByte(int b) {
        int v = b & 0xff;
        String hex = String.format("0x%02X", v);
        return v >= 0x21 && v < 0x7f ? "'" + (char) v + "' (" + hex + ")" : hex;
    }
}
