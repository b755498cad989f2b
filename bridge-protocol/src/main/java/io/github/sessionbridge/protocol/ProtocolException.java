package io.github.sessionbridge.protocol;

import java.util.Objects;

/**
 * The one error the codec reports: a peer broke the protocol. It names what was wrong
 * ({@link #kind()}) and where ({@link #offset()}, counted in bytes from the start of the stream).
 * A decoder that threw it stays failed.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Kind {
        /** A byte at a unit boundary that is neither a record type nor a control byte. */
        UNKNOWN_TYPE,
        /** A record length below the minimum (8, or 16 for a screen frame). */
        LENGTH_TOO_SMALL,
        /** A record length above the configured maximum record size. */
        LENGTH_TOO_LARGE,
        /** The stream or file ended inside a unit. */
        TRUNCATED,
        /** A UDP datagram ended inside a unit (units never span datagrams). */
        INCOMPLETE_DATAGRAM,
        /** A recording file that does not start with {@code SESSREC1}. */
        BAD_MAGIC,
        /** A request line that is not {@code [flag]=<0|1>&[sessionid]=<SID>}. */
        MALFORMED_REQUEST,
        /**
         * A record where the protocol allows only a control byte: the answer to a kick is {@code '3'} or
         * {@code '5'} (protocol §2.3), never a record.
         */
        UNEXPECTED_RECORD
    }

    /** What was wrong; never {@code null}. */
    private final Kind kind;
    /** The stream offset of the offending byte or unit, or -1 when there is none. */
    private final long offset;

    /**
     * Creates the exception; its message is {@code kind}, then {@code " at offset <offset>"} unless
     * {@code offset} is negative, then {@code ": "} and {@code message}.
     *
     * @param kind    what was wrong; not {@code null}
     * @param offset  the stream offset of the offending byte or unit, or -1 when there is none
     * @param message a sentence saying what was wrong
     * @throws NullPointerException if {@code kind} is {@code null}
     */
    public ProtocolException(Kind kind, long offset, String message) {
        super(Objects.requireNonNull(kind, "kind") + (offset >= 0 ? " at offset " + offset : "") + ": " + message);
        this.kind = kind;
        this.offset = offset;
    }

    /**
     * What was wrong.
     *
     * @return the kind of violation; never {@code null}
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Where it was wrong.
     *
     * @return the offset of the offending byte or of the start of the offending unit, in bytes from the
     *         start of the stream (for a recording file: of the file, magic included; for a request line:
     *         of the line); -1 when there is none
     */
    public long offset() {
        return offset;
    }
}
