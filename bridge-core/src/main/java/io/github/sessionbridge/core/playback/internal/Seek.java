package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * One seek, run a step at a time on the player's task queue. For a seekable recording it goes through its
 * {@link Phase phases}: index up to the target, find the resume point from the checkpoint before it, send
 * the terminal state from the keyframe before it and the frames from the full-screen frame before it, then
 * put the play cursor at the resume point. For a forward-only recording it sends every record up to the
 * target at once (exact, just not fast).
 *
 * <p>Of a {@linkplain GrowingSource growing} recording a target past what has been received <b>clamps to
 * the edge</b>: the screen of the last record received is sent, and the position is that record's time.
 *
 * <p>Confined to the player's task queue.
 */
final class Seek {

    /** Where a seek stands. */
    enum Phase {
        /** Indexing up to the target, a slice per step (the index must hold the keyframe before it). */
        INDEXING,
        /** The resume point, the terminal position and the first frame to send are known. */
        LOCATED,
        /** Sending the screen: the keyframe's prefix and the bytes and frames after it, a slice per step. */
        REPLAYING,
        /** A forward-only recording: sending every record up to the target. */
        FORWARDING,
        /** Done: the play cursor is at the resume point, {@link #position()} is where playback goes on. */
        DONE
    }

    /** What a seek needs from its player. */
    interface Host {
        /** Hands {@code r} to the client (through flow control). */
        void deliver(SessionRecord r);

        /** Whether the player has ended (a send may end it). */
        boolean finished();

        /** Whether the client is above the high-water mark: the seek waits until the player runs it again. */
        boolean clientBehind();

        /** Whether a terminal record was sent before (the screen must then be reset even for target 0). */
        boolean terminalSent();

        /** Runs {@link #step} again later, as a new task. */
        void again();

        /** Makes the play reader's next record pending; false when there is none (the player ended, or at the edge). */
        boolean loadNext();
    }

    static final int CHUNK = 64 * 1024;

    private final long target;
    private final Recording recording;
    private final GrowingSource source;
    private final Indexer indexer;
    private final PlayReader reader;
    private final Host host;
    private final long idleLimit;
    private final long slice;
    private Phase phase;
    private long position;

    // the resume point
    private long resumeOffset;
    private boolean atEnd;
    private boolean resumeStarted;
    private long resumeLatest;
    private long resumeElapsed;
    private long lastIncludedMedia;
    private long lastTs;
    private long terminalTarget;
    private long frameStart = -1;

    // the replay
    private UnitCursor replay;
    private SeekIndex.Keyframe keyframe; // null: no terminal state to rebuild
    private long keyframeRecord = Long.MAX_VALUE;
    private long recordTerminal = -1;
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream();

    /**
     * @param target    the target's playback time (not negative)
     * @param from      the playback position when the seek starts
     * @param recording the recording
     * @param source    how far it reaches
     * @param indexer   its index
     * @param reader    the play cursor, which the seek moves
     * @param idleLimit the idle limit, milliseconds
     * @param slice     the most bytes read per step
     * @param host      the player
     */
    Seek(long target, long from, Recording recording, GrowingSource source, Indexer indexer, PlayReader reader,
            long idleLimit, long slice, Host host) {
        this.target = target;
        this.recording = recording;
        this.source = source;
        this.indexer = indexer;
        this.reader = reader;
        this.idleLimit = idleLimit;
        this.slice = slice;
        this.host = host;
        this.position = from;
        this.phase = recording.isSeekable() ? Phase.INDEXING : Phase.FORWARDING;
        if (recording.isSeekable()) {
            reader.drop();
        }
    }

    Phase phase() {
        return phase;
    }

    long target() {
        return target;
    }

    /** Where playback goes on, once {@link Phase#DONE}. */
    long position() {
        return position;
    }

    /** Whether, once {@link Phase#DONE}, it went to the end of what was there: playback goes on at the edge. */
    boolean reachedEdge() {
        return atEnd;
    }

    /**
     * Runs the seek as far as it can now.
     *
     * @return true when it must wait (for the client, or its next step, already posted), false when done
     * @throws IOException on a read failure (the player ends IO_ERROR)
     */
    boolean step() throws IOException {
        if (phase == Phase.FORWARDING) {
            return forward();
        }
        if (phase == Phase.INDEXING) {
            if (!indexer.indexAhead(target, slice)) {
                host.again();
                return true;
            }
            locate();
            phase = Phase.LOCATED;
        }
        if (phase == Phase.LOCATED) {
            startReplay();
            phase = Phase.REPLAYING;
        }
        if (phase == Phase.REPLAYING) {
            if (replaySlice()) {
                return true;
            }
        }
        // resume playing from the resume point
        close();
        reader.moveTo(resumeOffset, resumeStarted, resumeLatest, resumeElapsed);
        position = atEnd ? lastIncludedMedia : Math.max(target, lastIncludedMedia);
        phase = Phase.DONE;
        return false;
    }

    private boolean forward() {
        while (true) {
            if (!reader.pending() && !host.loadNext()) {
                if (host.finished()) {
                    return true;
                }
                atEnd = true;
                phase = Phase.DONE; // at the edge of what was received
                return false;
            }
            if (reader.nextMedia() > target) {
                position = Math.max(position, target);
                phase = Phase.DONE;
                return false;
            }
            if (host.clientBehind()) {
                return true;
            }
            position = reader.nextMedia();
            host.deliver(reader.take());
            if (host.finished()) {
                return true;
            }
        }
    }

