package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.PlaybackOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.playback.internal.MediaTime;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Past the tracker's and the index's caps, seeking stays exact: state too large to track turns keyframes
 * off until the next reset (a seek replays from an earlier keyframe), and an index that thinned serves
 * from the keyframes it kept. Screens are compared with playing straight to each target.
 */
@Timeout(120)
class HostileSeekTest {

    @TempDir
    Path dir;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final CapturingSink sink = new CapturingSink(scheduler::nanoTime);

    private void seekAndCompare(List<SessionRecord> records, long target) {
        CompletableFuture<Duration> f = player.seek(Duration.ofMillis(target)).toCompletableFuture();
        scheduler.runAll(10_000_000);
        assertThat(f).isCompletedWithValue(Duration.ofMillis(target));
        Vt client = new Vt().feed(sink.terminalBytes());
        Vt straight = new Vt().feed(TermSessions.straight(records, target, MediaTime.NO_LIMIT));
        assertThat(client.snapshot()).as("screen at %d ms", target).isEqualTo(straight.snapshot());
    }

    private SessionPlayer player;

    private static TerminalData text(long ts, String s) {
        return new TerminalData(ts, s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void statePastTheTrackersCapsTurnsKeyframesOffUntilTheNextResetAndSeeksStayExact() throws Exception {
        List<SessionRecord> records = new ArrayList<>(TermSessions.generate(11, 60));
        long ts = records.get(records.size() - 1).timestamp() + 100;
        // 300 distinct mode numbers (over the cap), then screens that clear and home
        StringBuilder modes = new StringBuilder();
        for (int n = 1000; n < 1300; n++) {
            modes.append("\u001b[?").append(n).append('h');
        }
        records.add(text(ts, modes.toString() + "\u001b[4h\u001b[1;33mafter the flood"));
        Random rnd = new Random(3);
        for (int i = 0; i < 40; i++) {
            ts += 1500;
            records.add(text(ts, "\u001b[H\u001b[2J\u001b[1;1Hscreen " + i + " " + "x".repeat(rnd.nextInt(300)) + "\r\nline\u001b[7m inv"));
        }
        ts += 1500;
        records.add(text(ts, "\u001bcafter the reset\r\n"));
        for (int i = 0; i < 20; i++) {
            ts += 1500;
            records.add(text(ts, "\u001b[H\u001b[2J\u001b[3;4Hscreen again " + i + "\u001b[?25l"));
        }
        Path file = TermSessions.write(dir.resolve("flood.rec"), records);
        player = SessionPlayer.play(Recording.open(file), sink, PlaybackOptions.builder().scheduler(scheduler).startPaused(true).build());
        long duration = TermSessions.duration(records, MediaTime.NO_LIMIT);
        List<Long> targets = new ArrayList<>(List.of(duration, duration / 2, 0L, duration - 1500, duration - 40_000));
        for (int i = 0; i < 25; i++) {
            targets.add((long) rnd.nextInt((int) duration + 1));
        }
        for (long t : targets) {
            seekAndCompare(records, t);
        }
    }

    @Test
    void anIndexThatThinnedItsKeyframesAndCheckpointsStillSeeksExactly() throws Exception {
        // a clear every 2.1 s for 5.25 h: 9,000 keyframes and checkpoints, over both caps (2,048 and 8,192)
        List<SessionRecord> records = new ArrayList<>();
        long ts = TermSessions.T0;
        for (int i = 0; i < 9_000; i++) {
            String sgr = i % 7 == 0 ? "\u001b[0m" : "\u001b[3" + (i % 8) + "m";
            String mode = "\u001b[?" + (1000 + i % 50) + (i % 3 == 0 ? "h" : "l");
            records.add(text(ts, "\u001b[H\u001b[2J\u001b[1;1H" + mode + sgr + "screen " + i + "\r\n" + "y".repeat(i % 40)));
            ts += 2100;
        }
        Path file = TermSessions.write(dir.resolve("thin.rec"), records);
        player = SessionPlayer.play(Recording.open(file), sink, PlaybackOptions.builder().scheduler(scheduler).startPaused(true).build());
        long duration = TermSessions.duration(records, MediaTime.NO_LIMIT);
        Random rnd = new Random(5);
        List<Long> targets = new ArrayList<>(List.of(duration, 0L, duration / 3, 2100L * 2047 + 5));
        for (int i = 0; i < 12; i++) {
            targets.add((long) rnd.nextInt((int) duration + 1));
        }
        for (long t : targets) {
            int before = sink.terminalBytes().length;
            seekAndCompare(records, t);
            assertThat(sink.terminalBytes().length - before).as("a seek sends what follows a kept keyframe, not the history")
                    .isLessThan(64 * 1024);
        }
    }
}
