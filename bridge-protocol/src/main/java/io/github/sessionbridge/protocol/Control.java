package io.github.sessionbridge.protocol;

/** A control byte (protocol §2.1). After one, the C server closes; bytes that follow are ignored. */
public enum Control implements Unit {
    /** {@code '3'}: the session is over (monitor), or was terminated (kick: success). */
    END((byte) '3'),
    /** {@code '5'}: the C server will not serve the request. */
    REFUSED((byte) '5');

    private final byte wireByte;

    Control(byte wireByte) {
        this.wireByte = wireByte;
    }

    /** The byte on the wire. */
    public byte wireByte() {
        return wireByte;
    }

    @Override
    public int encodedLength() {
        return 1;
    }

    /** The control for a wire byte, or {@code null} when {@code b} is not a control byte. */
    public static Control ofWireByte(int b) {
        return switch (b) {
            case '3' -> END;
            case '5' -> REFUSED;
            default -> null;
        };
    }
}
