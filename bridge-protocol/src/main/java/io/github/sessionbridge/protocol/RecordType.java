package io.github.sessionbridge.protocol;

/** The three record types of protocol §2.2 and their type bytes. */
public enum RecordType {
    /** {@code 'd'}: terminal output bytes. */
    TERMINAL_DATA((byte) 'd', 0),
    /** {@code 'v'}: a screen frame: geometry and one encoded image. */
    SCREEN_FRAME((byte) 'v', 8),
    /** {@code 'i'}: an input event: UTF-8 text the operator typed or ran. */
    INPUT_EVENT((byte) 'i', 0);

    /** Header bytes: type byte and 4-byte length. */
    public static final int HEADER_LENGTH = 5;
    /** Bytes of the timestamp that starts every body. */
    public static final int TIMESTAMP_LENGTH = 8;

    private final byte wireByte;
    private final int fixedContentLength;

    RecordType(byte wireByte, int fixedContentLength) {
        this.wireByte = wireByte;
        this.fixedContentLength = fixedContentLength;
    }

    /**
     * The type byte on the wire, the first byte of the record's header.
     *
     * @return {@code 'd'} (0x64), {@code 'v'} (0x76) or {@code 'i'} (0x69)
     */
    public byte wireByte() {
        return wireByte;
    }

    /**
     * The smallest legal value of the length field: the timestamp plus this type's fixed fields, so a
     * record of this type with empty content. A smaller length is a
     * {@link ProtocolException.Kind#LENGTH_TOO_SMALL} protocol error.
     *
     * @return 8, or 16 for a screen frame (timestamp and the four 2-byte geometry fields)
     */
    public int minimumLength() {
        return TIMESTAMP_LENGTH + fixedContentLength;
    }

    /**
     * The record type for a type byte.
     *
     * @param b a byte read at a unit boundary, as an unsigned value 0..255 ({@code b & 0xff})
     * @return the record type whose {@link #wireByte()} is {@code b}, or {@code null} when {@code b} is not
     *         a record type byte (it may still be a control byte: see {@link Control#ofWireByte})
     */
    public static RecordType ofWireByte(int b) {
        return switch (b) {
            case 'd' -> TERMINAL_DATA;
            case 'v' -> SCREEN_FRAME;
            case 'i' -> INPUT_EVENT;
            default -> null;
        };
    }
}
