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
    final byte[] content;

    SessionRecord(long timestamp, byte[] ownedContent) {
        this.timestamp = timestamp;
        this.content = ownedContent;
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
        return content.length;
    }

    /**
     * A copy of the content bytes; changing it does not change the record.
     *
     * @return a new array of {@link #contentLength()} bytes
     */
    public final byte[] content() {
        return content.clone();
    }

    /**
     * A read-only view of the content bytes, without copying them.
     *
     * @return a new read-only buffer over the content, positioned at 0 with its limit at
     *         {@link #contentLength()}; each call returns an independent buffer
     */
    public final ByteBuffer contentBuffer() {
        return ByteBuffer.wrap(content).asReadOnlyBuffer();
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
        out.write(content);
    }

    /**
     * The value of the length field on the wire: timestamp, fixed fields and content.
     *
     * @return {@link RecordType#minimumLength()} plus {@link #contentLength()}, in bytes
     */
    public final int bodyLength() {
        return type().minimumLength() + content.length;
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
        return timestamp == r.timestamp && Arrays.equals(content, r.content);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(timestamp) + Arrays.hashCode(content);
    }

    static byte[] copy(byte[] content) {
        return Objects.requireNonNull(content, "content").clone();
    }
}
