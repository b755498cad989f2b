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
 * paced.
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

    /** Every record as soon as the socket takes it, whatever its timestamp. The default. */
    public static Pacing fast() {
        return FAST;
    }

    /** At the pace of the records' timestamps. */
    public static Pacing realtime() {
        return realtime(1.0);
    }

    /**
     * At the pace of the records' timestamps, {@code speed} times faster (2.0 halves every gap).
     *
     * @throws IllegalArgumentException if {@code speed} is not a positive finite number
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

    /** Whether records are paced by their timestamps. */
    public boolean isRealtime() {
        return speed > 0;
    }

    /** The speed factor of realtime pacing; 0 for {@link #fast()}. */
    public double speed() {
        return speed;
    }

    /** The longest gap between records, or {@code null} when gaps are not limited. */
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

    /** For example {@code fast} or {@code realtime x2.0, gaps at most 500 ms}. */
    @Override
    public String toString() {
        if (!isRealtime()) {
            return "fast";
        }
        return "realtime x" + speed + (maxGap == null ? "" : ", gaps at most " + maxGap.toMillis() + " ms");
    }
}
