package io.github.sessionbridge.core.playback.internal;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A seek index's terminal keyframes, in position order, in parallel arrays that grow to at most
 * {@link SeekIndex#MAX_KEYFRAMES}, with their prefixes (shared by consecutive keyframes taken in one state,
 * {@link SeekIndex#MAX_PREFIX_TOTAL} bytes of them at most). Keyframe 0 is the start of the stream. At a
 * cap every other one after keyframe 0 is dropped and the spacing of new ones doubles. It also keeps the
 * last {@value SeekIndex#RECENT} terminal records seen, to find the record a keyframe's position lies in.
 *
 * <p>Not thread-safe: confined to its index.
 */
final class Keyframes {
    // keyframes
    private int kfCount;
    private long kfMinBytes = SeekIndex.KEYFRAME_MIN_BYTES;
    private long kfMinMillis = SeekIndex.KEYFRAME_MIN_MILLIS;
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
    private final long[] recentOffset = new long[SeekIndex.RECENT];
    private final long[] recentStart = new long[SeekIndex.RECENT];
    private int recentNext;
    private int recentSize;


    Keyframes() {
        kfPosition[0] = 0;
        kfActiveFrom[0] = 0;
        kfValidUntil[0] = Long.MAX_VALUE;
        kfRecordOffset[0] = UnitCursor.MAGIC_LENGTH;
        kfRecordStart[0] = 0;
        kfPrefix[0] = TerminalTracker.Prefix.RESET;
        kfCount = 1;
    }

    /** A terminal record at file offset {@code offset} starts at terminal position {@code start}. */
    void terminalRecord(long offset, long start) {
        recentOffset[recentNext] = offset;
        recentStart[recentNext] = start;
        recentNext = (recentNext + 1) % SeekIndex.RECENT;
        recentSize = Math.min(recentSize + 1, SeekIndex.RECENT);
    }

    /** A keyframe the tracker found, taken unless too close to the last (see {@link SeekIndex}). */
    void add(long position, long activeFrom, Supplier<TerminalTracker.Prefix> prefix, long lastMedia) {
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
        while (kfCount == SeekIndex.MAX_KEYFRAMES || prefixBytes + cost > SeekIndex.MAX_PREFIX_TOTAL) {
            thinKeyframes();
            last = kfCount - 1;
            cost = p == kfPrefix[last] ? 0 : p.retainedBytes();
            if (kfCount == 1 && prefixBytes + cost > SeekIndex.MAX_PREFIX_TOTAL) {
                return; // cannot happen: a prefix is far shorter than the budget
            }
        }
        if (kfCount == kfPosition.length) {
            int n = Math.min(kfCount * 2, SeekIndex.MAX_KEYFRAMES);
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
            int slot = Math.floorMod(recentNext - k, SeekIndex.RECENT);
            if (recentStart[slot] <= position) {
                return slot;
            }
        }
        return -1;
    }

    /** Keyframes after {@code threshold} are not usable for targets past {@code at}. */
    void invalidate(long threshold, long at) {
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

    /** The keyframe to replay from for a screen made of terminal bytes {@code [0, target)}. */
    int keyframeFor(long target) {
        for (int i = kfCount - 1; i > 0; i--) {
            if (kfPosition[i] <= target && kfActiveFrom[i] <= target && target <= kfValidUntil[i]) {
                return i;
            }
        }
        return 0;
    }


    /** Keyframe {@code i}, a copy of what the arrays hold. */
    SeekIndex.Keyframe get(int i) {
        return new SeekIndex.Keyframe(kfPosition[i], kfRecordOffset[i], kfRecordStart[i], kfPrefix[i]);
    }

    int count() {
        return kfCount;
    }

    /** The arrays' capacity, in keyframes. */
    int capacity() {
        return kfPosition.length;
    }

    /** The bytes the distinct prefixes retain. */
    long prefixBytes() {
        return prefixBytes;
    }
}
