package io.github.sessionbridge.core.audit.internal;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.core.audit.PlaybackTarget;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** A {@link SessionPlayer} whose opening, seeks and end are audited; everything else is the player's. */
public final class AuditedPlayer implements SessionPlayer {
    private final SessionPlayer player;
    private final AuditQueue queue;
    private final Caller caller;
    private final PlaybackTarget target;
    private final String startId;
    private final Instant startedAt;

    private AuditedPlayer(SessionPlayer player, AuditQueue queue, Caller caller, PlaybackTarget target,
                          AuditEvent.PlaybackOpened opened) {
        this.player = player;
        this.queue = queue;
        this.caller = caller;
        this.target = target;
        this.startId = opened.id();
        this.startedAt = opened.at();
    }

    /** Audits the opening (refusing if there is no room), starts the player, and audits its end. */
    public static SessionPlayer start(AuditQueue queue, Caller caller, Recording recording, ClientSink sink,
                                      PlaybackOptions options) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(options, "options");
        PlaybackTarget target = new PlaybackTarget.File(recording.name());
        AuditEvent.PlaybackOpened opened = new AuditEvent.PlaybackOpened(AuditEvent.newId(), Instant.now(), caller,
                target, Duration.ZERO);
        if (!queue.admit(opened)) {
            throw new IllegalStateException("the audit trail is full: playback of " + recording.name() + " refused");
        }
        AuditedPlayer p = new AuditedPlayer(SessionPlayer.play(recording, sink, options), queue, caller, target, opened);
        p.player.ended().whenComplete((reason, failure) -> p.queue.record(new AuditEvent.PlaybackEnded(
                AuditEvent.newId(), Instant.now(), caller, p.startId, target, p.startedAt, p.player.position(),
                reason != null ? reason : EndReason.INTERNAL_ERROR)));
        return p;
    }

    private CompletionStage<Duration> audited(Supplier<CompletionStage<Duration>> move) {
        Duration from = player.position();
        CompletionStage<Duration> stage = move.get();
        stage.thenAccept(to -> queue.record(new AuditEvent.PlaybackSeeked(AuditEvent.newId(), Instant.now(), caller,
                startId, target, from, to)));
        return stage;
    }

    @Override
    public Recording recording() {
        return player.recording();
    }

    @Override
    public Duration position() {
        return player.position();
    }

    @Override
    public Duration received() {
        return player.received();
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
        return audited(() -> player.seek(position));
    }

    @Override
    public CompletionStage<Duration> skip(Duration delta) {
        return audited(() -> player.skip(delta));
    }

    @Override
    public boolean isOpen() {
        return player.isOpen();
    }

    @Override
    public CompletionStage<EndReason> ended() {
        return player.ended();
    }

    @Override
    public void close() {
        player.close();
    }

    @Override
    public String toString() {
        return "Audited" + player;
    }
}
