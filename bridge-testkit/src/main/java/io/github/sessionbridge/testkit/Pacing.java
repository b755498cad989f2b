package io.github.sessionbridge.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link FakeCServer} sends each record: as fast as the socket takes them, or at the pace
 * their timestamps say (protocol §5: record timestamps give playback its timing), optionally sped
 * up or slowed down.
 *
 * <p>Realtime pacing measures each record's gap from the record sent before it on the same
 * connection; the first record goes at once, and pacing starts afresh after an explicit
 * {@linkplain SessionScript#waits(Duration) wait} and at the start of each
 * {@linkplain SessionScript#streams(java.nio.file.Path) streamed recording}. A record whose
 * timestamp is earlier than its predecessor's goes at once. Control bytes and raw bytes are never
 * paced. A recording {@linkplain SessionScript#streamsLive(java.nio.file.Path) streamed live} is always
 * paced: by this pacing if realtime, else at its recorded pace.
 *
 * <p>Immutable.
 */
public final class Pacing {

    private static final Pacing FAST = new Pacing(0.0, null);

    private final double speed;
    private final Duration maxGap;

    private Pacing(double speed, Duration maxGap) {
        this.speed = speed;
        this.maxGap = maxGap;
    }

    /**
     * Every record as soon as the socket takes it, whatever its timestamp. The default.
     *
     * @return the one fast pacing (speed 0, no gaps)
     */
    public static Pacing fast() {
        return FAST;
    }

    /**
     * At the pace of the records' timestamps: a record stamped 250 ms after the one before it goes
     * 250 ms after it. Same as {@code realtime(1.0)}.
     *
     * @return realtime pacing at speed 1.0, with gaps not limited
     */
    public static Pacing realtime() {
        return realtime(1.0);
    }

    /**
     * At the pace of the records' timestamps, {@code speed} times faster (2.0 halves every gap).
     *
     * @param speed the speed factor: above 1 faster than recorded, below 1 slower (0.5 doubles every
     *              gap); a positive finite number
     * @return realtime pacing at {@code speed}, with gaps not limited
     * @throws IllegalArgumentException if {@code speed} is not a positive finite number (0, negative, NaN
     *                                  or infinite)
     */
    public static Pacing realtime(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive finite number, was " + speed);
        }
        return new Pacing(speed, null);
    }

    /**
     * This pacing with every gap between records shortened to at most {@code maxGap} (after the
     * speed factor), so long idle stretches of a recording do not stall a test.
     *
     * @param maxGap the longest wait before a record; zero or positive, not null. It replaces any
     *               limit this pacing had
     * @return a new pacing with this one's speed and {@code maxGap}; this one is unchanged
     * @throws NullPointerException     if {@code maxGap} is null
     * @throws IllegalArgumentException if {@code maxGap} is negative, or this is {@link #fast()}
     */
    public Pacing withMaxGap(Duration maxGap) {
        Objects.requireNonNull(maxGap, "maxGap");
        if (maxGap.isNegative()) {
            throw new IllegalArgumentException("maxGap must not be negative, was " + maxGap);
        }
        if (!isRealtime()) {
            throw new IllegalArgumentException("Pacing.fast() has no gaps to limit");
        }
        return new Pacing(speed, maxGap);
    }

    /**
     * Whether records are paced by their timestamps.
     *
     * @return {@code true} for {@link #realtime(double)} pacing, {@code false} for {@link #fast()}
     */
    public boolean isRealtime() {
        return speed > 0;
    }

    /**
     * The speed factor of realtime pacing.
     *
     * @return the factor given to {@link #realtime(double)} (1.0 for {@link #realtime()}); 0 for {@link #fast()}
     */
    public double speed() {
        return speed;
    }

    /**
     * The longest gap between records.
     *
     * @return the limit set with {@link #withMaxGap(Duration)}, or {@code null} when gaps are not limited
     */
    public Duration maxGap() {
        return maxGap;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pacing p && Double.compare(p.speed, speed) == 0 && Objects.equals(p.maxGap, maxGap);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(speed) * 31 + Objects.hashCode(maxGap);
    }

    /** A short description, for example {@code fast} or {@code realtime x2.0, gaps at most 500 ms}. */
    @Override
    public String toString() {
        if (!isRealtime()) {
            return "fast";
        }
        return "realtime x" + speed + (maxGap == null ? "" : ", gaps at most " + maxGap.toMillis() + " ms");
    }
}
