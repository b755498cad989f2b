package io.github.sessionbridge.web.internal;

import io.github.sessionbridge.core.playback.SessionPlayer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** A recording file's player: every control but the live edge. */
final class PlayerControls implements Controls {
    private final SessionPlayer player;
    private volatile Duration duration;

    PlayerControls(SessionPlayer player) {
        this.player = player;
        player.duration().thenAccept(d -> duration = d);
    }

    @Override
    public Duration position() {
        return player.position();
    }

    @Override
    public Duration knownDuration() {
        return duration;
    }

    @Override
    public CompletionStage<Duration> duration() {
        return player.duration();
    }

    @Override
    public double speed() {
        return player.speed();
    }

    @Override
    public void speed(double speed) {
        player.speed(speed);
    }

    @Override
    public boolean isPaused() {
        return player.isPaused();
    }

    @Override
    public void pause() {
        player.pause();
    }

    @Override
    public void resume() {
        player.resume();
    }

    @Override
    public CompletionStage<Duration> seek(Duration position) {
        return player.seek(position);
    }

    @Override
    public CompletionStage<Duration> skip(Duration delta) {
        return player.skip(delta);
    }

    @Override
    public boolean hasLiveEdge() {
        return false;
    }

    @Override
    public void goLive() {
        throw new UnsupportedOperationException("a recording file has no live edge");
    }

    @Override
    public boolean isAtLiveEdge() {
        return false;
    }

    @Override
    public void close() {
        player.close();
    }
}
