package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.testkit.Pacing;

/** When records are due, by their timestamps (see {@link Pacing}). */
final class Pacer {
    private final double speed;
    private final long maxGapNanos;
    private boolean started;
    private long lastDue;
    private long lastTs;

    Pacer(Pacing pacing) {
        this.speed = pacing.speed();
        this.maxGapNanos = pacing.maxGap() == null ? Long.MAX_VALUE : pacing.maxGap().toNanos();
    }

    /** When a record stamped {@code ts} is due ({@code now} when not paced). */
    long due(long ts, long now) {
        if (speed <= 0 || !started) {
            return now;
        }
        long gapMs = ts - lastTs;
        if (gapMs <= 0) {
            return lastDue;
        }
        double nanos = gapMs * 1_000_000.0 / speed;
        long gap = nanos >= maxGapNanos ? maxGapNanos : (long) nanos;
        return lastDue + gap;
    }

    /** The record stamped {@code ts} goes now, as due at {@code due}. */
    void sent(long ts, long due) {
        started = true;
        lastTs = ts;
        lastDue = due;
    }

    /** Pacing starts afresh with the next record. */
    void restart() {
        started = false;
    }
}
