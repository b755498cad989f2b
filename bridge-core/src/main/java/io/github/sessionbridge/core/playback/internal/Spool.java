package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.SerialExecutor;
import io.github.sessionbridge.core.playback.RecordingSource;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one timeline received, kept so it can go back: the records wait in memory for the writer thread,
 * which appends them to segment files in the recording format (the first starts with the magic). Offsets
 * are those of one continuous recording file; the oldest segments, once played, may be dropped.
 *
 * <p>Threads: {@link #append} and {@link #end} on the timeline's event thread; the writes on the spool's
 * writer queue; {@link #openAt}, {@link #played} and the getters from any thread.
 */
public final class Spool implements RecordingSource {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final byte[] MAGIC = RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII);

    /** Hears of the spool's progress; called on the writer queue. */
    public interface Listener {
        /** More bytes can be read, or the spool ended (see {@link #ended()}), or it dropped a segment. */
        void changed();
    }

    private record Segment(long start, Path file) {
    }

    private final Path directory;
    private final String name;
    private final long segmentBytes;
    private final long timelineBytes;
    private final SpoolBudget budget;
    private final SerialExecutor writer;
    private final Listener listener;
    private final ConcurrentLinkedQueue<SessionRecord> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong played = new AtomicLong();
    private final Object lock = new Object();

    // guarded by lock
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private long windowStart;
    private long kept;
    private boolean closed;

    private volatile long written;
    private volatile EndReason ending;
    private volatile String endingDetail;
    private volatile EndReason endReason;

    // writer queue
    private FileChannel out;
    private long outStart;
    private long pendingBytes;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);

    /**
     * @param directory     where the segment files go (must exist)
     * @param name          the files' name prefix, unique in the directory
     * @param timelineBytes the most this spool keeps on disk before dropping played segments
     * @param budget        the bytes all spools of the bridge tier may keep
     * @param writer        the writer thread's executor, shared with the other spools
     */
    Spool(Path directory, String name, long timelineBytes, SpoolBudget budget, java.util.concurrent.Executor writer,
            Listener listener) {
        this.directory = directory;
        this.name = name;
        this.timelineBytes = timelineBytes;
        this.segmentBytes = Math.max(64 * 1024, timelineBytes / 8);
        this.budget = budget;
        this.listener = listener;
        this.writer = new SerialExecutor(writer, Integer.MAX_VALUE, new SerialExecutor.Hooks() {
            @Override
            public boolean rejected(java.util.concurrent.RejectedExecutionException e, SerialExecutor queue) {
                fail(EndReason.SHUTDOWN, "the spool writer is closed");
                return false;
            }

            @Override
            public boolean failed(Throwable t, SerialExecutor queue) {
                fail(EndReason.INTERNAL_ERROR, "the spool writer failed: " + t);
                return false;
            }

            @Override
            public void taskFailed(Throwable t) {
                log.error("[spool {}] writing failed", name, t);
                fail(EndReason.INTERNAL_ERROR, "writing the spool failed: " + t);
            }
        });
    }

    /** Creates the first segment with the magic, on the calling thread. */
    void create() throws IOException {
        roll();
    }

    // ---- event thread

    /** Queues {@code r} for the disk. */
    public void append(SessionRecord r) {
        if (ending != null) {
            return;
        }
        queued.addAndGet(r.encodedLength());
        pending.add(r);
        writer.execute(this::drain);
    }

    /** No record follows: once the queued ones are on disk the spool has ended with {@code reason}. */
    public void end(EndReason reason, String detail) {
        if (ending != null) {
            return;
        }
        endingDetail = detail;
        ending = reason;
        writer.execute(this::drain);
    }

    // ---- any thread

    /** Bytes that can be read: the offset just past the last unit on disk (the magic counts). */
    public long received() {
        return written;
    }

    /** Bytes received but not yet on disk. */
    public long queued() {
        return queued.get();
    }

    /** How the stream ended, once everything it sent is on disk; {@code null} until then. */
    public EndReason ended() {
        return endReason;
    }

    /** What {@link #ended()} ended with, in words. */
    public String endDetail() {
        return endingDetail;
    }

    /** The first offset still kept: a read before it fails. */
    public long windowStart() {
        synchronized (lock) {
            return windowStart;
        }
    }

    /** Playback has read up to {@code offset}: what lies before may be dropped. */
    public void played(long offset) {
        played.accumulateAndGet(offset, Math::max);
    }

    /** The playback's read offset, as last reported. */
    public long playedOffset() {
        return played.get();
    }

    /** Bytes received and not yet played: in memory or on disk. */
    public long unplayed() {
        return written + queued.get() - played.get();
    }

    @Override
    public ReadableByteChannel openAt(long position) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (position < windowStart) {
                throw new IOException("offset " + position + " was dropped from the spool (kept from " + windowStart + ")");
            }
        }
        return new Reader(position);
    }

    /** Deletes the files; reads fail from now on. Any thread. Idempotent. */
    public void delete() {
        List<Segment> all;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(segments);
            segments.clear();
            budget.release(kept);
            kept = 0;
        }
        writer.execute(this::closeOut);
        for (Segment s : all) {
            try {
                Files.deleteIfExists(s.file);
            } catch (IOException e) {
                log.warn("[spool {}] could not delete {}: {}", name, s.file, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "spool " + name;
    }

    // ---- writer queue

    private void drain() {
        if (endReason != null) {
            pending.clear();
            return;
        }
        SessionRecord r;
        boolean any = false;
        try {
            while ((r = pending.poll()) != null) {
                write(r);
                queued.addAndGet(-r.encodedLength());
                any = true;
            }
            if (any) {
                flush();
            }
        } catch (IOException e) {
            log.error("[spool {}] writing to {} failed: {}; the timeline ends", name, directory, e.toString());
            fail(EndReason.IO_ERROR, "the spool could not be written (" + e.getMessage() + ")");
            return;
        }
        if (ending != null && pending.isEmpty() && endReason == null) {
            closeOut();
            endReason = ending;
            any = true;
        }
        if (any) {
            dropPlayed();
            listener.changed();
        }
    }

    private void write(SessionRecord r) throws IOException {
        if (out == null || written + pendingBytes - outStart >= segmentBytes) {
            roll(); // between units: a unit never spans two segments
        }
        int n = r.encodedLength();
        if (n > buf.remaining()) {
            flush();
        }
        if (n > buf.capacity()) {
            ByteBuffer big = ByteBuffer.allocate(n);
            UnitEncoder.encode(r, big);
            big.flip();
            writeFully(big);
            written += n;
            return;
        }
        UnitEncoder.encode(r, buf);
        pendingBytes += n;
    }

    private void flush() throws IOException {
        if (buf.position() == 0) {
            return;
        }
        buf.flip();
        writeFully(buf);
        buf.clear();
        written += pendingBytes; // readers see whole units only
        pendingBytes = 0;
    }

    private void writeFully(ByteBuffer b) throws IOException {
        int n = b.remaining();
        while (b.hasRemaining()) {
            out.write(b);
        }
        synchronized (lock) {
            kept += n;
        }
        budget.take(n);
    }

    private void roll() throws IOException {
        flush();
        closeOut();
        boolean first;
        Path file;
        synchronized (lock) {
            if (closed) {
                throw new ClosedChannelException();
            }
            first = segments.isEmpty() && written == 0;
            file = directory.resolve(name + "-" + segments.size() + "-" + written + ".spool");
            segments.add(new Segment(written, file));
        }
        out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        outStart = written;
        if (first) {
            writeFully(ByteBuffer.wrap(MAGIC));
            written = MAGIC.length;
        }
    }

    private void closeOut() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.debug("[spool {}] closing a segment failed: {}", name, e.toString());
            }
            out = null;
        }
    }

    /** Drops the oldest segments wholly played while this spool or all spools are above their bound. */
    private void dropPlayed() {
        while (true) {
            Segment victim;
            synchronized (lock) {
                if (closed || segments.size() < 2 || (kept <= timelineBytes && !budget.over())) {
                    return;
                }
                Segment first = segments.peekFirst();
                Segment second = first == null ? null : segments.stream().skip(1).findFirst().orElse(null);
                if (second == null || second.start > played.get()) {
                    return; // the oldest segment still holds what was not played: never dropped
                }
                segments.removeFirst();
                long size = second.start - first.start;
                kept -= size;
                budget.release(size);
                windowStart = second.start;
                victim = first;
            }
            try {
                Files.deleteIfExists(victim.file);
            } catch (IOException e) {
                log.warn("[spool {}] could not delete {}: {}", name, victim.file, e.toString());
            }
            log.debug("[spool {}] dropped the oldest segment; rewind now reaches back to offset {}", name, windowStart);
        }
    }

    private void fail(EndReason reason, String detail) {
        if (endReason != null) {
            return;
        }
        pending.clear();
        queued.set(0);
        closeOut();
        if (ending == null) {
            ending = reason;
        }
        endingDetail = detail;
        endReason = reason;
        listener.changed();
    }

    /** Reads the segments from an offset up to what is on disk when it reads: at the edge, end of stream. */
    private final class Reader implements ReadableByteChannel {
        private long position;
        private FileChannel ch;
        private long chStart = -1;
        private long chEnd;
        private boolean open = true;

        Reader(long position) {
            this.position = position;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            long edge = written;
            if (position >= edge) {
                return -1;
            }
            if (ch == null || position >= chEnd) {
                openSegment();
            }
            int max = (int) Math.min(dst.remaining(), Math.min(edge, chEnd) - position);
            if (max <= 0) {
                return -1;
            }
            ByteBuffer slice = dst.slice();
            slice.limit(max);
            int n = ch.read(slice, position - chStart);
            if (n < 0) {
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
            Segment found = null;
            long end = Long.MAX_VALUE;
            synchronized (lock) {
                if (closed) {
                    throw new ClosedChannelException();
                }
                if (position < windowStart) {
                    throw new IOException("offset " + position + " was dropped from the spool");
                }
                for (Segment s : segments) {
                    if (s.start <= position) {
                        found = s;
                    } else {
                        end = s.start;
                        break;
                    }
                }
            }
            if (found == null) {
                throw new IOException("no spool segment holds offset " + position);
            }
            ch = FileChannel.open(found.file, StandardOpenOption.READ);
            chStart = found.start;
            chEnd = end;
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
}
