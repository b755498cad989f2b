package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/**
 * Reads a recording's units from any file offset at a unit boundary, one header at a time: the
 * content of a record is then read whole, handed over in slices, or skipped (without reading it
 * when the channel can seek). Holds one 64 KiB buffer and nothing else, whatever the record sizes
 * except when a whole record is asked for: then its content, no larger than the bytes that exist.
 *
 * <p>Of a {@linkplain GrowingSource growing} recording it reads only what lies before the edge: a unit
 * that does not lie whole before it is {@link Kind#EDGE} while the source grows (the cursor stays before
 * it, and reads it once the edge has moved past it), and the edge of an ended source is the end of the
 * file.
 *
 * <p>Offsets are file offsets (the magic counts). Not thread-safe.
 */
final class UnitCursor implements Closeable {

    /** What {@link #next()} found. */
    enum Kind {
        RECORD, CONTROL, END_OF_FILE,
        /** The next unit is not whole before the edge of a growing source yet; the cursor stays before it. */
        EDGE
    }

    /** Takes slices of a record's content. */
    @FunctionalInterface
    interface Slices {
        void accept(byte[] bytes, int offset, int length);
    }

    static final int MAGIC_LENGTH = 8;
    private static final int BUFFER = 64 * 1024;
    /**
     * The read buffer of a cursor on a growing source starts this small (a timeline at the live edge reads
     * a record at a time, from memory) and doubles up to {@link #BUFFER} while reads fill it (catching up).
     */
    private static final int BUFFER_START = 4 * 1024;
    /** The least a record's content buffer starts with when its claim cannot be checked first. */
    private static final int GROW_FROM = 64 * 1024;

    private final ReadableByteChannel channel;
    private final SeekableByteChannel seekable;
    private ByteBuffer buf;
    private final int maxRecordSize;
    private final GrowingSource source;
    private long offset;
    private boolean eof;
    /** The edge as last read: bytes past it are not read. */
    private GrowingSource.Edge edge;

    private long unitOffset;
    private RecordType type;
    private Control control;
    private long timestamp;
    private int x;
    private int y;
    private int width;
    private int height;
    private int contentLength;
    private int contentLeft;

    UnitCursor(ReadableByteChannel channel, long offset, int maxRecordSize) {
        this(channel, offset, maxRecordSize, GrowingSource.COMPLETE);
    }

    UnitCursor(ReadableByteChannel channel, long offset, int maxRecordSize, GrowingSource source) {
        this.channel = channel;
        this.seekable = channel instanceof SeekableByteChannel s ? s : null;
        this.offset = offset;
        this.maxRecordSize = maxRecordSize;
        this.source = source;
        this.buf = ByteBuffer.allocate(source == GrowingSource.COMPLETE ? BUFFER : BUFFER_START).flip();
        this.edge = source.edge();
    }

    /** A cursor on {@code recording} at {@code offset} (a unit boundary; {@link #MAGIC_LENGTH} is the first unit). */
    static UnitCursor open(Recording recording, long offset) throws IOException {
        return open(recording, GrowingSource.COMPLETE, offset);
    }

    /** A cursor on {@code recording}, which reaches as far as {@code source} says, at {@code offset}. */
    static UnitCursor open(Recording recording, GrowingSource source, long offset) throws IOException {
        return new UnitCursor(recording.source().openAt(offset), offset, recording.maxRecordSize(), source);
    }

