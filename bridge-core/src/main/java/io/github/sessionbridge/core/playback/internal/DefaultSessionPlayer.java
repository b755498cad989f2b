package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The {@link SessionPlayer} behind {@link SessionPlayer#play}: a file recording played by a
 * {@link PlaybackEngine} (whose source is {@linkplain GrowingSource#COMPLETE complete}). This class only
 * checks arguments and hands them over; all state is the engine's.
 */
public final class DefaultSessionPlayer implements SessionPlayer {

    private final Recording recording;
    private final PlaybackEngine engine;

    private DefaultSessionPlayer(Recording recording, PlaybackEngine engine) {
        this.recording = recording;
        this.engine = engine;
    }

    /** Starts a player; see {@link SessionPlayer#play}. */
    public static SessionPlayer start(Recording recording, ClientSink sink, PlaybackOptions options) {
        return new DefaultSessionPlayer(recording, PlaybackEngine.start(recording, GrowingSource.COMPLETE, sink, options, "player"));
    }

    @Override
    public Recording recording() {
        return recording;
    }

    @Override
    public Duration position() {
        return Duration.ofMillis(engine.position());
    }

    @Override
    public Duration received() {
        return Duration.ofMillis(engine.received());
    }

    @Override
    public CompletionStage<Duration> duration() {
        return engine.duration();
    }

    @Override
    public double speed() {
        return engine.speed();
    }

    @Override
    public void speed(double s) {
        checkSpeed(s);
        engine.speed(s);
    }

    /** @throws IllegalArgumentException unless {@code s} is within the speeds {@link PlaybackOptions} allows */
    static void checkSpeed(double s) {
        if (!(s >= PlaybackOptions.MIN_SPEED && s <= PlaybackOptions.MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be within " + PlaybackOptions.MIN_SPEED + ".."
                    + PlaybackOptions.MAX_SPEED + ", was " + s);
        }
    }

    @Override
    public boolean isPaused() {
        return engine.isPaused();
    }

    @Override
    public void pause() {
        engine.paused(true);
    }

    @Override
    public void resume() {
        engine.paused(false);
    }

    @Override
    public CompletionStage<Duration> seek(Duration target) {
        Objects.requireNonNull(target, "target");
        return engine.seek(saturatedMillis(target), false);
    }

    @Override
    public CompletionStage<Duration> skip(Duration delta) {
        Objects.requireNonNull(delta, "delta");
        return engine.seek(saturatedMillis(delta), true);
    }

    /** {@code d} in milliseconds, a quarter of the long range at most either way (so sums cannot overflow). */
    static long saturatedMillis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4;
        }
    }

    @Override
    public boolean isOpen() {
        return engine.isOpen();
    }

    @Override
    public CompletionStage<EndReason> ended() {
        return engine.ended();
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "SessionPlayer[" + engine.name() + ", " + recording.name() + ", at " + engine.position() + " ms"
                + (!engine.isOpen() ? ", ended " + engine.endReason()
                        : engine.isPaused() ? ", paused" : ", x" + engine.speed()) + "]";
    }
}
