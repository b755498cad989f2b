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

    /** The record's type. */
    public abstract RecordType type();

    /** When the C side captured it: milliseconds since the Unix epoch. */
    public final long timestamp() {
        return timestamp;
    }

    /**
     * The number of content bytes: for terminal data and input events everything after the
     * timestamp, for a screen frame the image after the geometry.
     */
    public final int contentLength() {
        return content.length;
    }

    /** A copy of the content bytes. */
    public final byte[] content() {
        return content.clone();
    }

    /** A read-only view of the content bytes, without copying them. */
    public final ByteBuffer contentBuffer() {
        return ByteBuffer.wrap(content).asReadOnlyBuffer();
    }

    /** Writes the content bytes to {@code out}. */
    public final void writeContentTo(OutputStream out) throws IOException {
        out.write(content);
    }

    /** The value of the length field on the wire: timestamp, fixed fields and content. */
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
