package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.RecordingWriter;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Streams one recording file verbatim, a piece at a time as the output has room: never more than
 * one piece of it in memory. Units are found by their headers for pacing and for unit boundaries;
 * from the first byte that does not start a whole unit (an unknown type byte, a unit the file
 * ends inside) the rest of the file goes out as raw bytes. A control byte ends the stream.
 *
 * <p>Streamed <em>live</em>, each record's timestamp (the 8 bytes after its header) is rewritten to the
 * wall-clock time, in milliseconds, at which the record's first piece is put out, as a C server stamps a
 * session it is relaying; the pacing still follows the timestamps in the file.
 */
final class FileStreamer implements AutoCloseable {
    static final int PIECE = 64 * 1024;
    private static final byte[] MAGIC = RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final int PEEK = RecordType.HEADER_LENGTH + RecordType.TIMESTAMP_LENGTH;

    private final Path path;
    private final LongSupplier wallClock;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer head = ByteBuffer.allocate(PEEK);
    private long pos;
    private long unitRemaining;
    private long unitTotal;
    private boolean unitFirst;
    private boolean unitStamped;
    private boolean raw;
    private boolean done;
    private boolean controlSeen;
    private long units;

    /**
     * @param path      the recording
     * @param wallClock for a live stream, the wall clock (milliseconds since the epoch) that stamps each
     *                  record as it goes out; {@code null} to stream the file verbatim
     */
    FileStreamer(Path path, LongSupplier wallClock) throws IOException {
        this.path = path;
        this.wallClock = wallClock;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            this.size = channel.size();
            ByteBuffer m = ByteBuffer.allocate(MAGIC.length);
            readFully(m, 0);
            if (!Arrays.equals(m.array(), MAGIC)) {
                throw new IOException("not a recording file (no " + RecordingWriter.MAGIC + " magic): " + path);
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        pos = MAGIC.length;
    }

    /** Whether the stream is inside a unit (some of its bytes are out, some are not). */
    boolean midUnit() {
        return unitRemaining > 0 && !unitFirst;
    }

    /** Whether the whole stream is out. */
    boolean done() {
        return done;
    }

    /** Whether the stream ended with a control byte. */
    boolean controlSeen() {
        return controlSeen;
    }

    /**
     * Puts pieces into {@code out} while it has room.
     *
     * @param stopAtBoundary stop at the next unit boundary (a kick arrived)
     * @return when the next record is due, if the stream waits for it; otherwise 0
     */
    long produce(Output out, Pacer pacer, long now, boolean stopAtBoundary) throws IOException {
        while (!done && out.hasRoom()) {
            if (stopAtBoundary && (raw || unitFirst)) {
                unitRemaining = 0;
                done = true;
                break;
            }
            if (unitRemaining > 0) {
                int n = (int) Math.min(unitRemaining, PIECE);
                ByteBuffer b = read(n);
                if (unitFirst && unitStamped) {
                    // the first piece holds the whole header and timestamp: PIECE is far above their length
                    b.putLong(RecordType.HEADER_LENGTH, wallClock.getAsLong());
                }
                unitRemaining -= n;
                boolean first = unitFirst;
                unitFirst = false;
                out.unit(b, first, unitRemaining == 0, unitTotal);
                continue;
            }
            if (raw) {
                int n = (int) Math.min(size - pos, PIECE);
                if (n <= 0) {
                    done = true;
                    break;
                }
                out.raw(read(n));
                continue;
            }
            if (stopAtBoundary || pos >= size) {
                done = true;
                break;
            }
            head.clear();
            head.limit((int) Math.min(PEEK, size - pos));
            readFully(head, pos);
            int have = head.limit();
            int b = head.get(0) & 0xff;
            if (Control.ofWireByte(b) != null) {
                pos++;
                units++;
                controlSeen = true;
                done = true;
                out.unit(ByteBuffer.wrap(new byte[] {(byte) b}), true, true, 1);
                break;
            }
            if (RecordType.ofWireByte(b) == null || have < RecordType.HEADER_LENGTH) {
                raw = true;
                continue;
            }
            long length = head.getInt(1) & 0xFFFF_FFFFL;
            long total = RecordType.HEADER_LENGTH + length;
            if (total > size - pos) {
                raw = true;
                continue;
            }
            boolean stamped = length >= RecordType.TIMESTAMP_LENGTH;
            if (stamped) {
                long ts = head.getLong(RecordType.HEADER_LENGTH);
                long due = pacer.due(ts, now);
                if (due - now > 0) {
                    return due;
                }
                pacer.sent(ts, due);
            }
            units++;
            unitStamped = stamped && wallClock != null;
            unitRemaining = total;
            unitTotal = total;
            unitFirst = true;
        }
        return 0;
    }

    private ByteBuffer read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        readFully(b, pos);
        pos += n;
        return b;
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int r = channel.read(b, p);
            if (r < 0) {
                throw new EOFException("recording " + path + " ended early (was it changed while being served?)");
            }
            p += r;
        }
        b.flip();
    }

    /** Where it stands, in words. */
    String describe() {
        return "streams " + path.getFileName() + " (offset " + pos + " of " + size + ", " + units + " units"
                + (raw ? ", rest verbatim: not units" : "") + ")";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
