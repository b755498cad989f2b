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

    /** The type byte on the wire. */
    public byte wireByte() {
        return wireByte;
    }

    /** The smallest legal value of the length field: 8, or 16 for a screen frame. */
    public int minimumLength() {
        return TIMESTAMP_LENGTH + fixedContentLength;
    }

    /** The record type for a type byte, or {@code null} when {@code b} is not one. */
    public static RecordType ofWireByte(int b) {
        return switch (b) {
            case 'd' -> TERMINAL_DATA;
            case 'v' -> SCREEN_FRAME;
            case 'i' -> INPUT_EVENT;
            default -> null;
        };
    }
}
