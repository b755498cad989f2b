package io.github.sessionbridge.core.playback.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.StandardOpenOption;

/**
 * Reads a {@link Spool} from an offset up to what it has received when it reads (at that edge: end of
 * stream): from the memory window for the newest units (all not yet on disk, and some that are), from the
 * segment files for the rest. One reader, one thread at a time.
 */
final class SpoolReader implements ReadableByteChannel {
    private final Spool spool;
    private long position;
    private FileChannel ch;
    private long chStart = -1;
    private long chEnd;
    private boolean open = true;

    SpoolReader(Spool spool, long position) {
        this.spool = spool;
        this.position = position;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (position >= spool.receivedOffset()) {
            return -1;
        }
        int fromMemory = spool.copyFromMemory(position, dst); // the newest units, on disk or not yet
        if (fromMemory > 0) {
            position += fromMemory;
            return fromMemory;
        }
        // on disk (written meanwhile, or long since)
        long edge = spool.writtenOffset();
        if (ch == null || position >= chEnd) {
            openSegment();
        }
        long limit = Math.min(edge, chEnd);
        int max = (int) Math.min(dst.remaining(), limit - position);
        ByteBuffer slice = dst.slice();
        slice.limit(max);
        int n = ch.read(slice, position - chStart);
        if (n <= 0) {
            // the end of a segment that was the newest when it was opened: the bytes go on in the next
            long was = chStart;
            openSegment();
            if (chStart != was) {
                return read(dst);
            }
            throw new IOException("spool segment shorter than written at offset " + position);
        }
        dst.position(dst.position() + n);
        position += n;
        return n;
    }

    private void openSegment() throws IOException {
        if (ch != null) {
            ch.close();
            ch = null;
        }
        Spool.SegmentSpan s = spool.segmentAt(position);
        ch = FileChannel.open(s.file(), StandardOpenOption.READ);
        chStart = s.start();
        chEnd = s.end();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        if (ch != null) {
            ch.close();
        }
    }
}
