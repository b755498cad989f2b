package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.SerialExecutor;
import io.github.sessionbridge.core.playback.RecordingSource;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
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
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Over 400 lines: one job, the kept window of a timeline (segment files and the memory window under one
// lock, dropped only when played and unpinned) and the one writer queue that fills it; reading is
// SpoolReader, pins are SpoolPin.
/**
 * What one timeline received, kept so it can go back. Each record's wire bytes are kept as it arrives (the
 * decoder's own array when it read the record whole, no copy) and can be read
 * at once from memory (the window: what the writer thread has not yet put on disk, so playback at the live
 * edge never waits for the disk); the writer appends them in batches (once {@link #FLUSH_BYTES} or
 * {@link #FLUSH_UNITS} units wait, or the stream ended) to segment files in the recording format (the first
 * starts with the magic), and the memory is let go. Offsets are those of one continuous recording
 * file; the oldest segments, once played, may be dropped.
 *
 * <p>Threads: {@link #append} and {@link #end} on the timeline's event thread; the writes on the spool's
 * writer queue; {@link #openAt}, {@link #played} and the getters from any thread.
 */
public final class Spool implements RecordingSource, GrowingSource {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final byte[] MAGIC = RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII);
    /** The writer is woken once this many bytes wait for it, or {@link #FLUSH_UNITS} units (or the stream ends). */
    static final long FLUSH_BYTES = 16 * 1024;
    /** Units waiting that wake the writer whatever their size: small records cost more heap than their bytes. */
    private static final int FLUSH_UNITS = 64;

    /** Hears of the spool's progress; called on the writer queue. */
    public interface Listener {
        /** More bytes can be read, or the spool ended (see {@link #ended()}), or it dropped a segment. */
        void changed();
    }

    /** A segment file from offset {@code start}, with the playback-time state before its first unit. */
    private record Segment(long start, Path file, boolean started, long latestTs, long elapsed) {
    }

    /** A unit waiting for the disk, with the playback-time state before it (what a segment starting there keeps). */
    private record Pending(ByteBuffer unit, boolean started, long latestTs, long elapsed) {
    }

    /** A unit in the memory window: its wire bytes (read-only, from position 0) from offset {@code start}. */
    private record Chunk(long start, ByteBuffer bytes) {
        long end() {
            return start + bytes.limit();
        }
    }

    private final Path directory;
    private final String name;
    private final long segmentBytes;
    private final long timelineBytes;
    private final SpoolBudget budget;
    private final SerialExecutor writer;
    private final Listener listener;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Runnable drainTask = this::drain;
    /** Units appended since the last drain was queued (event thread). */
    private int sinceDrain;
    /** A drain is queued on the writer and has not started taking what is pending. */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** The records' playback times, as the timeline's player gives them (event thread). */
    private final MediaTime times;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong played = new AtomicLong();
    private final Object lock = new Object();

    // guarded by lock
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    /** Encoded units from {@link #written} to {@link #memEdge}, oldest first (the writer removes them once on disk). */
    private final ArrayDeque<Chunk> memory = new ArrayDeque<>();
    private long windowStart;
    private long kept;
    private boolean closed;
    /** Offsets readers other than playback (searches) still need: no segment after the least is dropped. */
    private final List<Long> pins = new ArrayList<>();

    /** Bytes on disk: the offset just past the last unit written. */
    private volatile long written;
    /** Bytes received: on disk, then in memory (event thread writes, any thread reads). */
    private volatile long memEdge;
    private volatile Edge edge = Edge.growing(0);
    private volatile Runnable reader = () -> { };
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
    Spool(Path directory, String name, long timelineBytes, SpoolBudget budget, Executor writer,
            Listener listener) {
        this(directory, name, timelineBytes, budget, writer, listener, MediaTime.NO_LIMIT);
    }

    /** As above, the records timed with the player's idle limit {@code idleLimitMillis} (see {@link #pin()}). */
    Spool(Path directory, String name, long timelineBytes, SpoolBudget budget, Executor writer,
            Listener listener, long idleLimitMillis) {
        this.times = new MediaTime(idleLimitMillis);
        this.directory = directory;
        this.name = name;
        this.timelineBytes = timelineBytes;
        this.segmentBytes = Math.max(64 * 1024, timelineBytes / 8);
        this.budget = budget;
        this.listener = listener;
        this.writer = new SerialExecutor(writer, Integer.MAX_VALUE, new SerialExecutor.Hooks() {
            @Override
            public boolean rejected(RejectedExecutionException e, SerialExecutor queue) {
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
        roll(null);
    }

    // ---- event thread

    /** Queues {@code r} for the disk. */
    public void append(SessionRecord r) {
        if (ending != null) {
            return;
        }
        // the record's own wire bytes when the decoder kept them (no copy), else encoded once
        ByteBuffer b = r.encodedBuffer();
        int n = b.limit();
        Pending p = new Pending(b, times.started(), times.latestTimestamp(), times.elapsed());
        times.advance(r.timestamp());
        synchronized (lock) {
            memory.add(new Chunk(memEdge, b));
            memEdge += n;
        }
        long waiting = queued.addAndGet(n);
        edge = Edge.growing(memEdge);
        pending.add(p);
        // the disk gets batches, not a write per record (playback reads the newest records from memory); one
        // drain queued at a time, and it takes everything pending
        if ((waiting >= FLUSH_BYTES || ++sinceDrain >= FLUSH_UNITS) && !drainQueued.getAndSet(true)) {
            sinceDrain = 0;
            writer.execute(drainTask);
        }
        reader.run();
    }

    /** No record follows: once the queued ones are on disk the spool has ended with {@code reason}. */
    public void end(EndReason reason, String detail) {
        if (ending != null) {
            return;
        }
        endingDetail = detail;
        ending = reason;
        edge = Edge.ended(memEdge, reason); // playback may reach the end before the disk does
        writer.execute(drainTask);
        reader.run();
    }

    // ---- any thread

    @Override
    public Edge edge() {
        return edge;
    }

    @Override
    public void listen(Runnable onChange) {
        reader = onChange;
    }

    /** Bytes that can be read: the offset just past the last unit received (the magic counts). */
    public long received() {
        return memEdge;
    }

    /** Bytes received but not yet on disk: the memory window. */
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
    @Override
    public long windowStart() {
        synchronized (lock) {
            return windowStart;
        }
    }

    /**
     * Playback has played up to {@code offset}: what lies before may be dropped, what lies after is unplayed
     * (after a seek backwards, again).
     */
    @Override
    public void played(long offset) {
        synchronized (lock) { // no drop decided on an older value completes after this returns
            played.set(offset);
        }
    }

    /**
     * Keeps what lies from the window's start on readable until the returned handle is run (a search reading
     * the received part): no segment it needs is dropped meanwhile, whatever playback does. Any thread.
     *
     * @return the pinned offset (the window's start when called) and the handle that lets it go (idempotent)
     */
    public SpoolPin pin() {
        synchronized (lock) {
            long at = windowStart;
            pins.add(at);
            Segment first = segments.peekFirst();
            if (at <= MAGIC.length || first == null || first.start != at) {
                // nothing dropped: from the first record
                return new SpoolPin(this, at, MAGIC.length, times.idleLimit(), false, 0, 0);
            }
            return new SpoolPin(this, at, at, times.idleLimit(), first.started, first.latestTs, first.elapsed);
        }
    }

    /** Lets go of a pin taken at {@code held}: what only it kept may be dropped now. */
    void unpin(long held) {
        boolean open;
        synchronized (lock) {
            pins.remove(Long.valueOf(held));
            open = !closed;
        }
        if (open) {
            writer.execute(this::dropPlayed); // what it held may be over the bounds now
        }
    }

    /** The least offset anything still reads from: playback's, or a pin's. */
    private long neededFrom() {
        long need = played.get();
        for (long p : pins) {
            need = Math.min(need, p);
        }
        return need;
    }

    /** The playback's read offset, as last reported. */
    public long playedOffset() {
        return played.get();
    }

    /** Bytes received and not yet played: in memory or on disk. */
    public long unplayed() {
        return memEdge - played.get();
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
        return new SpoolReader(this, position);
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
        drainQueued.set(false); // an append from now on queues another drain
        if (endReason != null) {
            pending.clear();
            return;
        }
        Pending r;
        boolean any = false;
        try {
            while ((r = pending.poll()) != null) {
                write(r);
                any = true;
            }
            if (any) {
                flush();
            }
        } catch (IOException e) {
            log.error("[spool {}] writing to {} failed: {}; the timeline ends", name, directory, e.toString(), e);
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

    private void write(Pending p) throws IOException {
        ByteBuffer unit = p.unit();
        if (out == null || written + pendingBytes - outStart >= segmentBytes) {
            roll(p); // between units: a unit never spans two segments
        }
        int n = unit.limit();
        if (n > buf.remaining()) {
            flush();
        }
        if (n > buf.capacity()) {
            writeFully(unit.duplicate());
            onDisk(n);
            return;
        }
        buf.put(buf.position(), unit, 0, n).position(buf.position() + n);
        pendingBytes += n;
    }

    /** {@code n} more bytes are on disk: the memory window lets them go. */
    private void onDisk(long n) {
        queued.addAndGet(-n);
        synchronized (lock) {
            written += n;
            // on disk, a unit leaves memory once played or well behind the edge: playback at the live edge
            // reads the newest units from memory even just after they were written
            long playedTo = played.get();
            while (!memory.isEmpty() && memory.peekFirst().end() <= written
                    && (memory.peekFirst().end() <= playedTo || memEdge - memory.peekFirst().end() >= FLUSH_BYTES)) {
                memory.removeFirst();
            }
        }
    }

    private void flush() throws IOException {
        if (buf.position() == 0) {
            return;
        }
        buf.flip();
        writeFully(buf);
        buf.clear();
        long n = pendingBytes;
        pendingBytes = 0;
        onDisk(n);
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

    /** Starts a new segment, before unit {@code next} ({@code null}: the first segment, at the magic). */
    private void roll(Pending next) throws IOException {
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
            segments.add(next == null ? new Segment(written, file, false, 0, 0)
                    : new Segment(written, file, next.started(), next.latestTs(), next.elapsed()));
        }
        out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        outStart = written;
        if (first) {
            writeFully(ByteBuffer.wrap(MAGIC));
            synchronized (lock) {
                written = MAGIC.length;
                memEdge = MAGIC.length;
            }
            edge = Edge.growing(memEdge);
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
                if (second == null || second.start > neededFrom()) {
                    return; // the oldest segment still holds what was not played (or a search reads): never dropped
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
        closeOut();
        if (ending == null) {
            ending = reason;
        }
        endingDetail = detail;
        endReason = reason;
        // what was received stays readable (from memory what did not reach the disk); nothing more comes
        edge = Edge.ended(memEdge, reason);
        reader.run();
        listener.changed();
    }

    // ---- for SpoolReader (any thread)

    /** The offset just past the last unit on disk. */
    long writtenOffset() {
        return written;
    }

    /** The offset just past the last unit received. */
    long receivedOffset() {
        return memEdge;
    }

    /** Copies from the memory window at {@code position} into {@code dst}; 0 if that part has gone to disk. */
    int copyFromMemory(long position, ByteBuffer dst) {
        synchronized (lock) {
            if (memory.isEmpty() || position < memory.peekFirst().start) {
                return 0;
            }
            // readers are mostly at the live edge: look from the newest
            for (Iterator<Chunk> it = memory.descendingIterator(); it.hasNext(); ) {
                Chunk c = it.next();
                if (position >= c.end()) {
                    break;
                }
                if (position >= c.start) {
                    int from = (int) (position - c.start);
                    int n = Math.min(dst.remaining(), c.bytes.limit() - from);
                    dst.put(dst.position(), c.bytes, from, n).position(dst.position() + n);
                    return n;
                }
            }
        }
        return 0;
    }

    /** The segment file holding {@code position}: its path, first offset, and the next segment's (or none). */
    record SegmentSpan(Path file, long start, long end) {
    }

    /** The segment holding {@code position}. */
    SegmentSpan segmentAt(long position) throws IOException {
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
        return new SegmentSpan(found.file, found.start, end);
    }
}
