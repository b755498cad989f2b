package io.github.sessionbridge.web.internal;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The timeline controls of a view, whatever plays it: today a file's {@code SessionPlayer}
 * ({@link PlayerControls}); the seam where {@code core.Playback} (file players and C-served timelines alike,
 * issue 16) plugs in, with {@link #goLive()} for timelines.
 */
interface Controls extends AutoCloseable {
    Duration position();

    /** The duration if known yet, else null. */
    Duration knownDuration();

    /** Completes once the duration is known. */
    CompletionStage<Duration> duration();

    double speed();

    void speed(double speed);

    boolean isPaused();

    void pause();

    void resume();

    CompletionStage<Duration> seek(Duration position);

    CompletionStage<Duration> skip(Duration delta);

    /** Whether it has a live edge (a timeline of a session still running). */
    boolean hasLiveEdge();

    /** Jumps to the live edge and follows it; only if {@link #hasLiveEdge()}. */
    void goLive();

    /** Whether it follows the live edge now. */
    boolean isAtLiveEdge();

    @Override
    void close();
}
