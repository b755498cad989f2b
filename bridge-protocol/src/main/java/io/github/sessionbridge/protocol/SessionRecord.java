package io.github.sessionbridge.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A record of the C stream (protocol §2.2): a timestamp and content. Immutable: the content is held
 * privately and handed out as a copy ({@link #content()}) or a read-only view ({@link #contentBuffer()}).
 */
public abstract sealed class SessionRecord implements Unit permits TerminalData, ScreenFrame, InputEvent {

    private final long timestamp;
    /** The content, alone ({@link #offset} 0) or within the record's whole wire encoding (a decoded record). */
    final byte[] bytes;
    /** Where the content starts in {@link #bytes}: 0, or past the header and fixed fields of a wire unit. */
    final int offset;
    /** The content's length. */
    final int length;

    SessionRecord(long timestamp, byte[] ownedContent) {
        this.timestamp = timestamp;
        this.bytes = ownedContent;
        this.offset = 0;
        this.length = ownedContent.length;
    }

    /** A record over {@code ownedUnit}, its exact wire encoding (as the decoder read it), content at {@code contentOffset}. */
    SessionRecord(long timestamp, byte[] ownedUnit, int contentOffset) {
        this.timestamp = timestamp;
        this.bytes = ownedUnit;
        this.offset = contentOffset;
        this.length = ownedUnit.length - contentOffset;
    }

    /**
     * The record whose wire encoding (protocol §2.2, as {@link #encodedBuffer()} gives it) is exactly the
     * remaining bytes of {@code encoded}: the inverse of {@link #encodedBuffer()}, for bytes a caller already
     * holds whole (a spool, a cache). The bytes are copied once, into the record, which then holds its wire
     * bytes ({@link #encodedBuffer()} costs no copy); {@code encoded}'s position does not move.
     *
     * @param encoded one whole record, from its type byte to the end of its content
     * @return the record
     * @throws ProtocolException    if the bytes are not one record: {@link ProtocolException.Kind#UNKNOWN_TYPE}
     *                              for a first byte that is no record type, {@link ProtocolException.Kind#LENGTH_TOO_SMALL}
     *                              for a length field below the type's minimum, {@link ProtocolException.Kind#TRUNCATED}
     *                              when fewer or more bytes remain than the length field says (the offset is 0)
     * @throws NullPointerException if {@code encoded} is {@code null}
     */
    public static SessionRecord fromEncoded(ByteBuffer encoded) {
        int n = encoded.remaining();
        int p = encoded.position();
        RecordType t = n == 0 ? null : RecordType.ofWireByte(encoded.get(p) & 0xff);
        if (t == null) {
            throw new ProtocolException(n == 0 ? ProtocolException.Kind.TRUNCATED : ProtocolException.Kind.UNKNOWN_TYPE, 0,
                    n == 0 ? "no bytes: a record starts with its type byte" : "unknown record type byte "
                            + RequestLine.describeByte(encoded.get(p) & 0xff) + " (expected 'd', 'v' or 'i')");
        }
        if (n < RecordType.HEADER_LENGTH + t.minimumLength()) {
            throw new ProtocolException(ProtocolException.Kind.TRUNCATED, 0, n + " bytes hold no whole '" + (char) t.wireByte()
                    + "' record header (" + (RecordType.HEADER_LENGTH + t.minimumLength()) + " bytes)");
        }
        long length = ((encoded.get(p + 1) & 0xffL) << 24) | ((encoded.get(p + 2) & 0xffL) << 16)
                | ((encoded.get(p + 3) & 0xffL) << 8) | (encoded.get(p + 4) & 0xffL);
        if (length < t.minimumLength()) {
            throw new ProtocolException(ProtocolException.Kind.LENGTH_TOO_SMALL, 0, "a '" + (char) t.wireByte()
                    + "' record's length is " + length + ", below its minimum of " + t.minimumLength());
        }
        if (length != n - RecordType.HEADER_LENGTH) {
            throw new ProtocolException(ProtocolException.Kind.TRUNCATED, 0, "a '" + (char) t.wireByte()
                    + "' record's length is " + length + " but " + (n - RecordType.HEADER_LENGTH) + " bytes follow its header");
        }
        byte[] unit = new byte[n];
        encoded.get(p, unit);
        return owningUnit(t, unit);
    }

    /** The record over {@code unit}, a whole wire unit of type {@code t} whose header was checked (owned). */
    static SessionRecord owningUnit(RecordType t, byte[] unit) {
        int p = RecordType.HEADER_LENGTH;
        long ts = (u32(unit, p) << 32) | u32(unit, p + 4);
        int at = RecordType.HEADER_LENGTH + t.minimumLength();
        return switch (t) {
            case TERMINAL_DATA -> TerminalData.owningUnit(ts, unit, at);
            case INPUT_EVENT -> InputEvent.owningUnit(ts, unit, at);
            case SCREEN_FRAME -> {
                int g = p + RecordType.TIMESTAMP_LENGTH;
                yield ScreenFrame.owningUnit(ts, u16(unit, g), u16(unit, g + 2), u16(unit, g + 4), u16(unit, g + 6), unit, at);
            }
        };
    }

    static long u32(byte[] b, int i) {
        return ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xffL) << 16) | ((b[i + 2] & 0xffL) << 8) | (b[i + 3] & 0xffL);
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    /**
     * The record's type, which is fixed by its class.
     *
     * @return {@link RecordType#TERMINAL_DATA}, {@link RecordType#SCREEN_FRAME} or {@link RecordType#INPUT_EVENT}
     */
    public abstract RecordType type();

    /**
     * When the C side captured it. Taken from the wire as is: not checked, and not necessarily increasing
     * from one record to the next.
     *
     * @return milliseconds since the Unix epoch (the signed 8-byte timestamp of protocol §2.2)
     */
    public final long timestamp() {
        return timestamp;
    }

    /**
     * The number of content bytes: for terminal data and input events everything after the
     * timestamp, for a screen frame the image after the geometry.
     *
     * @return the content length in bytes, 0 or more: the length field minus {@link RecordType#minimumLength()}
     */
    public final int contentLength() {
        return length;
    }

    /**
     * A copy of the content bytes; changing it does not change the record.
     *
     * @return a new array of {@link #contentLength()} bytes
     */
    public final byte[] content() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /**
     * A read-only view of the content bytes, without copying them.
     *
     * @return a new read-only buffer over the content, positioned at 0 with its limit at
     *         {@link #contentLength()}; each call returns an independent buffer
     */
    public final ByteBuffer contentBuffer() {
        return ByteBuffer.wrap(bytes, offset, length).slice().asReadOnlyBuffer();
    }

    /**
     * The content as Base64 text: the standard alphabet with padding (RFC 4648 §4), what
     * {@link Base64#getEncoder()} makes of {@link #content()}. For sinks that carry records in text messages,
     * e.g. JSON to a browser, as the Node tier sent {@code {type, ts, data}} over socket.io. Encoded straight
     * from the record's own bytes: {@code Base64.getEncoder().encode(contentBuffer())} copies the content first
     * (a read-only view offers the encoder no array), this does not.
     *
     * @return the content's Base64 text; empty for a record without content
     */
    public final String contentBase64() {
        ByteBuffer text = Base64.getEncoder().encode(ByteBuffer.wrap(bytes, offset, length)); // the encoder only reads it
        return new String(text.array(), 0, text.limit(), StandardCharsets.ISO_8859_1);
    }

    /**
     * A read-only view of the record's wire bytes (protocol §2.2: type byte, length, timestamp, fixed fields,
     * content), the same bytes as {@link UnitEncoder#encode}: for a sink that forwards records unchanged, e.g.
     * as binary WebSocket frames. A record decoded from a stream whole from one read (the usual case) holds
     * its wire bytes already and the view costs no copy; for any other record the bytes are encoded into a
     * new array first. The record stays immutable: the view cannot change it, and nothing changes under it.
     *
     * @return a new read-only buffer of {@link #encodedLength()} bytes, positioned at 0 (big-endian); each
     *         call returns an independent buffer
     */
    public final ByteBuffer encodedBuffer() {
        byte[] unit = offset > 0 ? bytes : UnitEncoder.encode(this);
        return ByteBuffer.wrap(unit).asReadOnlyBuffer();
    }

    /**
     * Writes the content bytes to {@code out}, without copying them; the header is not written (for the
     * whole unit use {@link UnitEncoder#writeTo}). {@code out} is neither flushed nor closed.
     *
     * @param out where the content goes; not {@code null}
     * @throws IOException          if {@code out} throws it
     * @throws NullPointerException if {@code out} is {@code null}
     */
    public final void writeContentTo(OutputStream out) throws IOException {
        out.write(bytes, offset, length);
    }

    /**
     * The value of the length field on the wire: timestamp, fixed fields and content.
     *
     * @return {@link RecordType#minimumLength()} plus {@link #contentLength()}, in bytes
     */
    public final int bodyLength() {
        return type().minimumLength() + length;
    }

    @Override
    public final int encodedLength() {
        return RecordType.HEADER_LENGTH + bodyLength();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        SessionRecord r = (SessionRecord) o;
        return timestamp == r.timestamp && Arrays.equals(bytes, offset, offset + length, r.bytes, r.offset, r.offset + r.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = 31 * h + bytes[i]; // Arrays.hashCode of the content
        }
        return 31 * Long.hashCode(timestamp) + h;
    }

    static byte[] copy(byte[] content) {
        return Objects.requireNonNull(content, "content").clone();
    }
}
