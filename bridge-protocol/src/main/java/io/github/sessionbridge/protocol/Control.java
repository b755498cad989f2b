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

    /**
     * The byte on the wire.
     *
     * @return {@code '3'} (0x33) for {@link #END}, {@code '5'} (0x35) for {@link #REFUSED}
     */
    public byte wireByte() {
        return wireByte;
    }

    @Override
    public int encodedLength() {
        return 1;
    }

    /**
     * The control for a wire byte.
     *
     * @param b a byte read at a unit boundary, as an unsigned value 0..255 ({@code b & 0xff}); a signed
     *          {@code byte} works too, as both control bytes are ASCII
     * @return {@link #END} for {@code '3'}, {@link #REFUSED} for {@code '5'}, or {@code null} when {@code b}
     *         is not a control byte (it may still be a record type byte: see {@link RecordType#ofWireByte})
     */
    public static Control ofWireByte(int b) {
        return switch (b) {
            case '3' -> END;
            case '5' -> REFUSED;
            default -> null;
        };
    }
}
