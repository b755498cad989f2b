package io.github.sessionbridge.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
