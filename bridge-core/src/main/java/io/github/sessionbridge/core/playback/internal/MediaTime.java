package io.github.sessionbridge.core.playback.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * Turns record timestamps into playback times: milliseconds since the first record, never
 * decreasing (a timestamp earlier than one already seen plays at once), with every gap longer than
 * the idle limit shortened to it. Playback, seeking and the asciicast export share it. Its whole state
 * is two numbers and a flag, so a seek index can keep it at each checkpoint.
 *
 * <p>Not thread-safe.
 */
public final class MediaTime {

    /** No idle limit. */
    public static final long NO_LIMIT = Long.MAX_VALUE;

    /** An idle limit option in whole milliseconds (at least 1), or {@link #NO_LIMIT} when there is none. */
    public static long limitMillis(Optional<Duration> limit) {
        return limit.map(d -> Math.max(1, d.toMillis())).orElse(NO_LIMIT);
    }

    private final long idleLimitMillis;
    private boolean started;
    private long latestTimestamp;
    private long elapsed;

    /** @param idleLimitMillis the longest gap kept, {@link #NO_LIMIT} for none */
    public MediaTime(long idleLimitMillis) {
        if (idleLimitMillis < 0) {
            throw new IllegalArgumentException("idle limit must not be negative: " + idleLimitMillis);
        }
        this.idleLimitMillis = idleLimitMillis;
    }

    /** The playback time of the next record, captured at {@code timestamp}. */
    public long advance(long timestamp) {
        if (!started) {
            started = true;
            latestTimestamp = timestamp;
            return 0;
        }
        if (timestamp > latestTimestamp) {
            long gap = timestamp - latestTimestamp;
            if (gap < 0) {
                gap = Long.MAX_VALUE; // overflow: only for absurd timestamps
            }
            long r = elapsed + Math.min(gap, idleLimitMillis);
            elapsed = r < 0 ? Long.MAX_VALUE : r;
            latestTimestamp = timestamp;
        }
        return elapsed;
    }

    /** The idle limit, {@link #NO_LIMIT} for none. */
    public long idleLimit() {
        return idleLimitMillis;
    }

    /** Whether a record has been seen. */
    public boolean started() {
        return started;
    }

    /** The playback time of the latest record. */
    public long elapsed() {
        return elapsed;
    }

    /** The latest timestamp seen. */
    public long latestTimestamp() {
        return latestTimestamp;
    }

    /** Puts the timeline back in a state it had ({@link #started}, {@link #latestTimestamp}, {@link #elapsed}). */
    public void restore(boolean started, long latestTimestamp, long elapsed) {
        this.started = started;
        this.latestTimestamp = latestTimestamp;
        this.elapsed = elapsed;
    }
}
