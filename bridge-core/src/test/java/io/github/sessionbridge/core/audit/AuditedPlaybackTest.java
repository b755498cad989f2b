package io.github.sessionbridge.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.audit.AuditEvent.PlaybackEnded;
import io.github.sessionbridge.core.audit.AuditEvent.PlaybackOpened;
import io.github.sessionbridge.core.audit.AuditEvent.PlaybackSeeked;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AuditedPlaybackTest {
    private static final Caller AUDITOR = Caller.of("carol", "ws-9");
    @TempDir
    Path dir;

    private Recording recording() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("SESSREC1".getBytes(StandardCharsets.US_ASCII));
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 5; i++) {
            b.writeBytes(UnitEncoder.encode(TerminalData.ofText(t0 + i * 1000L, "line " + i + "\r\n")));
        }
        b.writeBytes(UnitEncoder.encode(Control.END));
        return Recording.open(Files.write(dir.resolve("s-42.rec"), b.toByteArray()));
    }

    /** A sink that completes every send and remembers its notice. */
    static final class Sink implements ClientSink {
        final CompletableFuture<Notice> ended = new CompletableFuture<>();

        @Override
        public CompletionStage<Void> send(SessionRecord record) {
            return DONE;
        }

        @Override
        public void end(Notice notice) {
            ended.complete(notice);
        }
    }

    @Test
    void a_playback_is_opened_seeked_and_ended_once_each() throws Exception {
        EventLog log = new EventLog();
        try (AuditTrail trail = AuditTrail.start(log)) {
            Sink sink = new Sink();
            Recording r = recording();
            SessionPlayer p = trail.play(AUDITOR, r, sink, PlaybackOptions.builder().startPaused(true).build());
            Duration at = p.seek(Duration.ofMillis(2500)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            p.skip(Duration.ofMillis(1000)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            p.close();
            p.close();
            p.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
            log.await(4, Duration.ofSeconds(10));
            trail.close();
            PlaybackOpened o = log.of(PlaybackOpened.class).get(0);
            assertThat(o.caller()).isEqualTo(AUDITOR);
            assertThat(o.target()).isEqualTo(new PlaybackTarget.File(r.name()));
            assertThat(log.of(PlaybackSeeked.class)).hasSize(2).allSatisfy(s -> assertThat(s.startId()).isEqualTo(o.id()));
            PlaybackSeeked first = log.of(PlaybackSeeked.class).get(0);
            assertThat(first.from()).isEqualTo(Duration.ZERO);
            assertThat(first.to()).isEqualTo(at);
            assertThat(log.of(PlaybackEnded.class)).singleElement().satisfies(e -> {
                assertThat(e.reason()).isEqualTo(EndReason.CLIENT_GONE);
                assertThat(e.startId()).isEqualTo(o.id());
                assertThat(e.startedAt()).isEqualTo(o.at());
            });
            assertThat(log.events()).hasSize(4);
        }
    }

    @Test
    void a_playback_to_the_end_of_its_recording_ends_END() throws Exception {
        EventLog log = new EventLog();
        try (AuditTrail trail = AuditTrail.start(log)) {
            Sink sink = new Sink();
            SessionPlayer p = trail.play(AUDITOR, recording(), sink, PlaybackOptions.builder().speed(16).build());
            assertThat(sink.ended.get(10, TimeUnit.SECONDS).reason()).isEqualTo(EndReason.END);
            log.await(2, Duration.ofSeconds(10));
            trail.close();
            assertThat(log.of(PlaybackEnded.class)).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo(EndReason.END));
            assertThat(log.events()).hasSize(2);
            assertThat(p.isOpen()).isFalse();
        }
    }

    @Test
    void a_full_trail_under_BACK_PRESSURE_refuses_a_playback_before_it_starts() throws Exception {
        EventLog log = new EventLog();
        log.block();
        try (AuditTrail trail = AuditTrail.start(log, new AuditOptions(1, AuditOptions.Overflow.BACK_PRESSURE,
                Duration.ofMillis(50), Duration.ofSeconds(2)))) {
            trail.play(AUDITOR, recording(), new Sink(), PlaybackOptions.builder().startPaused(true).build()).close();
            Sink refused = new Sink();
            assertThatThrownBy(() -> trail.play(AUDITOR, recording(), refused, PlaybackOptions.defaults()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("audit trail is full");
            assertThat(refused.ended).isNotDone();
            assertThat(trail.stats().refused()).isEqualTo(1);
            log.unblock();
        }
        assertThat(log.events()).hasSize(2);
    }
}
