package io.github.sessionbridge.core;

import io.github.sessionbridge.core.internal.Durations;
import io.github.sessionbridge.core.integrity.ManifestKeys;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Playback} plays (a recording file's
 * {@link io.github.sessionbridge.core.playback.SessionPlayer} or a C-served {@link Timeline}): immutable, made with {@link #builder()}.
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
    private final FlowControl flowControl;
    private final NoticeTexts noticeTexts;
    private final ManifestKeys requiredManifest;

    private PlaybackOptions(Builder b) {
        this.requiredManifest = b.requiredManifest;
        this.speed = b.speed;
        this.idleLimit = b.idleLimit;
        this.startPaused = b.startPaused;
        this.scheduler = b.scheduler;
        this.flowControl = b.flowControl;
        this.noticeTexts = b.noticeTexts.copy();
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

    /** {@return the speed playback starts at} See {@link Builder#speed}. */
    public double speed() {
        return speed;
    }

    /** {@return the idle limit, or empty when every gap plays as recorded} See {@link Builder#idleLimit}. */
    public Optional<Duration> idleLimit() {
        return Optional.ofNullable(idleLimit);
    }

    /** {@return whether playback starts paused} See {@link Builder#startPaused}. */
    public boolean startPaused() {
        return startPaused;
    }

    /** {@return the host's scheduler, or empty for the internal one} See {@link Builder#scheduler}. */
    public Optional<PlaybackScheduler> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    /** {@return the flow control toward the client} See {@link Builder#flowControl}. */
    public FlowControl flowControl() {
        return flowControl;
    }

    /**
     * The text of the notice for {@code reason}; see {@link Builder#noticeText}.
     *
     * @param reason why the player ended; not null
     * @return the text set for {@code reason}, else {@link BridgeConfig#DEFAULT_NOTICE_TEXT}
     */
    public String noticeText(EndReason reason) {
        return noticeTexts.text(reason);
    }

    /** {@return the keys a manifest must be signed by, or empty for no check} See {@link Builder#requireManifest}. */
    public Optional<ManifestKeys> requiredManifest() {
        return Optional.ofNullable(requiredManifest);
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
        private FlowControl flowControl = FlowControl.DEFAULT;
        private final NoticeTexts noticeTexts = new NoticeTexts();
        private ManifestKeys requiredManifest;

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
            this.idleLimit = Durations.positive("the idle limit", limit);
            return this;
        }

        /**
         * Starts paused (default: playing at once).
         *
         * @param paused {@code true} to send nothing until {@link Playback#resume()} or a seek (a seek
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
         * Flow control toward the client (default {@link FlowControl#DEFAULT}), as {@link FlowControl} says.
         *
         * @param flowControl the water marks and slow-client timeout; not null
         * @return this builder
         * @throws NullPointerException if {@code flowControl} is null
         */
        public Builder flowControl(FlowControl flowControl) {
            this.flowControl = Objects.requireNonNull(flowControl, "flowControl");
            return this;
        }

        /**
         * Plays only recordings that verify against their integrity manifest
         * ({@link io.github.sessionbridge.core.playback.Recording#verify}), signed by one of {@code trusted}: the
         * player first reads the recording and its manifest once, then plays it, or ends at once with
         * {@link EndReason#UNVERIFIED} (no record sent) and a notice detail saying what is wrong and where. A
         * recording read from a stream cannot be verified and ends so too. The pass does not run on the
         * playback scheduler: it runs on a pool of its own, two daemon threads for the whole JVM
         * ({@code session-bridge-verify-N}, gone when idle; more passes wait their turn), so the players that
         * share the scheduler keep playing while one verifies a large recording. The player's controls given
         * meanwhile wait and then apply in order; closing it stops the pass at its next read.
         *
         * @param trusted the public keys trusted, by key id
         * @return this builder
         * @throws NullPointerException if {@code trusted} is {@code null}
         */
        public Builder requireManifest(ManifestKeys trusted) {
            this.requiredManifest = Objects.requireNonNull(trusted, "trusted");
            return this;
        }

        /**
         * The text of the notice for {@code reason} (default {@value BridgeConfig#DEFAULT_NOTICE_TEXT}); a later
         * call for the same reason replaces it.
         *
         * @param reason an end reason that sends a notice ({@link EndReason#notifiesClient()})
         * @param text   the text the client is told when the player ends for {@code reason}; not {@code null}
         * @return this builder
         * @throws IllegalArgumentException if {@code reason} sends no notice ({@link EndReason#CLIENT_GONE})
         * @throws NullPointerException     if an argument is {@code null}
         */
        public Builder noticeText(EndReason reason, String text) {
            noticeTexts.put(reason, text);
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
