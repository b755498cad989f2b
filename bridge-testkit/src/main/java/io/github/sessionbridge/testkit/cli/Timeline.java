package io.github.sessionbridge.testkit.cli;

/**
 * Turns record timestamps into playback times: milliseconds since the first record, never
 * decreasing (a timestamp earlier than one already seen plays at once), with every gap longer
 * than the idle limit shortened to it. Replay pacing and the asciicast export share it.
 *
 * <p>Not thread-safe.
 */
final class Timeline {

    /** No idle limit. */
    static final long NO_LIMIT = Long.MAX_VALUE;

    private final long idleLimitMillis;
    private boolean started;
    private long latestTimestamp;
    private long elapsed;

    /** @param idleLimitMillis the longest gap kept, {@link #NO_LIMIT} for none */
    Timeline(long idleLimitMillis) {
        if (idleLimitMillis < 0) {
            throw new IllegalArgumentException("idle limit must not be negative: " + idleLimitMillis);
        }
        this.idleLimitMillis = idleLimitMillis;
    }

    /** The playback time of the next record, captured at {@code timestamp}. */
    long advance(long timestamp) {
        if (!started) {
            started = true;
            latestTimestamp = timestamp;
            return 0;
        }
        if (timestamp > latestTimestamp) {
            long gap = timestamp - latestTimestamp; // may overflow only for absurd timestamps
            if (gap < 0) {
                gap = Long.MAX_VALUE;
            }
            elapsed = saturatedAdd(elapsed, Math.min(gap, idleLimitMillis));
            latestTimestamp = timestamp;
        }
        return elapsed;
    }

    /** Whether a record has been seen. */
    boolean started() {
        return started;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