    /** Reads from the checkpoint before the target to the first record after it (or the edge). */
    private void locate() throws IOException {
        SeekIndex index = indexer.index();
        SeekIndex.Checkpoint cp = index.checkpoint(index.checkpointAtOrBefore(target));
        MediaTime tl = new MediaTime(idleLimit);
        tl.restore(cp.records() > 0, cp.latestTs(), cp.elapsed());
        long tb = cp.terminal();
        long frameKey = cp.frameKey();
        int extentW = cp.extentWidth();
        int extentH = cp.extentHeight();
        boolean frames = extentW > 0;
        lastTs = 0;
        lastIncludedMedia = 0;
        try (UnitCursor c = UnitCursor.open(recording, source, cp.offset())) {
            while (true) {
                UnitCursor.Kind k;
                try {
                    k = c.next();
                } catch (ProtocolException e) {
                    k = UnitCursor.Kind.END_OF_FILE; // the playing cursor meets the error again
                }
                if (k != UnitCursor.Kind.RECORD) { // the end, or the edge of what was received: clamped to it
                    atEnd = true;
                    resumeOffset = c.unitOffset();
                    resumeStarted = tl.started();
                    resumeLatest = tl.latestTimestamp();
                    resumeElapsed = tl.elapsed();
                    lastIncludedMedia = tl.elapsed();
                    break;
                }
                boolean wasStarted = tl.started();
                long latest = tl.latestTimestamp();
                long elapsed = tl.elapsed();
                long media = tl.advance(c.timestamp());
                if (media > target) {
                    resumeOffset = c.unitOffset();
                    resumeStarted = wasStarted;
                    resumeLatest = latest;
                    resumeElapsed = elapsed;
                    break;
                }
                lastIncludedMedia = media;
                lastTs = c.timestamp();
                if (c.type() == RecordType.TERMINAL_DATA) {
                    tb += c.contentLength();
                } else if (c.type() == RecordType.SCREEN_FRAME) {
                    frames = true;
                    extentW = Math.max(extentW, c.x() + c.width());
                    extentH = Math.max(extentH, c.y() + c.height());
                    if (c.x() == 0 && c.y() == 0 && c.width() >= extentW && c.height() >= extentH) {
                        frameKey = c.unitOffset();
                    }
                }
            }
        }
        terminalTarget = tb;
        frameStart = frames ? (frameKey >= 0 ? frameKey : UnitCursor.MAGIC_LENGTH) : -1;
    }

    private void startReplay() throws IOException {
        SeekIndex index = indexer.index();
        if (terminalTarget > 0 || host.terminalSent()) {
            keyframe = index.keyframe(index.keyframeFor(terminalTarget));
            keyframeRecord = keyframe.recordOffset();
            keyframe.prefix().writeTo(chunk);
        }
        long start = Math.min(keyframe != null && terminalTarget > keyframe.position() ? keyframeRecord : Long.MAX_VALUE,
                frameStart >= 0 ? frameStart : Long.MAX_VALUE);
        if (start != Long.MAX_VALUE && start < resumeOffset) {
            replay = UnitCursor.open(recording, source, start);
        }
    }

    /** True when it must wait. */
    private boolean replaySlice() throws IOException {
        long budget = slice;
        while (replay != null) {
            if (budget <= 0) {
                host.again();
                return true;
            }
            if (replay.offset() >= resumeOffset) {
                break;
            }
            UnitCursor.Kind k = replay.next();
            if (k != UnitCursor.Kind.RECORD || replay.unitOffset() >= resumeOffset) {
                break;
            }
            long off = replay.unitOffset();
            budget -= replay.encodedLength();
            if (replay.type() == RecordType.TERMINAL_DATA && keyframe != null && off >= keyframeRecord) {
                if (recordTerminal < 0) {
                    recordTerminal = keyframe.recordStart();
                }
                long start = recordTerminal;
                long from = Math.max(0, keyframe.position() - start);
                long to = Math.min(replay.contentLength(), terminalTarget - start);
                long[] at = {0};
                replay.readContent((b, o, n) -> {
                    long s = Math.max(from, at[0]);
                    long e = Math.min(to, at[0] + n);
                    if (e > s) {
                        chunk.write(b, o + (int) (s - at[0]), (int) (e - s));
                    }
                    at[0] += n;
                });
                recordTerminal += replay.contentLength();
                if (chunk.size() >= CHUNK && flushChunk()) {
                    return true;
                }
            } else if (replay.type() == RecordType.SCREEN_FRAME && frameStart >= 0 && off >= frameStart) {
                if (flushChunk()) {
                    return true;
                }
                host.deliver(replay.record());
                if (host.finished()) {
                    return true;
                }
                if (host.clientBehind()) {
                    return true;
                }
            }
        }
        return flushChunk();
    }

    /** Sends what the chunk holds; true when the client is now too far behind (the seek waits). */
    private boolean flushChunk() {
        if (chunk.size() > 0) {
            host.deliver(new TerminalData(lastTs, chunk.toByteArray()));
            chunk.reset();
            if (host.finished()) {
                return true;
            }
        }
        return host.clientBehind();
    }

    /** Lets go of what it reads (replaced by another seek, or the player ended). */
    void close() {
        Indexer.closeQuietly(replay);
        replay = null;
    }

    @Override
    public String toString() {
        return "Seek[to " + target + " ms, " + phase + "]";
    }
}
