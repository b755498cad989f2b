package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.EndReason;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link SessionPlayer} plays: immutable, made with {@link #builder()}.
 *
 * <pre>{@code
 * PlaybackOptions options = PlaybackOptions.builder()
 *     .speed(2)                              // 0.25 to 16; changeable while playing
 *     .idleLimit(Duration.ofSeconds(2))      // every longer gap is played as 2 s
 *     .scheduler(PlaybackScheduler.of(ses))  // share the host's threads (default: a small internal pool)
 *     .build();
 * }</pre>
 */
public final class PlaybackOptions {

    /** The slowest speed: a quarter of the recorded pace. */
    public static final double MIN_SPEED = 0.25;
    /** The fastest speed: sixteen times the recorded pace. */
    public static final double MAX_SPEED = 16;

    private static final PlaybackOptions DEFAULTS = builder().build();

    private final double speed;
    private final Duration idleLimit;
    private final boolean startPaused;
    private final PlaybackScheduler scheduler;
    private final long highWaterMark;
    private final long lowWaterMark;
    private final Duration slowClientTimeout;
    private final Map<EndReason, String> noticeTexts;

    private PlaybackOptions(Builder b) {
        this.speed = b.speed;
        this.idleLimit = b.idleLimit;
        this.startPaused = b.startPaused;
        this.scheduler = b.scheduler;
        this.highWaterMark = b.highWaterMark;
        this.lowWaterMark = b.lowWaterMark;
        this.slowClientTimeout = b.slowClientTimeout;
        this.noticeTexts = Collections.unmodifiableMap(new EnumMap<>(b.noticeTexts));
    }

    /**
     * Every default: speed 1, no idle limit, playing at once, the internal scheduler, the flow control and
     * notice texts of live bridges.
     *
     * @return the default options (one shared immutable instance)
     */
    public static PlaybackOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A new builder with every default.
     *
     * @return a builder not shared with any other caller
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The speed playback starts at; {@link SessionPlayer#speed(double)} changes it while playing.
     *
     * @return the factor applied to the recorded pace, {@link #MIN_SPEED} to {@link #MAX_SPEED} (default 1)
     */
    public double speed() {
        return speed;
    }

    /**
     * The longest gap between records that is played as recorded, if any; every longer gap is played as
     * this long.
     *
     * @return the idle limit (positive; applied in whole milliseconds, at least 1 ms), or empty when every
     *         gap is played as recorded (the default)
     */
    public Optional<Duration> idleLimit() {
        return Optional.ofNullable(idleLimit);
    }

    /**
     * Whether the player starts paused (then {@link SessionPlayer#resume()} starts it).
     *
     * @return {@code true} if nothing is sent until a resume or a seek; {@code false} (the default) to play
     *         at once
     */
    public boolean startPaused() {
        return startPaused;
    }

    /**
     * The scheduler given, if any (otherwise a small internal one, shared by players and closed with the last).
     *
     * @return the host's scheduler, or empty for the internal one (the default)
     */
    public Optional<PlaybackScheduler> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /**
     * Bytes sent and not yet taken by the client above which the player waits (default 1 MiB).
     *
     * @return the high-water mark in bytes, positive; what counts is the encoded size of the records
     *         waiting for their turn to be sent and of the one whose
     *         {@link io.github.sessionbridge.core.ClientSink#send} stage has not completed yet
     */
    public long highWaterMark() {
        return highWaterMark;
    }

    /**
     * Bytes below which it goes on (default 256 KiB).
     *
     * @return the low-water mark in bytes: once the client has taken enough that at most this many are
     *         left, a waiting player goes on; 0 to {@link #highWaterMark()}
     */
    public long lowWaterMark() {
        return lowWaterMark;
    }

    /**
     * How long the player may wait for a slow client (default 30 s) before
     * {@link EndReason#CLIENT_TOO_SLOW}: from its unsent bytes rising above the high-water mark until they
     * fall to the low-water mark.
     *
     * @return the slow-client timeout; positive
     */
    public Duration slowClientTimeout() {
        return slowClientTimeout;
    }

    /**
     * The text of the notice for {@code reason} (default {@value BridgeConfig#DEFAULT_NOTICE_TEXT}, as live
     * bridges).
     *
     * @param reason why the player ended; not null
     * @return the text set with {@link Builder#noticeText} for {@code reason}, else the default (also for
     *         {@link EndReason#CLIENT_GONE}, which sends no notice)
     * @throws NullPointerException if {@code reason} is null
     */
    public String noticeText(EndReason reason) {
        return noticeTexts.getOrDefault(Objects.requireNonNull(reason, "reason"), BridgeConfig.DEFAULT_NOTICE_TEXT);
    }

    /** Checks a speed. */
    static double checkSpeed(double speed) {
        if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be within " + MIN_SPEED + ".." + MAX_SPEED + ", was " + speed);
        }
        return speed;
    }

    /** Builds {@link PlaybackOptions}. Not thread-safe. */
    public static final class Builder {
        private double speed = 1;
        private Duration idleLimit;
        private boolean startPaused;
        private PlaybackScheduler scheduler;
        private long highWaterMark = 1024 * 1024;
        private long lowWaterMark = 256 * 1024;
        private Duration slowClientTimeout = Duration.ofSeconds(30);
        private final Map<EndReason, String> noticeTexts = new EnumMap<>(EndReason.class);

        private Builder() {
        }

        /**
         * The speed to start at (default 1).
         *
         * @param speed the factor applied to the recorded pace: 2 plays twice as fast, 0.5 at half speed
         * @return this builder
         * @throws IllegalArgumentException unless within {@link #MIN_SPEED}..{@link #MAX_SPEED} (NaN is not)
         */
        public Builder speed(double speed) {
            this.speed = checkSpeed(speed);
            return this;
        }

        /**
         * Plays every gap between records longer than {@code limit} as {@code limit} (default: none). Positions,
         * seeks and the duration are then in this shortened time.
         *
         * @param limit the longest gap played as recorded; positive, applied in whole milliseconds (truncated;
         *              less than 1 ms counts as 1 ms)
         * @return this builder
         * @throws IllegalArgumentException unless positive
         * @throws NullPointerException     if {@code limit} is {@code null}
         */
        public Builder idleLimit(Duration limit) {
            Objects.requireNonNull(limit, "limit");
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("the idle limit must be positive, was " + limit);
            }
            this.idleLimit = limit;
            return this;
        }

        /**
         * Starts paused (default: playing at once).
         *
         * @param paused {@code true} to send nothing until {@link SessionPlayer#resume()} or a seek (a seek
         *               sends the screen at its target and stays paused)
         * @return this builder
         */
        public Builder startPaused(boolean paused) {
            this.startPaused = paused;
            return this;
        }

        /**
         * Runs on {@code scheduler} (default: a small internal daemon pool shared by all players, closed with
         * the last).
         *
         * @param scheduler the clock and timer to pace playback with, for example
         *                  {@link PlaybackScheduler#of} on the host's executor; the player never shuts it down
         * @return this builder
         * @throws NullPointerException if {@code scheduler} is {@code null}
         */
        public Builder scheduler(PlaybackScheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Flow control, as {@link BridgeConfig.Builder#waterMarks} (default 1 MiB / 256 KiB): the player
         * waits while more than {@code high} bytes sent are not yet taken by the client, and goes on once at
         * most {@code low} are.
         *
         * @param high the high-water mark in bytes; positive
         * @param low  the low-water mark in bytes; 0 to {@code high}
         * @return this builder
         * @throws IllegalArgumentException unless {@code 0 <= low <= high} and {@code high > 0}
         */
        public Builder waterMarks(long high, long low) {
            if (low < 0 || high <= 0 || low > high) {
                throw new IllegalArgumentException("water marks need 0 <= low <= high and high > 0, were high=" + high + " low=" + low);
            }
            this.highWaterMark = high;
            this.lowWaterMark = low;
            return this;
        }

        /**
         * Slow-client timeout (default 30 s).
         *
         * @param timeout how long the player may wait — from the client's unsent bytes rising above the
         *                high-water mark until they fall to the low-water mark — before it ends with
         *                {@link EndReason#CLIENT_TOO_SLOW}; positive
         * @return this builder
         * @throws IllegalArgumentException unless {@code timeout} is positive
         * @throws NullPointerException     if {@code timeout} is {@code null}
         */
        public Builder slowClientTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("slowClientTimeout must be positive, was " + timeout);
            }
            this.slowClientTimeout = timeout;
            return this;
        }

        /**
         * The text of the notice for {@code reason}, as {@link BridgeConfig.Builder#noticeText}.
         *
         * @param reason an end reason that sends a notice ({@link EndReason#notifiesClient()})
         * @param text   the text the client is told when the player ends for {@code reason}; not {@code null}
         * @return this builder
         * @throws IllegalArgumentException if {@code reason} sends no notice ({@link EndReason#CLIENT_GONE})
         * @throws NullPointerException     if an argument is {@code null}
         */
        public Builder noticeText(EndReason reason, String text) {
            if (!Objects.requireNonNull(reason, "reason").notifiesClient()) {
                throw new IllegalArgumentException(reason + " sends no notice");
            }
            noticeTexts.put(reason, Objects.requireNonNull(text, "text"));
            return this;
        }

        /**
         * The options. The builder can be used again afterwards.
         *
         * @return immutable options with the values set so far
         */
        public PlaybackOptions build() {
            return new PlaybackOptions(this);
        }
    }
}
