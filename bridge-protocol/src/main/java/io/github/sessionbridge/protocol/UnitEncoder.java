package io.github.sessionbridge.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/** Writes units in their wire form (protocol §2): the C side, recording files and tests use it. */
public final class UnitEncoder {

    private UnitEncoder() {
    }

    /**
     * The wire bytes of {@code unit}.
     *
     * @param unit a record or control byte; not {@code null}
     * @return a new array of {@link Unit#encodedLength()} bytes: for a record its header (type byte and
     *         big-endian length), timestamp, fixed fields and content; for a control byte that byte
     * @throws NullPointerException if {@code unit} is {@code null}
     */
    public static byte[] encode(Unit unit) {
        byte[] out = new byte[unit.encodedLength()];
        encode(unit, ByteBuffer.wrap(out));
        return out;
    }

    /**
     * The wire bytes of all {@code units}, concatenated in iteration order. {@code units} is iterated twice
     * (once to size the array), so it must give the same units both times.
     *
     * @param units the units to encode, none {@code null}; may be empty
     * @return a new array holding the encoding of each unit in turn
     * @throws IllegalArgumentException if the units take more than {@code Integer.MAX_VALUE - 16} bytes in all
     * @throws NullPointerException     if {@code units} or one of them is {@code null}
     */
    public static byte[] encodeAll(Iterable<? extends Unit> units) {
        long total = 0;
        for (Unit u : units) {
            total += u.encodedLength();
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("the units take " + total + " bytes, too many for one array");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total);
        for (Unit u : units) {
            encode(u, out);
        }
        return out.array();
    }

    /**
     * Puts the wire bytes of {@code unit} into {@code dst} at its position, which advances by
     * {@link Unit#encodedLength()}. Multi-byte fields are big-endian whatever {@code dst}'s byte order.
     *
     * @param unit a record or control byte; not {@code null}
     * @param dst  where the bytes go; nothing is written when it is too small
     * @throws java.nio.BufferOverflowException if {@code dst} has less than {@link Unit#encodedLength()} bytes
     *                                          remaining
     * @throws java.nio.ReadOnlyBufferException if {@code dst} is read-only
     * @throws NullPointerException             if an argument is {@code null}
     */
    public static void encode(Unit unit, ByteBuffer dst) {
        Objects.requireNonNull(unit, "unit");
        if (dst.remaining() < unit.encodedLength()) {
            throw new java.nio.BufferOverflowException();
        }
        if (unit instanceof SessionRecord r) {
            if (r.offset > 0) {
                dst.put(r.bytes); // a decoded record holds its wire bytes
                return;
            }
            putHeader(r, dst);
            dst.put(r.bytes, r.offset, r.length);
        } else {
            dst.put(((Control) unit).wireByte());
        }
    }

    /**
     * Writes the wire bytes of {@code unit} to {@code out}, without copying a record's content: a record
     * takes two writes (its header and fixed fields, then its content), a control byte one. {@code out} is
     * neither flushed nor closed.
     *
     * @param unit a record or control byte; not {@code null}
     * @param out  where the bytes go; not {@code null}
     * @throws IOException          if {@code out} throws it; part of the unit may then have been written
     * @throws NullPointerException if an argument is {@code null}
     */
    public static void writeTo(Unit unit, OutputStream out) throws IOException {
        Objects.requireNonNull(unit, "unit");
        if (unit instanceof SessionRecord r) {
            ByteBuffer head = ByteBuffer.allocate(headerLength(r));
            putHeader(r, head);
            out.write(head.array());
            out.write(r.bytes, r.offset, r.length);
        } else {
            out.write(((Control) unit).wireByte());
        }
    }

    /** The bytes before the content: type, length, timestamp and, for a screen frame, the geometry. */
    static int headerLength(SessionRecord r) {
        return RecordType.HEADER_LENGTH + r.type().minimumLength();
    }

    private static void putHeader(SessionRecord r, ByteBuffer dst) {
        // single bytes, most significant first: the wire is big-endian whatever order dst has
        dst.put(r.type().wireByte());
        putBigEndian(dst, r.bodyLength(), 4);
        putBigEndian(dst, r.timestamp(), 8);
        if (r instanceof ScreenFrame f) {
            putBigEndian(dst, f.x(), 2);
            putBigEndian(dst, f.y(), 2);
            putBigEndian(dst, f.width(), 2);
            putBigEndian(dst, f.height(), 2);
        }
    }

    private static void putBigEndian(ByteBuffer dst, long value, int bytes) {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
            dst.put((byte) (value >>> shift));
        }
    }
}