    /**
     * Moves to the next unit, skipping what is left of the current record's content.
     *
     * @throws ProtocolException on a broken unit ({@link ProtocolException.Kind#TRUNCATED} if the file ends inside one)
     */
    Kind next() throws IOException {
        skipContent();
        type = null;
        control = null;
        unitOffset = offset;
        if (!fill(1)) {
            return edge.ended() ? Kind.END_OF_FILE : Kind.EDGE;
        }
        int b = buf.get(buf.position()) & 0xff;
        Control c = Control.ofWireByte(b);
        if (c != null) {
            advance(1);
            control = c;
            return Kind.CONTROL;
        }
        RecordType t = RecordType.ofWireByte(b);
        if (t == null) {
            throw new ProtocolException(ProtocolException.Kind.UNKNOWN_TYPE, unitOffset, "unknown unit type byte 0x"
                    + Integer.toHexString(b) + " (expected 'd', 'v', 'i', '3' or '5')");
        }
        if (!fill(RecordType.HEADER_LENGTH)) {
            if (!edge.ended()) {
                return Kind.EDGE;
            }
            throw truncated();
        }
        int p = buf.position();
        long length = u32(p + 1);
        if (length < t.minimumLength()) {
            throw new ProtocolException(ProtocolException.Kind.LENGTH_TOO_SMALL, unitOffset, "a '" + (char) b
                    + "' record's length is " + length + ", below its minimum of " + t.minimumLength());
        }
        if (length > maxRecordSize) {
            throw new ProtocolException(ProtocolException.Kind.LENGTH_TOO_LARGE, unitOffset, "a '" + (char) b
                    + "' record's length is " + length + ", above the maximum record size of " + maxRecordSize);
        }
        int headerLength = RecordType.HEADER_LENGTH + t.minimumLength();
        long unitEnd = unitOffset + headerLength + (length - t.minimumLength());
        if (!edge.ended() && unitEnd > edge.receivedBytes() && unitEnd > (edge = source.edge()).receivedBytes()
                && !edge.ended()) {
            return Kind.EDGE; // not whole yet: nothing consumed
        }
        if (!fill(headerLength)) {
            throw truncated();
        }
        p = buf.position();
        timestamp = (u32(p + 5) << 32) | u32(p + 9);
        if (t == RecordType.SCREEN_FRAME) {
            x = u16(p + 13);
            y = u16(p + 15);
            width = u16(p + 17);
            height = u16(p + 19);
        } else {
            x = 0;
            y = 0;
            width = 0;
            height = 0;
        }
        advance(headerLength);
        type = t;
        contentLength = (int) length - t.minimumLength();
        contentLeft = contentLength;
        return Kind.RECORD;
    }

    private ProtocolException truncated() {
        return new ProtocolException(ProtocolException.Kind.TRUNCATED, unitOffset, "the recording ends inside a unit");
    }

