package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.Reasons;
import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
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
    private static final int RECENT = 64;
    /** The most checkpoints kept. */
    static final int MAX_CHECKPOINTS = 8192;
    /** The most keyframes kept. */
    static final int MAX_KEYFRAMES = 2048;
    /** The most prefix bytes kept (distinct prefixes, with their headers). */
    static final int MAX_PREFIX_TOTAL = 512 * 1024;

    private final Timeline timeline;
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

    // checkpoints
    private int cpCount;
    private long cpMillis = CHECKPOINT_MILLIS;
    private long cpBytes = CHECKPOINT_BYTES;
    private long[] cpOffset = new long[64];
    private long[] cpRecord = new long[64];
    private long[] cpMedia = new long[64];
    private long[] cpLatestTs = new long[64];
    private long[] cpElapsed = new long[64];
    private long[] cpTerminal = new long[64];
    private long[] cpFrameKey = new long[64];
    private int[] cpExtent = new int[128];

    // keyframes
    private int kfCount;
    private long kfMinBytes = KEYFRAME_MIN_BYTES;
    private long kfMinMillis = KEYFRAME_MIN_MILLIS;
    private long prefixBytes;
    private long[] kfPosition = new long[16];
    private long[] kfActiveFrom = new long[16];
    private long[] kfValidUntil = new long[16];
    private long[] kfRecordOffset = new long[16];
    private long[] kfRecordStart = new long[16];
    private long[] kfMedia = new long[16];
    private TerminalTracker.Prefix[] kfPrefix = new TerminalTracker.Prefix[16];
    private long memoThreshold = Long.MIN_VALUE;
    private int memoCount;

    // the last terminal records seen: where a keyframe's position lies
    private final long[] recentOffset = new long[RECENT];
    private final long[] recentStart = new long[RECENT];
    private int recentNext;
    private int recentSize;

    SeekIndex(long idleLimitMillis) {
        this.timeline = new Timeline(idleLimitMillis);
        kfPosition[0] = 0;
        kfActiveFrom[0] = 0;
        kfValidUntil[0] = Long.MAX_VALUE;
        kfRecordOffset[0] = UnitCursor.MAGIC_LENGTH;
        kfRecordStart[0] = 0;
        kfPrefix[0] = TerminalTracker.Prefix.RESET;
        kfCount = 1;
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
        if (cpCount == 0 || media - cpMedia[cpCount - 1] >= cpMillis || offset - cpOffset[cpCount - 1] >= cpBytes) {
            addCheckpoint(offset, media, started ? latest : ts, started ? elapsedBefore : 0);
        }
        records++;
        lastMedia = media;
        frontier = offset + encodedLength;
        switch (type) {
            case TERMINAL_DATA -> {
                terminalRecords++;
                recentOffset[recentNext] = offset;
                recentStart[recentNext] = tracker.position();
                recentNext = (recentNext + 1) % RECENT;
                recentSize = Math.min(recentSize + 1, RECENT);
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

    private void addCheckpoint(long offset, long media, long latestTs, long elapsed) {
        if (cpCount == MAX_CHECKPOINTS) {
            thinCheckpoints();
        }
        if (cpCount == cpOffset.length) {
            int n = Math.min(cpCount * 2, MAX_CHECKPOINTS);
            cpOffset = Arrays.copyOf(cpOffset, n);
            cpRecord = Arrays.copyOf(cpRecord, n);
            cpMedia = Arrays.copyOf(cpMedia, n);
            cpLatestTs = Arrays.copyOf(cpLatestTs, n);
            cpElapsed = Arrays.copyOf(cpElapsed, n);
            cpTerminal = Arrays.copyOf(cpTerminal, n);
            cpFrameKey = Arrays.copyOf(cpFrameKey, n);
            cpExtent = Arrays.copyOf(cpExtent, 2 * n);
        }
        int i = cpCount++;
        cpOffset[i] = offset;
        cpRecord[i] = records;
        cpMedia[i] = media;
        cpLatestTs[i] = latestTs;
        cpElapsed[i] = elapsed;
        cpTerminal[i] = tracker.position();
        cpFrameKey[i] = frameKeyframe;
        cpExtent[2 * i] = extentWidth;
        cpExtent[2 * i + 1] = extentHeight;
    }

    /** Keeps every other checkpoint (the first among them) and doubles the spacing of new ones. */
    private void thinCheckpoints() {
        int j = 0;
        for (int i = 0; i < cpCount; i += 2, j++) {
            cpOffset[j] = cpOffset[i];
            cpRecord[j] = cpRecord[i];
            cpMedia[j] = cpMedia[i];
            cpLatestTs[j] = cpLatestTs[i];
            cpElapsed[j] = cpElapsed[i];
            cpTerminal[j] = cpTerminal[i];
            cpFrameKey[j] = cpFrameKey[i];
            cpExtent[2 * j] = cpExtent[2 * i];
            cpExtent[2 * j + 1] = cpExtent[2 * i + 1];
        }
        cpCount = j;
        cpMillis = cpMillis > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : cpMillis * 2;
        cpBytes = cpBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : cpBytes * 2;
    }

    // ---- the tracker's events

    @Override
    public void keyframe(long position, long activeFrom, Supplier<TerminalTracker.Prefix> prefix) {
        int last = kfCount - 1;
        if (position - kfPosition[last] < kfMinBytes && lastMedia - kfMedia[last] < kfMinMillis
                && kfValidUntil[last] == Long.MAX_VALUE) {
            return;
        }
        int r = recentRecord(position);
        if (r < 0) {
            return;
        }
        TerminalTracker.Prefix p = prefix.get();
        if (p.equals(kfPrefix[last])) {
            p = kfPrefix[last];
        }
        long cost = p == kfPrefix[last] ? 0 : p.retainedBytes();
        while (kfCount == MAX_KEYFRAMES || prefixBytes + cost > MAX_PREFIX_TOTAL) {
            thinKeyframes();
            last = kfCount - 1;
            cost = p == kfPrefix[last] ? 0 : p.retainedBytes();
            if (kfCount == 1 && prefixBytes + cost > MAX_PREFIX_TOTAL) {
                return; // cannot happen: a prefix is far shorter than the budget
            }
        }
        if (kfCount == kfPosition.length) {
            int n = Math.min(kfCount * 2, MAX_KEYFRAMES);
            kfPosition = Arrays.copyOf(kfPosition, n);
            kfActiveFrom = Arrays.copyOf(kfActiveFrom, n);
            kfValidUntil = Arrays.copyOf(kfValidUntil, n);
            kfRecordOffset = Arrays.copyOf(kfRecordOffset, n);
            kfRecordStart = Arrays.copyOf(kfRecordStart, n);
            kfMedia = Arrays.copyOf(kfMedia, n);
            kfPrefix = Arrays.copyOf(kfPrefix, n);
        }
        prefixBytes += cost;
        int i = kfCount++;
        kfPosition[i] = position;
        kfActiveFrom[i] = activeFrom;
        kfValidUntil[i] = Long.MAX_VALUE;
        kfRecordOffset[i] = recentOffset[r];
        kfRecordStart[i] = recentStart[r];
        kfMedia[i] = lastMedia;
        kfPrefix[i] = p;
    }

    /**
     * Keeps keyframe 0 and every other one after it, and doubles the spacing of new ones. Each keyframe
     * stands alone (its position, record, prefix and the targets it serves), so the others keep serving
     * as before.
     */
    private void thinKeyframes() {
        int j = 1;
        for (int i = 2; i < kfCount; i += 2, j++) {
            kfPosition[j] = kfPosition[i];
            kfActiveFrom[j] = kfActiveFrom[i];
            kfValidUntil[j] = kfValidUntil[i];
            kfRecordOffset[j] = kfRecordOffset[i];
            kfRecordStart[j] = kfRecordStart[i];
            kfMedia[j] = kfMedia[i];
            kfPrefix[j] = kfPrefix[i];
        }
        Arrays.fill(kfPrefix, j, kfCount, null);
        kfCount = j;
        prefixBytes = 0;
        for (int i = 1; i < kfCount; i++) {
            if (kfPrefix[i] != kfPrefix[i - 1]) {
                prefixBytes += kfPrefix[i].retainedBytes();
            }
        }
        memoThreshold = Long.MIN_VALUE;
        memoCount = 0;
        kfMinBytes = kfMinBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : kfMinBytes * 2;
        kfMinMillis = kfMinMillis > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : kfMinMillis * 2;
    }

    /** The slot of the recent terminal record holding {@code position}, or -1. */
    private int recentRecord(long position) {
        for (int k = 1; k <= recentSize; k++) {
            int slot = Math.floorMod(recentNext - k, RECENT);
            if (recentStart[slot] <= position) {
                return slot;
            }
        }
        return -1;
    }

    @Override
    public void invalidate(long threshold, long at) {
        // keyframes are in position order: those after the threshold are a tail
        int lo = 0;
        int hi = kfCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (kfPosition[mid] > threshold) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        int from = threshold == memoThreshold ? Math.max(lo, memoCount) : lo;
        for (int i = from; i < kfCount; i++) {
            if (kfValidUntil[i] == Long.MAX_VALUE) {
                kfValidUntil[i] = at;
            }
        }
        memoThreshold = threshold;
        memoCount = kfCount;
    }

    // ---- lookups

    /** The last checkpoint whose record plays at or before {@code media} (0 if none does). */
    int checkpointAtOrBefore(long media) {
        int lo = 0;
        int hi = cpCount - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cpMedia[mid] <= media) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    int checkpointCount() {
        return cpCount;
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
        if (cpCount == 0) { // no record observed yet: the start of the recording (offset 0 is the magic)
            return new Checkpoint(UnitCursor.MAGIC_LENGTH, 0, 0, 0, 0, -1, 0, 0);
        }
        return new Checkpoint(cpOffset[i], cpRecord[i], cpLatestTs[i], cpElapsed[i], cpTerminal[i], cpFrameKey[i],
                cpExtent[2 * i], cpExtent[2 * i + 1]);
    }

    /** The keyframe to replay from for a screen made of terminal bytes {@code [0, target)}. */
    int keyframeFor(long target) {
        for (int i = kfCount - 1; i > 0; i--) {
            if (kfPosition[i] <= target && kfActiveFrom[i] <= target && target <= kfValidUntil[i]) {
                return i;
            }
        }
        return 0;
    }

    int keyframeCount() {
        return kfCount;
    }

    /**
     * A keyframe: the terminal position it stands for, the file offset and terminal position of the record it
     * lies in, and the prefix that rebuilds the terminal's state there.
     */
    record Keyframe(long position, long recordOffset, long recordStart, TerminalTracker.Prefix prefix) {
    }

    /** Keyframe {@code i}, a copy of what the index holds in its arrays. */
    Keyframe keyframe(int i) {
        return new Keyframe(kfPosition[i], kfRecordOffset[i], kfRecordStart[i], kfPrefix[i]);
    }

    /** The most {@link #retainedBytes()} can say, whatever the recording. */
    static final long MAX_RETAINED_BYTES = 256 // the index's own fields, the timeline, the tracker's input stream
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
        long cp = cpOffset.length;
        long kf = kfPosition.length;
        return 256 + 9 * 16 + (7 * 8 + 2 * 4) * cp + 7 * 16 + (6 * 8 + 4) * kf + prefixBytes + 2 * (16 + 8L * RECENT)
                + tracker.retainedBytes();
    }

    /** The longest spacing of checkpoints in playback time now (doubled each time the index thins). */
    long checkpointMillis() {
        return cpMillis;
    }

    long terminalPosition() {
        return tracker.position();
    }

    @Override
    public String toString() {
        return "SeekIndex[" + records + " records, " + cpCount + " checkpoints, " + kfCount + " keyframes, frontier "
                + frontier + (complete ? ", complete: " + ending : "") + "]";
    }
}
