package io.github.sessionbridge.core.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.playback.internal.AppendedFile;
import io.github.sessionbridge.core.playback.internal.PlaybackEngine;
import io.github.sessionbridge.core.playback.internal.MediaTime;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The player core on a recording that grows while it plays, as a timeline's spool: units are appended to
 * the file by the test, then the edge is moved and the player signalled. The player waits at the edge,
 * plays what arrives, clamps seeks to the edge, and ends with the source's reason only after playing all.
 */
@Timeout(30)
class GrowingPlaybackTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;
    private final ManualScheduler scheduler = new ManualScheduler();
    private final CapturingSink sink = new CapturingSink(scheduler::nanoTime);
    private final long start = scheduler.nanoTime();

    private static TerminalData d(long at, String text) {
        return TerminalData.ofText(T0 + at, text);
    }

    private List<Long> sendTimesMillis() {
        List<Long> t = new ArrayList<>();
        for (long n : sink.times) {
            t.add((n - start) / MS);
        }
        return t;
    }

    private PlaybackEngine play(AppendedFile spool, PlaybackOptions.Builder options) throws Exception {
        return PlaybackEngine.start(spool.recording(), spool, sink, options.scheduler(scheduler).build(), "timeline");
    }

    @Test
    void itWaitsAtTheEdgePlaysWhatArrivesAndEndsWithTheSourcesReasonOnlyAfterPlayingEverything() throws Exception {
        try (AppendedFile spool = new AppendedFile(dir.resolve("spool.rec"))) {
            spool.append(d(0, "a"), d(1_000, "b")).publish();
            PlaybackEngine p = play(spool, PlaybackOptions.builder());
            CompletableFuture<Duration> duration = p.duration().toCompletableFuture();
            scheduler.advanceMillis(1_500);
            assertThat(new String(sink.terminalBytes(), StandardCharsets.UTF_8)).isEqualTo("ab");
            assertThat(p.atEdge()).as("all received is played").isTrue();
            assertThat(p.isOpen()).isTrue();
            assertThat(sink.notices).isEmpty();
            assertThat(p.position()).as("no time past the last record sent").isEqualTo(1_000);
            assertThat(p.received()).isEqualTo(1_000);

            // a record arriving before its time plays at its time
            assertThat(spool.played()).as("told it played a and b").isEqualTo(spool.size());
            spool.append(d(2_000, "c")).publish();
            scheduler.runDue();
            assertThat(p.atEdge()).isFalse();
            scheduler.advanceMillis(1_000);
            // half a unit written and the edge not over it: nothing; then one arriving after its time: at once
            byte[] late = io.github.sessionbridge.protocol.UnitEncoder.encode(d(3_000, "d"));
            spool.appendBytes(java.util.Arrays.copyOf(late, 10));
            scheduler.advanceMillis(1_500); // at 4 s
            assertThat(p.atEdge()).isTrue();
            spool.appendBytes(java.util.Arrays.copyOfRange(late, 10, late.length)).publish();
            scheduler.runDue();
            assertThat(p.received()).isEqualTo(3_000);
            assertThat(duration).as("unknown while it grows").isNotDone();

            // it ends (the C stream was cut) with one more record to play: the notice waits for it
            spool.append(d(5_000, "e")).end(EndReason.TRUNCATED);
            scheduler.advanceMillis(900);
            assertThat(sink.notices).isEmpty();
            assertThat(p.isOpen()).isTrue();
            scheduler.advanceMillis(200);
            assertThat(sendTimesMillis()).containsExactly(0L, 1_000L, 2_000L, 4_000L, 5_000L);
            assertThat(new String(sink.terminalBytes(), StandardCharsets.UTF_8)).isEqualTo("abcde");
            assertThat(sink.notices).extracting(Notice::reason).containsExactly(EndReason.TRUNCATED);
            assertThat(p.ended().toCompletableFuture()).isCompletedWithValue(EndReason.TRUNCATED);
            assertThat(duration).isCompletedWithValue(Duration.ofMillis(5_000));
            assertThat(spool.played()).as("told it played to the end").isEqualTo(spool.size());
        }
    }

    @Test
    void aSourceThatEndsWhileTheAuditorIsPausedIsToldOnlyWhenPlaybackGetsThere() throws Exception {
        try (AppendedFile spool = new AppendedFile(dir.resolve("spool.rec"))) {
            spool.append(d(0, "a"), d(1_000, "b")).publish();
            PlaybackEngine p = play(spool, PlaybackOptions.builder());
            scheduler.advanceMillis(1_500);
            p.paused(true); // waiting at the edge, the position shown is the last record's: it pauses there
            spool.append(d(2_000, "c"), d(3_000, "d")).publish();
            scheduler.advanceMillis(10_000);
            spool.end(EndReason.END);
            scheduler.advanceMillis(60_000);
            assertThat(new String(sink.terminalBytes(), StandardCharsets.UTF_8)).isEqualTo("ab");
            assertThat(sink.notices).isEmpty();
            assertThat(p.position()).isEqualTo(1_000);
            CompletableFuture<Duration> duration = p.duration().toCompletableFuture();
            scheduler.runDue();
            assertThat(duration).as("known once it ended").isCompletedWithValue(Duration.ofMillis(3_000));
            p.paused(false);
            scheduler.runAll(100);
            assertThat(sendTimesMillis()).containsExactly(0L, 1_000L, 72_500L, 73_500L);
            assertThat(sink.notices).extracting(Notice::reason).containsExactly(EndReason.END);
        }
    }

    @Test
    void aSeekPastTheReceivedEdgeClampsToItAndTheScreenIsTheStraightOne() throws Exception {
        List<SessionRecord> records = TermSessions.generate(11, 120);
        int half = records.size() / 2;
        List<SessionRecord> first = records.subList(0, half);
        try (AppendedFile spool = new AppendedFile(dir.resolve("spool.rec"))) {
            spool.append(first.toArray(SessionRecord[]::new)).publish();
            PlaybackEngine p = play(spool, PlaybackOptions.builder().startPaused(true));
            // "go live": as far as has been received
            CompletableFuture<Duration> live = p.seek(Long.MAX_VALUE / 4, false).toCompletableFuture();
            scheduler.runAll(100_000);
            long edge = TermSessions.duration(first, MediaTime.NO_LIMIT);
            assertThat(live).isCompletedWithValue(Duration.ofMillis(edge));
            assertThat(p.received()).isEqualTo(edge);
            assertThat(p.isOpen()).isTrue();
            assertScreen(TermSessions.straight(first, edge, MediaTime.NO_LIMIT));
            // back into what was received: exact there too
            long back = edge / 3;
            CompletableFuture<Duration> b = p.seek(back, false).toCompletableFuture();
            scheduler.runAll(100_000);
            assertThat(b).isCompletedWithValue(Duration.ofMillis(back));
            assertScreen(TermSessions.straight(records, back, MediaTime.NO_LIMIT));

            spool.append(records.subList(half, records.size()).toArray(SessionRecord[]::new)).end(EndReason.END);
            p.paused(false);
            scheduler.runAll(10_000_000);
            long total = TermSessions.duration(records, MediaTime.NO_LIMIT);
            assertScreen(TermSessions.straight(records, total, MediaTime.NO_LIMIT));
            assertThat(sink.notices).extracting(Notice::reason).containsExactly(EndReason.END);
            assertThat(p.position()).isEqualTo(total);
        }
    }

    @Test
    void afterGoingLiveALiveSessionIsFollowedAtItsEdgeWhateverArrivedDuringTheSeek() throws Exception {
        // a live session: each record stamped with the wall clock when it happens, arriving then
        long wall = System.currentTimeMillis();
        HoldingSink held = new HoldingSink(sink);
        try (AppendedFile spool = new AppendedFile(dir.resolve("spool.rec"))) {
            PlaybackEngine p = PlaybackEngine.start(spool.recording(), spool, held, PlaybackOptions.builder()
                    .flowControl(io.github.sessionbridge.core.FlowControl.DEFAULT.withWaterMarks(1, 0))
                    .scheduler(scheduler).build(), "timeline");
            int n = 0;
            for (; n <= 10; n++) {
                spool.append(TerminalData.ofText(wall + n * 100L, "line " + n + "\r\n")).publish();
                scheduler.advanceMillis(100);
            }
            assertThat(p.atEdge()).isTrue();

            // go live while the browser is slow to take the screen: the seek waits for it, and meanwhile
            // the session goes on (half a second of it arrives)
            held.hold();
            CompletableFuture<Duration> live = p.seek(Long.MAX_VALUE / 4, false).toCompletableFuture();
            scheduler.runDue();
            for (; n <= 15; n++) {
                spool.append(TerminalData.ofText(wall + n * 100L, "line " + n + "\r\n")).publish();
                scheduler.advanceMillis(100);
            }
            assertThat(live).as("waiting for the client").isNotDone();
            held.release();
            scheduler.runDue();
            assertThat(live).isDone();

            // what came during the seek plays at once, and each record after it as it arrives
            int before = sink.records.size();
            for (; n <= 25; n++) {
                spool.append(TerminalData.ofText(wall + n * 100L, "line " + n + "\r\n")).publish();
                scheduler.runDue();
                assertThat(new String(sink.terminalBytes(), StandardCharsets.UTF_8)).as("line %d played on arrival", n)
                        .endsWith("line " + n + "\r\n");
                assertThat(p.atEdge()).as("at the live edge after line %d", n).isTrue();
                scheduler.advanceMillis(100);
            }
            assertThat(sink.records.size() - before).isGreaterThanOrEqualTo(10);
        }
    }

    /** Passes sends on; while held, the next send's stage stays open until released. */
    private static final class HoldingSink implements io.github.sessionbridge.core.ClientSink {
        private final CapturingSink to;
        private boolean holding;
        private CompletableFuture<Void> pending;

        HoldingSink(CapturingSink to) {
            this.to = to;
        }

        synchronized void hold() {
            holding = true;
        }

        void release() {
            CompletableFuture<Void> f;
            synchronized (this) {
                holding = false;
                f = pending;
                pending = null;
            }
            if (f != null) {
                f.complete(null);
            }
        }

        @Override
        public synchronized java.util.concurrent.CompletionStage<Void> send(SessionRecord record) {
            to.send(record);
            if (holding && pending == null) {
                pending = new CompletableFuture<>();
                return pending;
            }
            return DONE;
        }

        @Override
        public void end(Notice notice) {
            to.end(notice);
        }
    }

    private void assertScreen(byte[] straight) {
        assertThat(new Vt().feed(sink.terminalBytes()).snapshot()).isEqualTo(new Vt().feed(straight).snapshot());
    }

    @Test
    void aWriterThreadAppendsWhileThePlayerPlaysOnTheSharedScheduler() throws Exception {
        CapturingSink live = new CapturingSink(System::nanoTime);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (AppendedFile spool = new AppendedFile(dir.resolve("spool.rec"))) {
            PlaybackEngine p = PlaybackEngine.start(spool.recording(), spool, live, PlaybackOptions.builder().speed(16).build(),
                    "timeline");
            Thread writer = new Thread(() -> {
                for (int batch = 0; batch < 60; batch++) {
                    for (int i = 0; i < 5; i++) {
                        int n = batch * 5 + i;
                        TerminalData r = d(n * 10L, "line " + n + "\r\n");
                        all.writeBytes(r.content());
                        spool.append(r);
                    }
                    spool.publish();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                spool.end(EndReason.END);
            });
            writer.start();
            EndReason reason = p.ended().toCompletableFuture().get(20, TimeUnit.SECONDS);
            writer.join();
            assertThat(reason).isEqualTo(EndReason.END);
            assertThat(live.terminalBytes()).isEqualTo(all.toByteArray());
            assertThat(live.notices).extracting(Notice::reason).containsExactly(EndReason.END);
            assertThat(p.duration().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(Duration.ofMillis(2_990));
        }
    }
}
