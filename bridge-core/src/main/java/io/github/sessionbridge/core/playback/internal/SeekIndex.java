package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.Reasons;
import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * One player's seek index, built while the recording streams past (played, or scanned ahead when a
 * seek or a duration needs it), never by a separate pass over the whole file. Records are observed
 * in file order from the first one; whatever is read again after a seek is not observed twice.
 *
 * <ul>
 *   <li><b>Checkpoints</b>, every {@value #CHECKPOINT_MILLIS} ms of playback time or
 *       {@value #CHECKPOINT_BYTES} bytes of file: a record's file offset and index, its playback time,
 *       the timeline's state before it, the terminal byte position before it, and the latest
 *       full-screen frame before it. A seek starts reading at the checkpoint before its target.</li>
 *   <li><b>Terminal keyframes</b> from the {@link TerminalTracker}: a terminal byte position, the record
 *       that holds it, the state prefix, and the range of targets it serves. At most one per
 *       {@value #KEYFRAME_MIN_BYTES} terminal bytes or {@value #KEYFRAME_MIN_MILLIS} ms.</li>
 *   <li>Counts, the latest playback time and how the recording ends, once it was read to its end.</li>
 * </ul>
 * Memory grows with the recording's length in time (64 bytes per checkpoint and 56 plus the prefix
 * per keyframe), never with its size in bytes, and is bounded by construction whatever the content: at
 * most {@value #MAX_CHECKPOINTS} checkpoints, {@value #MAX_KEYFRAMES} keyframes and
 * {@value #MAX_PREFIX_TOTAL} bytes of prefixes (a prefix is shared by consecutive keyframes taken in one
 * terminal state, and at most {@link TerminalTracker#MAX_PREFIX_LENGTH} bytes). Reaching a cap
 * <em>thins</em> the index: every other checkpoint (or keyframe) is dropped, the first always kept, and
 * the spacing between new ones doubles. Seeking stays exact, reading or replaying more per seek.
 * {@link #retainedBytes()} says what it holds, never more than {@link #MAX_RETAINED_BYTES}.
 *
 * <p>Not thread-safe: confined to its player.
 */
final class SeekIndex implements TerminalTracker.Listener {

    static final long CHECKPOINT_MILLIS = 2_000;
    static final long CHECKPOINT_BYTES = 1024 * 1024;
    static final long KEYFRAME_MIN_BYTES = 16 * 1024;
    static final long KEYFRAME_MIN_MILLIS = 1_000;
    static final int RECENT = 64;
    /** The most checkpoints kept. */
    static final int MAX_CHECKPOINTS = 8192;
    /** The most keyframes kept. */
    static final int MAX_KEYFRAMES = 2048;
    /** The most prefix bytes kept (distinct prefixes, with their headers). */
    static final int MAX_PREFIX_TOTAL = 512 * 1024;

    private final MediaTime timeline;
    private final TerminalTracker tracker = new TerminalTracker(this);
    private final OutputStream trackerInput = new OutputStream() {
        @Override
        public void write(int b) {
            tracker.feed(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            tracker.feed(b, off, len);
        }
    };

    // progress
    private long frontier = UnitCursor.MAGIC_LENGTH;
    private long records;
    private long lastMedia;
    private boolean complete;
    private EndReason ending;
    private long terminalRecords;
    private long frames;
    private long inputs;

    // graphical
    private int extentWidth;
    private int extentHeight;
    private long frameKeyframe = -1;

    private final Checkpoints checkpoints = new Checkpoints();
    private final Keyframes keyframes = new Keyframes();

    SeekIndex(long idleLimitMillis) {
        this.timeline = new MediaTime(idleLimitMillis);
    }

    /** The file offset of the first unit not observed yet. */
    long frontier() {
        return frontier;
    }

    /** Whether the recording was observed to its end. */
    boolean complete() {
        return complete;
    }

    /** How it ends, once {@link #complete()}. */
    EndReason ending() {
        return ending;
    }

    /** The playback time of the latest record observed (the duration, once complete). */
    long lastMedia() {
        return lastMedia;
    }

    /** Records observed. */
    long records() {
        return records;
    }

    /** Whether the recording has a record after playback time {@code media} observed, or is complete. */
    boolean covers(long media) {
        return complete || (records > 0 && lastMedia > media);
    }

    // ---- observing

    /** The record at the frontier, read whole by a player. */
    void observe(long offset, SessionRecord r) {
        header(offset, r.type(), r.timestamp(), r.encodedLength(),
                r instanceof io.github.sessionbridge.protocol.ScreenFrame f ? f : null);
        if (r instanceof TerminalData) {
            try {
                r.writeContentTo(trackerInput);
            } catch (IOException e) {
                throw new IllegalStateException(e); // not thrown by trackerInput
            }
        }
    }

    /** Observes the unit at the cursor (at the frontier) by its header, reading only terminal content. */
    void observe(UnitCursor c) throws IOException {
        if (c.control() != null) {
            end(Reasons.of(c.control()));
            return;
        }
        long offset = c.unitOffset();
        RecordType t = c.type();
        header(offset, t, c.timestamp(), c.encodedLength(), null);
        if (t == RecordType.SCREEN_FRAME) {
            frame(offset, c.x(), c.y(), c.width(), c.height());
        } else if (t == RecordType.TERMINAL_DATA) {
            c.readContent(tracker::feed);
        }
    }

    private void header(long offset, RecordType type, long ts, int encodedLength, io.github.sessionbridge.protocol.ScreenFrame f) {
        boolean started = timeline.started();
        long latest = timeline.latestTimestamp();
        long elapsedBefore = timeline.elapsed();
        long media = timeline.advance(ts);
        if (checkpoints.due(offset, media)) {
            checkpoints.add(offset, records, media, started ? latest : ts, started ? elapsedBefore : 0, tracker.position(),
                    frameKeyframe, extentWidth, extentHeight);
        }
        records++;
        lastMedia = media;
        frontier = offset + encodedLength;
        switch (type) {
            case TERMINAL_DATA -> {
                terminalRecords++;
                keyframes.terminalRecord(offset, tracker.position());
            }
            case SCREEN_FRAME -> {
                frames++;
                if (f != null) {
                    frame(offset, f.x(), f.y(), f.width(), f.height());
                }
            }
            case INPUT_EVENT -> inputs++;
        }
    }

    private void frame(long offset, int x, int y, int w, int h) {
        extentWidth = Math.max(extentWidth, x + w);
        extentHeight = Math.max(extentHeight, y + h);
        if (x == 0 && y == 0 && w >= extentWidth && h >= extentHeight) {
            frameKeyframe = offset;
        }
    }

    /** The frontier unit is a control byte, or the file ends at the frontier. */
    void end(EndReason reason) {
        if (!complete) {
            complete = true;
            ending = reason;
        }
    }

    // ---- the tracker's events

    @Override
    public void keyframe(long position, long activeFrom, Supplier<TerminalTracker.Prefix> prefix) {
        keyframes.add(position, activeFrom, prefix, lastMedia);
    }

    @Override
    public void invalidate(long threshold, long at) {
        keyframes.invalidate(threshold, at);
    }

    // ---- lookups

    /** The last checkpoint whose record plays at or before {@code media} (0 if none does). */
    int checkpointAtOrBefore(long media) {
        return checkpoints.atOrBefore(media);
    }

    int checkpointCount() {
        return checkpoints.count();
    }

    /**
     * Where playback stands at a checkpoint: the unit's file offset, records before it, the latest timestamp
     * and the playback time elapsed there, terminal bytes before it, the screen frame key and extent.
     */
    record Checkpoint(long offset, long records, long latestTs, long elapsed, long terminal, long frameKey,
            int extentWidth, int extentHeight) {
    }

    /** Checkpoint {@code i}, a copy of what the index holds in its arrays (which keep it small). */
    Checkpoint checkpoint(int i) {
        if (checkpoints.count() == 0) { // no record observed yet: the start of the recording (offset 0 is the magic)
            return new Checkpoint(UnitCursor.MAGIC_LENGTH, 0, 0, 0, 0, -1, 0, 0);
        }
        return checkpoints.get(i);
    }

    /**
     * A keyframe: the terminal position it stands for, the file offset and terminal position of the record it
     * lies in, and the prefix that rebuilds the terminal's state there.
     */
    record Keyframe(long position, long recordOffset, long recordStart, TerminalTracker.Prefix prefix) {
    }

    /** Keyframe {@code i}, a copy of what the index holds in its arrays. */
    Keyframe keyframe(int i) {
        return keyframes.get(i);
    }

    /** The keyframe to replay from for a screen made of terminal bytes {@code [0, target)}. */
    int keyframeFor(long target) {
        return keyframes.keyframeFor(target);
    }

    int keyframeCount() {
        return keyframes.count();
    }

    /** The most {@link #retainedBytes()} can say, whatever the recording. */
    static final long MAX_RETAINED_BYTES = 256 + 2 * 64 // the index's own fields, the timeline, the tracker's input
            // stream; its checkpoints' and keyframes' own fields
            + 9 * 16 + (7L * 8 + 2 * 4) * MAX_CHECKPOINTS // checkpoint arrays
            + 7 * 16 + (6L * 8 + 4) * MAX_KEYFRAMES // keyframe arrays
            + MAX_PREFIX_TOTAL
            + 2 * (16 + 8L * RECENT) // the recent records
            + TerminalTracker.MAX_RETAINED_BYTES;

    /**
     * What this index retains on the heap, in bytes: its arrays at their capacity, the distinct prefixes,
     * the tracker (an upper bound, with compressed references).
     */
    long retainedBytes() {
        long cp = checkpoints.capacity();
        long kf = keyframes.capacity();
        return 256 + 2 * 64 + 9 * 16 + (7 * 8 + 2 * 4) * cp + 7 * 16 + (6 * 8 + 4) * kf + keyframes.prefixBytes() + 2 * (16 + 8L * RECENT)
                + tracker.retainedBytes();
    }

    /** The longest spacing of checkpoints in playback time now (doubled each time the index thins). */
    long checkpointMillis() {
        return checkpoints.millis();
    }

    long terminalPosition() {
        return tracker.position();
    }

    @Override
    public String toString() {
        return "SeekIndex[" + records + " records, " + checkpoints.count() + " checkpoints, " + keyframes.count() + " keyframes, frontier "
                + frontier + (complete ? ", complete: " + ending : "") + "]";
    }
}