    /** Ensures {@code n} bytes are buffered; false at the end of the file (or the edge) before them. */
    private boolean fill(int n) throws IOException {
        while (buf.remaining() < n) {
            if (eof) {
                return false;
            }
            edge = source.edge(); // read only when bytes are wanted: a unit already buffered lies before it
            long room = edge.receivedBytes() - (offset + buf.remaining()); // what may be read before the edge
            if (room <= 0) {
                return false;
            }
            buf.compact();
            if (room < buf.remaining()) {
                buf.limit(buf.position() + (int) room);
            }
            int r = channel.read(buf);
            boolean full = !buf.hasRemaining() && buf.limit() == buf.capacity();
            buf.limit(buf.capacity());
            buf.flip();
            if (full && buf.capacity() < BUFFER) {
                buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf).flip(); // reads fill it: catching up
            }
            if (r < 0) {
                if (!edge.ended()) {
                    return false; // the bytes the edge promises are not there (yet): the caller waits
                }
                eof = true;
            }
        }
        return true;
    }

    /** The end of the bytes this cursor may read: the file's, or the edge's if before it. */
    private long end() throws IOException {
        return Math.min(seekable.size(), edge.receivedBytes());
    }

    private void advance(int n) {
        buf.position(buf.position() + n);
        offset += n;
    }

    private long u32(int i) {
        return ((buf.get(i) & 0xffL) << 24) | ((buf.get(i + 1) & 0xffL) << 16) | ((buf.get(i + 2) & 0xffL) << 8) | (buf.get(i + 3) & 0xffL);
    }

    private int u16(int i) {
        return ((buf.get(i) & 0xff) << 8) | (buf.get(i + 1) & 0xff);
    }

    /** Hands the rest of the current record's content over in slices of the buffer (valid during the call only). */
    void readContent(Slices out) throws IOException {
        while (contentLeft > 0) {
            if (!fill(1)) {
                throw truncated();
            }
            int n = Math.min(contentLeft, buf.remaining());
            out.accept(buf.array(), buf.arrayOffset() + buf.position(), n);
            advance(n);
            contentLeft -= n;
        }
    }

    /**
     * The current record, whole (its content must not have been read yet). What the header claims is
     * never allocated before it was checked: on a seekable channel against the bytes the file holds
     * (a claim past its end is {@link ProtocolException.Kind#TRUNCATED} at once), and otherwise the
     * content buffer grows as bytes arrive, as the live decoder's does.
     */
    SessionRecord record() throws IOException {
        if (contentLeft != contentLength) {
            throw new IllegalStateException("the content was already read");
        }
        int headerLength = RecordType.HEADER_LENGTH + type.minimumLength();
        if (contentLength <= buf.remaining() && buf.position() >= headerLength) {
            // the whole unit is buffered (its header just before the content): one copy, and the record keeps
            // its wire bytes, so a sink forwarding them (encodedBuffer) needs no encoding
            SessionRecord r = SessionRecord.fromEncoded(ByteBuffer.wrap(buf.array(),
                    buf.arrayOffset() + buf.position() - headerLength, headerLength + contentLength));
            advance(contentLength);
            contentLeft = 0;
            return r;
        }
        boolean checked = false;
        if (seekable != null) {
            long present = end() - offset;
            if (present < contentLength) {
                throw truncated();
            }
            checked = true;
        }
        byte[][] content = {new byte[checked ? contentLength : Math.min(contentLength, Math.max(buf.remaining(), GROW_FROM))]};
        int[] at = {0};
        readContent((b, o, n) -> {
            if (at[0] + n > content[0].length) {
                // grow geometrically, never past the claim: memory follows the bytes that arrived
                long wanted = Math.max(2L * content[0].length, (long) at[0] + n);
                content[0] = Arrays.copyOf(content[0], (int) Math.min(contentLength, wanted));
            }
            System.arraycopy(b, o, content[0], at[0], n);
            at[0] += n;
        });
        byte[] c = content[0];
        return switch (type) {
            case TERMINAL_DATA -> new TerminalData(timestamp, c);
            case INPUT_EVENT -> new InputEvent(timestamp, c);
            case SCREEN_FRAME -> new ScreenFrame(timestamp, x, y, width, height, c);
        };
    }

    /**
     * Whether the current record's content is all in the file: always {@code true} on a channel that cannot
     * seek (there it is known only once read); on one that can, {@code false} if the file ends inside it.
     */
    boolean contentPresent() throws IOException {
        return seekable == null || seekable.size() - offset >= contentLeft;
    }

    /** Skips what is left of the current record's content, without reading it where the channel can seek. */
    void skipContent() throws IOException {
        if (contentLeft == 0) {
            return;
        }
        if (contentLeft <= buf.remaining()) {
            advance(contentLeft);
            contentLeft = 0;
            return;
        }
        contentLeft -= buf.remaining();
        offset += buf.remaining();
        buf.position(buf.limit());
        if (seekable != null) {
            long end = end();
            long target = offset + contentLeft;
            if (target > end) {
                offset = end;
                contentLeft = 0;
                eof = true;
                throw truncated();
            }
            seekable.position(target);
            offset = target;
            contentLeft = 0;
            return;
        }
        while (contentLeft > 0) {
            if (!fill(1)) {
                throw truncated();
            }
            int n = Math.min(contentLeft, buf.remaining());
            advance(n);
            contentLeft -= n;
        }
    }

    /**
     * How the recording ends where {@link #next()} found {@link Kind#END_OF_FILE}: {@link EndReason#END} for a
     * file, the source's ending for a growing one.
     */
    EndReason endOfFile() {
        return edge.ending();
    }

    /** The file offset of the current unit. */
    long unitOffset() {
        return unitOffset;
    }

    /** The file offset just past what was read (the next unit, once the content is read or skipped). */
    long offset() {
        return offset + contentLeft;
    }

    RecordType type() {
        return type;
    }

    Control control() {
        return control;
    }

    long timestamp() {
        return timestamp;
    }

    int x() {
        return x;
    }

    int y() {
        return y;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int contentLength() {
        return contentLength;
    }

    /** The bytes the current unit takes in the file. */
    int encodedLength() {
        return control != null ? 1 : RecordType.HEADER_LENGTH + type.minimumLength() + contentLength;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
