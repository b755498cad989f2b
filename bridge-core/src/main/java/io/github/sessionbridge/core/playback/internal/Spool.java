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
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Over 400 lines: one job, the kept window of a timeline (segment files and the memory ring under one
// lock, dropped only when played and unpinned) and the one writer queue that fills it; reading is
// SpoolReader, pins are SpoolPin.
/**
 * What one timeline received, kept so it can go back. Each record's wire bytes are copied as it arrives
 * into the spool's memory ring, and can be read at once from there (the ring holds everything the writer
 * thread has not yet put on disk, and the newest bytes that it has, so playback at the live edge never waits
 * for the disk); the writer appends them in batches (once {@link #FLUSH_BYTES} or {@link #FLUSH_UNITS}
 * units wait, or the stream ended) to segment files in the recording format (the first starts with the
 * magic), straight from the ring. Offsets are those of one continuous recording file; the oldest segments,
 * once played, may be dropped.
 *
 * <p>Why a ring of bytes and not the records themselves: nothing per record outlives its delivery. A
 * thousand live timelines keeping each record until it was written kept tens of thousands of small objects
 * alive across young collections, and every one stored into a long-lived queue cost the collector a card to
 * refine; the copy of a record into the ring is cheaper than either (BENCHMARKS.md). The ring starts at
 * {@link #RING_START} bytes, doubles while more waits for the disk than it holds (bounded by the timeline's
 * {@code memoryBytes}, at which the bridge stops reading the C connection), and goes back to its start size
 * once the disk has caught up.
 *
 * <p>Threads: {@link #append} and {@link #end} on the timeline's event thread; the writes on the spool's
 * writer queue; {@link #openAt}, {@link #played} and the getters from any thread.
 */
public final class Spool implements RecordingSource, GrowingSource {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final byte[] MAGIC = RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII);
    /** The writer is woken once this many bytes wait for it, or {@link #FLUSH_UNITS} units (or the stream ends). */
    static final long FLUSH_BYTES = 16 * 1024;
    /** Units waiting that wake the writer whatever their size: a quiet session's ring stays small. */
    private static final int FLUSH_UNITS = 64;
    /** The ring's size when the spool starts, and once the disk has caught up (a power of two). */
    static final int RING_START = 8 * 1024;
    /** A ring grown above this goes back to {@link #RING_START} once everything in it is on disk. */
    private static final int RING_KEEP = 64 * 1024;
    /**
     * The most that may wait for the disk: a record that would take a spool over it ends the timeline. With
     * {@code memoryBytes} at most 256 MiB (TimelineSpool) only a record of more than 768 MiB can.
     */
    private static final int RING_MAX = 1 << 30;
    private static final byte[] NO_RING = new byte[0];

    /** Hears of the spool's progress; called on the writer queue. */
    public interface Listener {
        /** More bytes can be read, or the spool ended (see {@link #ended()}), or it dropped a segment. */
        void changed();
    }

    /** A segment file from offset {@code start}, with the playback-time state before its first unit. */
    private record Segment(long start, Path file, boolean started, long latestTs, long elapsed) {
    }

    /** A new segment starts at the unit at {@code offset}, with the playback-time state before that unit. */
    private record Roll(long offset, boolean started, long latestTs, long elapsed) {
    }

    private final Path directory;
    private final String name;
    private final long segmentBytes;
    private final long timelineBytes;
    private final SpoolBudget budget;
    private final SerialExecutor writer;
    private final Listener listener;
    private final Runnable drainTask = this::drain;
    /** Units appended since the last drain was queued (event thread). */
    private int sinceDrain;
    /** A drain is queued on the writer and has not started taking what is pending. */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** The records' playback times, as the timeline's player gives them (event thread). */
    private final MediaTime times;
    /** Where the segment being filled started, as the event thread decides the rolls. */
    private long segmentFrom;
    private final AtomicLong played = new AtomicLong();
    private final Object lock = new Object();

    // guarded by lock
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    /** The segments to start, oldest first (the writer takes each when it gets there). */
    private final ArrayDeque<Roll> rolls = new ArrayDeque<>();
    /**
     * The newest bytes received, offset {@code o} at index {@code o & (ring.length - 1)}: everything from
     * {@link #ringFrom} to {@link #memEdge}, which includes all not yet on disk ({@code ringFrom <= written}).
     */
    private byte[] ring = NO_RING;
    private long ringFrom;
    private long windowStart;
    private long kept;
    private boolean closed;
    /** Offsets readers other than playback (searches) still need: no segment after the least is dropped. */
    private final List<Long> pins = new ArrayList<>();

    /** Bytes on disk: the offset just past the last unit written. */
    private volatile long written;
    /** Bytes received: on disk, then in memory (event thread writes, any thread reads). */
    private volatile long memEdge;
    /** The final edge once the stream ended or the spool failed; until then the edge is {@link #memEdge}. */
    private volatile Edge finalEdge;
    private volatile Runnable reader = () -> { };
    private volatile EndReason ending;
    private volatile String endingDetail;
    private volatile EndReason endReason;

    // writer queue
    private FileChannel out;

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

    /** Keeps {@code r}'s wire bytes, readable at once, and queues them for the disk. */
    public void append(SessionRecord r) {
        if (ending != null) {
            return;
        }
        // the record's own wire bytes when the decoder kept them, else encoded once; copied into the ring
        ByteBuffer b = r.encodedBuffer();
        int n = b.limit();
        long at = memEdge;
        boolean roll = at - segmentFrom >= segmentBytes; // between units: a unit never spans two segments
        long waiting;
        synchronized (lock) {
            if (closed) {
                return;
            }
            waiting = at + n - written;
            if (waiting <= RING_MAX) {
                if (roll) {
                    rolls.add(new Roll(at, times.started(), times.latestTimestamp(), times.elapsed()));
                    segmentFrom = at;
                }
                if (waiting > ring.length) {
                    grow(waiting);
                }
                int from = (int) (at & (ring.length - 1));
                int first = Math.min(n, ring.length - from);
                b.get(0, ring, from, first);
                if (first < n) {
                    b.get(first, ring, 0, n - first);
                }
                memEdge = at + n;
                ringFrom = Math.max(ringFrom, at + n - ring.length);
            }
        }
        if (waiting > RING_MAX) {
            log.error("[spool {}] a record of {} bytes does not fit what a spool holds in memory; the timeline ends", name, n);
            end(EndReason.IO_ERROR, "the spool cannot hold a record of " + n + " bytes (at most " + RING_MAX
                    + " bytes wait for the disk)");
            return;
        }
        times.advance(r.timestamp());
        // the disk gets batches, not a write per record (playback reads the newest records from memory); one
        // drain queued at a time, and it takes everything waiting
        if ((waiting >= FLUSH_BYTES || ++sinceDrain >= FLUSH_UNITS) && !drainQueued.getAndSet(true)) {
            sinceDrain = 0;
            writer.execute(drainTask);
        }
        reader.run();
    }

    /** A ring that holds {@code need} bytes from {@link #written}, keeping those (lock held). */
    private void grow(long need) {
        byte[] old = ring;
        byte[] grown = new byte[(int) Math.max(RING_START, Long.highestOneBit(Math.max(1, need - 1)) << 1)];
        long from = written;
        copyOut(old, from, memEdge, grown);
        ring = grown;
        ringFrom = from;
    }

    /** Copies offsets {@code from} to {@code to} of {@code src} (a ring) to the same offsets of ring {@code dst}. */
    private static void copyOut(byte[] src, long from, long to, byte[] dst) {
        for (long o = from; o < to; ) {
            int si = (int) (o & (src.length - 1));
            int di = (int) (o & (dst.length - 1));
            int n = (int) Math.min(to - o, Math.min(src.length - si, dst.length - di));
            System.arraycopy(src, si, dst, di, n);
            o += n;
        }
    }

    /** No record follows: once the queued ones are on disk the spool has ended with {@code reason}. */
    public void end(EndReason reason, String detail) {
        if (ending != null) {
            return;
        }
        endingDetail = detail;
        ending = reason;
        finalEdge = Edge.ended(memEdge, reason); // playback may reach the end before the disk does
        writer.execute(drainTask);
        reader.run();
    }

    // ---- any thread

    @Override
    public Edge edge() {
        Edge f = finalEdge;
        return f != null ? f : Edge.growing(memEdge);
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
        long w = written; // first: the edge read after it is at least as far
        return memEdge - w;
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
            ring = NO_RING;
            ringFrom = Long.MAX_VALUE;
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
            return;
        }
        boolean any = false;
        try {
            while (true) {
                byte[] from;
                long start;
                long end;
                Roll roll;
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    from = ring;
                    start = written;
                    end = memEdge;
                    roll = rolls.peekFirst();
                }
                if (roll != null && roll.offset() == start) {
                    roll(roll);
                    synchronized (lock) {
                        rolls.removeFirst();
                    }
                    continue;
                }
                if (start >= end) {
                    break;
                }
                if (roll != null && roll.offset() < end) {
                    end = roll.offset();
                }
                // the bytes from written on are not overwritten until onDisk moves it: written outside the lock
                writeRing(from, start, end);
                onDisk(end - start);
                any = true;
            }
        } catch (IOException e) {
            log.error("[spool {}] writing to {} failed: {}; the timeline ends", name, directory, e.toString(), e);
            fail(EndReason.IO_ERROR, "the spool could not be written (" + e.getMessage() + ")");
            return;
        }
        if (ending != null && queued() == 0 && endReason == null) {
            closeOut();
            endReason = ending;
            any = true;
        }
        if (any) {
            dropPlayed();
            listener.changed();
        }
    }

    /** Writes offsets {@code start} to {@code end} of ring {@code from} to the current segment. */
    private void writeRing(byte[] from, long start, long end) throws IOException {
        int mask = from.length - 1;
        int i = (int) (start & mask);
        int n = (int) (end - start);
        int first = Math.min(n, from.length - i);
        if (first == n) {
            writeFully(ByteBuffer.wrap(from, i, n));
        } else {
            ByteBuffer[] two = {ByteBuffer.wrap(from, i, first), ByteBuffer.wrap(from, 0, n - first)};
            while (two[1].hasRemaining()) {
                out.write(two);
            }
            account(n);
        }
    }

    /** {@code n} more bytes are on disk: the ring may take their place, and shrinks once all is on disk. */
    private void onDisk(long n) {
        synchronized (lock) {
            written += n;
            if (written == memEdge && ring.length > RING_KEEP) {
                ring = new byte[RING_START];
                ringFrom = written;
            }
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        int n = b.remaining();
        while (b.hasRemaining()) {
            out.write(b);
        }
        account(n);
    }

    private void account(int n) {
        synchronized (lock) {
            kept += n;
        }
        budget.take(n);
    }

    /** Starts a new segment, before the unit at {@code next} ({@code null}: the first segment, at the magic). */
    private void roll(Roll next) throws IOException {
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
        if (first) {
            writeFully(ByteBuffer.wrap(MAGIC));
            synchronized (lock) {
                written = MAGIC.length;
                memEdge = MAGIC.length;
                ringFrom = MAGIC.length;
            }
            segmentFrom = MAGIC.length;
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
        closeOut();
        if (ending == null) {
            ending = reason;
        }
        endingDetail = detail;
        endReason = reason;
        // what was received stays readable (from memory what did not reach the disk); nothing more comes
        finalEdge = Edge.ended(memEdge, reason);
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

    /** Copies from the memory ring at {@code position} into {@code dst}; 0 if that part is only on disk now. */
    int copyFromMemory(long position, ByteBuffer dst) {
        synchronized (lock) {
            if (position < ringFrom || position >= memEdge) {
                return 0;
            }
            int i = (int) (position & (ring.length - 1));
            int n = (int) Math.min(dst.remaining(), Math.min(memEdge - position, ring.length - i));
            dst.put(dst.position(), ring, i, n).position(dst.position() + n);
            return n;
        }
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
