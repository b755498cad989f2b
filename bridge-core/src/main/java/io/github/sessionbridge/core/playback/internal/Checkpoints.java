package io.github.sessionbridge.core.playback.internal;

import java.util.Arrays;

/**
 * A seek index's checkpoints, in file order, kept in parallel arrays (64 bytes each) that grow to at most
 * {@link SeekIndex#MAX_CHECKPOINTS}; at the cap every other one is dropped (the first always kept) and the
 * spacing of new ones doubles. Read through {@link SeekIndex.Checkpoint} copies.
 *
 * <p>Not thread-safe: confined to its index.
 */
final class Checkpoints {
    private int count;
    private long millis = SeekIndex.CHECKPOINT_MILLIS;
    private long bytes = SeekIndex.CHECKPOINT_BYTES;
    private long[] offset = new long[64];
    private long[] record = new long[64];
    private long[] media = new long[64];
    private long[] latestTs = new long[64];
    private long[] elapsed = new long[64];
    private long[] terminal = new long[64];
    private long[] frameKey = new long[64];
    private int[] extent = new int[128];

    /** Whether a record at {@code at} playing at {@code mediaAt} gets a checkpoint: the first, or far enough from the last. */
    boolean due(long at, long mediaAt) {
        return count == 0 || mediaAt - media[count - 1] >= millis || at - offset[count - 1] >= bytes;
    }

    /** Adds one (thinning first at the cap). */
    void add(long at, long records, long mediaAt, long latest, long elapsedAt, long terminalAt, long frameKeyAt, int width,
            int height) {
        if (count == SeekIndex.MAX_CHECKPOINTS) {
            thin();
        }
        if (count == offset.length) {
            int n = Math.min(count * 2, SeekIndex.MAX_CHECKPOINTS);
            offset = Arrays.copyOf(offset, n);
            record = Arrays.copyOf(record, n);
            media = Arrays.copyOf(media, n);
            latestTs = Arrays.copyOf(latestTs, n);
            elapsed = Arrays.copyOf(elapsed, n);
            terminal = Arrays.copyOf(terminal, n);
            frameKey = Arrays.copyOf(frameKey, n);
            extent = Arrays.copyOf(extent, 2 * n);
        }
        int i = count++;
        offset[i] = at;
        record[i] = records;
        media[i] = mediaAt;
        latestTs[i] = latest;
        elapsed[i] = elapsedAt;
        terminal[i] = terminalAt;
        frameKey[i] = frameKeyAt;
        extent[2 * i] = width;
        extent[2 * i + 1] = height;
    }

    /** Keeps every other checkpoint (the first among them) and doubles the spacing of new ones. */
    private void thin() {
        int j = 0;
        for (int i = 0; i < count; i += 2, j++) {
            offset[j] = offset[i];
            record[j] = record[i];
            media[j] = media[i];
            latestTs[j] = latestTs[i];
            elapsed[j] = elapsed[i];
            terminal[j] = terminal[i];
            frameKey[j] = frameKey[i];
            extent[2 * j] = extent[2 * i];
            extent[2 * j + 1] = extent[2 * i + 1];
        }
        count = j;
        millis = millis > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : millis * 2;
        bytes = bytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : bytes * 2;
    }

    /** The last checkpoint whose record plays at or before {@code target} (0 if none does). */
    int atOrBefore(long target) {
        int lo = 0;
        int hi = count - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (media[mid] <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Checkpoint {@code i}, a copy of what the arrays hold. */
    SeekIndex.Checkpoint get(int i) {
        return new SeekIndex.Checkpoint(offset[i], record[i], latestTs[i], elapsed[i], terminal[i], frameKey[i],
                extent[2 * i], extent[2 * i + 1]);
    }

    int count() {
        return count;
    }

    /** The arrays' capacity, in checkpoints. */
    int capacity() {
        return offset.length;
    }

    /** The spacing in playback time now. */
    long millis() {
        return millis;
    }
}
