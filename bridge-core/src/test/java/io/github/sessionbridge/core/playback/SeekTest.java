package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.PlaybackOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.playback.internal.MediaTime;
import io.github.sessionbridge.protocol.SessionRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeking leaves the client's screen exactly as playing straight to the target does: both byte streams
 * are fed to a terminal model and the screens compared, for many targets forwards and backwards.
 */
@Timeout(60)
class SeekTest {

    @TempDir
    Path dir;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final CapturingSink sink = new CapturingSink(scheduler::nanoTime);

    private Duration seek(SessionPlayer player, long millis) {
        CompletableFuture<Duration> f = player.seek(Duration.ofMillis(millis)).toCompletableFuture();
        scheduler.runAll(1_000_000);
        assertThat(f).isDone();
        return f.join();
    }

    private void assertScreenAt(List<SessionRecord> records, long media, long idleLimit) {
        Vt client = new Vt().feed(sink.terminalBytes());
        Vt straight = new Vt().feed(TermSessions.straight(records, media, idleLimit));
        assertThat(client.snapshot()).as("screen at %d ms", media).isEqualTo(straight.snapshot());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void seekingAnywhereForwardsAndBackwardsGivesTheStraightScreen(long seed) throws Exception {
        List<SessionRecord> records = TermSessions.generate(seed, 120);
        long idle = seed % 2 == 0 ? 2_000 : MediaTime.NO_LIMIT;
        Path file = TermSessions.write(dir.resolve("s" + seed + ".rec"), records);
        PlaybackOptions.Builder options = PlaybackOptions.builder().scheduler(scheduler).startPaused(true);
        if (idle != MediaTime.NO_LIMIT) {
            options.idleLimit(Duration.ofMillis(idle));
        }
        SessionPlayer player = SessionPlayer.play(Recording.open(file), sink, options.build());
        scheduler.runAll(1000);
        long duration = TermSessions.duration(records, idle);
        Random rnd = new Random(seed);
        List<Long> targets = new ArrayList<>(List.of(duration / 2, 0L, duration, duration - 1, duration / 3));
        for (int i = 0; i < 40; i++) {
            targets.add((long) rnd.nextInt((int) duration + 1));
        }
        for (long t : targets) {
            Duration at = seek(player, t);
            assertThat(at.toMillis()).isEqualTo(t);
            assertScreenAt(records, t, idle);
        }
        assertThat(player.isOpen()).isTrue();
        CompletableFuture<Duration> d = player.duration().toCompletableFuture();
        scheduler.runAll(1000);
        assertThat(d.join().toMillis()).isEqualTo(duration);
        player.close();
        scheduler.runAll(1000);
        assertThat(sink.notices).isEmpty();
        assertThat(player.ended().toCompletableFuture().join()).isEqualTo(EndReason.CLIENT_GONE);
    }

    @Test
    void seekingWhilePlayingThenPlayingOnToTheEndGivesTheFinalScreen() throws Exception {
        List<SessionRecord> records = TermSessions.generate(42, 80);
        Path file = TermSessions.write(dir.resolve("p.rec"), records);
        SessionPlayer player = SessionPlayer.play(Recording.open(file), sink,
                PlaybackOptions.builder().scheduler(scheduler).idleLimit(Duration.ofSeconds(1)).speed(4).build());
        long duration = TermSessions.duration(records, 1000);
        scheduler.advanceMillis(duration / 8);
        assertScreenAt(records, player.position().toMillis(), 1000);
        CompletableFuture<Duration> f = player.seek(Duration.ofMillis(duration * 3 / 4)).toCompletableFuture();
        scheduler.runDue();
        assertThat(f).isCompletedWithValue(Duration.ofMillis(duration * 3 / 4));
        assertScreenAt(records, duration * 3 / 4, 1000);
        scheduler.advanceMillis(3_000);
        player.pause();
        scheduler.runDue();
        long at = player.position().toMillis();
        assertThat(at).isEqualTo(duration * 3 / 4 + 12_000);
        assertScreenAt(records, at, 1000);
        seek(player, duration / 5);
        assertScreenAt(records, duration / 5, 1000);
        player.resume();
        scheduler.runAll(10_000_000);
        assertThat(sink.notices).singleElement().extracting(n -> n.reason()).isEqualTo(EndReason.END);
        assertScreenAt(records, duration, 1000);
        assertThat(player.position().toMillis()).isEqualTo(duration);
    }

    @Test
    void aSeekAfterAClearSendsOnlyWhatFollowsTheClear() throws Exception {
        List<SessionRecord> records = TermSessions.generate(7, 400);
        Path file = TermSessions.write(dir.resolve("k.rec"), records);
        SessionPlayer player = SessionPlayer.play(Recording.open(file), sink,
                PlaybackOptions.builder().scheduler(scheduler).startPaused(true).build());
        long duration = TermSessions.duration(records, MediaTime.NO_LIMIT);
        long total = TermSessions.straight(records, duration, MediaTime.NO_LIMIT).length;
        seek(player, duration);
        assertScreenAt(records, duration, MediaTime.NO_LIMIT);
        int sent = sink.terminalBytes().length;
        assertThat(sent).as("bytes sent for a seek to the end, of %d", total).isLessThan((int) (total / 4));
        // and backwards to the start: a reset and the first records only
        seek(player, 0);
        assertScreenAt(records, 0, MediaTime.NO_LIMIT);
    }

    @Test
    void seekingPastTheEndShowsTheLastScreenAndEndsWithEnd() throws Exception {
        List<SessionRecord> records = TermSessions.generate(3, 30);
        Path file = TermSessions.write(dir.resolve("e.rec"), records);
        SessionPlayer player = SessionPlayer.play(Recording.open(file), sink,
                PlaybackOptions.builder().scheduler(scheduler).startPaused(true).build());
        long duration = TermSessions.duration(records, MediaTime.NO_LIMIT);
        Duration at = seek(player, duration + 60_000);
        assertThat(at.toMillis()).isEqualTo(duration);
        assertScreenAt(records, duration, MediaTime.NO_LIMIT);
        player.resume();
        scheduler.runAll(1000);
        assertThat(sink.notices).singleElement().extracting(n -> n.reason()).isEqualTo(EndReason.END);
    }
}
