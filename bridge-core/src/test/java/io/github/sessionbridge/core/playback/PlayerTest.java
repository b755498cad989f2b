package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.PlaybackOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.FlowControl;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pacing, speed, pause, idle limit, endings and flow control, on a clock the test moves. */
@Timeout(30)
class PlayerTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;
    private final ManualScheduler scheduler = new ManualScheduler();
    private final CapturingSink sink = new CapturingSink(scheduler::nanoTime);

    private Recording recording(Unit... units) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("SESSREC1".getBytes(StandardCharsets.US_ASCII));
        for (Unit u : units) {
            b.writeBytes(UnitEncoder.encode(u));
        }
        return Recording.open(Files.write(Files.createTempFile(dir, "r", ".rec"), b.toByteArray()));
    }

    private static TerminalData d(long at, String text) {
        return TerminalData.ofText(T0 + at, text);
    }

    private List<Long> sendTimesMillis(long start) {
        List<Long> t = new ArrayList<>();
        for (long n : sink.times) {
            t.add((n - start) / MS);
        }
        return t;
    }

    @Test
    void recordsArePacedByTheirTimestampsAtEverySpeed() throws Exception {
        for (double speed : new double[] {0.25, 1, 2, 16}) {
            ManualScheduler s = new ManualScheduler();
            CapturingSink c = new CapturingSink(s::nanoTime);
            long start = s.nanoTime();
            SessionPlayer p = SessionPlayer.play(recording(d(0, "a"), d(100, "b"), d(1_100, "c"), d(1_300, "d"), Control.END), c,
                    PlaybackOptions.builder().scheduler(s).speed(speed).build());
            s.runAll(1000);
            List<Long> got = new ArrayList<>();
            for (long n : c.times) {
                got.add(n - start);
            }
            assertThat(got).as("speed %s", speed).containsExactly(0L, (long) (100 * MS / speed), (long) (1_100 * MS / speed),
                    (long) (1_300 * MS / speed));
            assertThat(c.notices).containsExactly(Notice.of(EndReason.END, "会话已结束！"));
            assertThat(p.ended().toCompletableFuture().join()).isEqualTo(EndReason.END);
            assertThat(p.position()).isEqualTo(Duration.ofMillis(1_300));
        }
    }

    @Test
    void speedChangesWhilePlayingKeepThePosition() throws Exception {
        long start = scheduler.nanoTime();
        SessionPlayer p = SessionPlayer.play(recording(d(0, "a"), d(1_000, "b"), d(3_000, "c"), d(7_000, "d")), sink,
                PlaybackOptions.builder().scheduler(scheduler).build());
        scheduler.advanceMillis(2_000); // at 2 s: a and b sent
        assertThat(p.position()).isEqualTo(Duration.ofMillis(2_000));
        p.speed(4);
        scheduler.advanceMillis(250); // 1 s of media: c at 3 s
        assertThat(p.speed()).isEqualTo(4);
        p.speed(0.5);
        scheduler.runAll(1000); // 4 s of media at 0.5: 8 s
        assertThat(sendTimesMillis(start)).containsExactly(0L, 1_000L, 2_250L, 10_250L);
        assertThatThrownBy(() -> p.speed(17)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.25..16");
        assertThatThrownBy(() -> PlaybackOptions.builder().speed(0.2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pauseStopsTheClockAndResumeGoesOnFromThere() throws Exception {
        long start = scheduler.nanoTime();
        SessionPlayer p = SessionPlayer.play(recording(d(0, "a"), d(1_000, "b"), d(2_000, "c")), sink,
                PlaybackOptions.builder().scheduler(scheduler).build());
        scheduler.advanceMillis(1_500);
        p.pause();
        scheduler.advanceMillis(60_000);
        assertThat(p.isPaused()).isTrue();
        assertThat(p.position()).isEqualTo(Duration.ofMillis(1_500));
        assertThat(sink.records).hasSize(2);
        p.resume();
        scheduler.runAll(100);
        assertThat(sendTimesMillis(start)).containsExactly(0L, 1_000L, 62_000L);
    }

    @Test
    void idleLimitShortensLongGapsInPacingPositionAndDuration() throws Exception {
        long start = scheduler.nanoTime();
        SessionPlayer p = SessionPlayer.play(recording(d(0, "a"), d(10_000, "b"), d(10_300, "c"), d(70_300, "d")), sink,
                PlaybackOptions.builder().scheduler(scheduler).idleLimit(Duration.ofMillis(1_500)).startPaused(true).build());
        CompletableFuture<Duration> duration = p.duration().toCompletableFuture();
        scheduler.runDue();
        assertThat(duration).isCompletedWithValue(Duration.ofMillis(3_300));
        p.resume();
        scheduler.runAll(100);
        assertThat(sendTimesMillis(start)).containsExactly(0L, 1_500L, 1_800L, 3_300L);
    }

    @Test
    void startPausedSendsNothingUntilResumed() throws Exception {
        SessionPlayer p = SessionPlayer.play(recording(d(0, "a")), sink,
                PlaybackOptions.builder().scheduler(scheduler).startPaused(true).build());
        scheduler.advanceMillis(10_000);
        assertThat(sink.records).isEmpty();
        p.resume();
        scheduler.runAll(100);
        assertThat(sink.records).hasSize(1);
        assertThat(sink.notices).extracting(Notice::reason).containsExactly(EndReason.END);
    }

    @Test
    void endingsMapAsLiveBridgesDo() throws Exception {
        record Case(byte[] tail, EndReason reason, int code) {
        }
        byte[] ok = UnitEncoder.encode(d(0, "x"));
        for (Case k : List.of(new Case(new byte[] {'5'}, EndReason.REFUSED, 3), new Case(new byte[0], EndReason.END, 3),
                new Case(new byte[] {'d', 0, 0, 0, 20, 1}, EndReason.TRUNCATED, 5),
                new Case(new byte[] {'x'}, EndReason.PROTOCOL_ERROR, 5))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes("SESSREC1".getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(ok);
            b.writeBytes(k.tail());
            ManualScheduler s = new ManualScheduler();
            CapturingSink c = new CapturingSink(s::nanoTime);
            SessionPlayer p = SessionPlayer.play(Recording.open(Files.write(Files.createTempFile(dir, "e", ".rec"), b.toByteArray())), c,
                    PlaybackOptions.builder().scheduler(s).noticeText(EndReason.TRUNCATED, "cut").build());
            s.runAll(100);
            assertThat(c.records).hasSize(1);
            assertThat(c.notices).singleElement().satisfies(n -> {
                assertThat(n.reason()).isEqualTo(k.reason());
                assertThat(n.code()).isEqualTo(k.code());
            });
            assertThat(p.isOpen()).isFalse();
            assertThat(Recording.open(Files.write(Files.createTempFile(dir, "i", ".rec"), b.toByteArray())).info().ending())
                    .isEqualTo(k.reason());
        }
    }

    @Test
    void infoCountsWhatAPlayerSendsWhenTheFileEndsInsideARecord() throws Exception {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes("SESSREC1".getBytes(StandardCharsets.US_ASCII));
        whole.writeBytes(UnitEncoder.encode(d(0, "ab")));
        whole.writeBytes(UnitEncoder.encode(InputEvent.ofText(T0 + 10, "ls")));
        int wholeSize = whole.size();
        byte[] last = UnitEncoder.encode(d(9_000, "never sent"));
        for (int cut : new int[] {3, 9, 14, last.length - 1}) { // in the header, in the timestamp, in the content
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(whole.toByteArray());
            b.write(last, 0, cut);
            Path file = Files.write(Files.createTempFile(dir, "t", ".rec"), b.toByteArray());
            RecordingInfo info = Recording.open(file).info();
            assertThat(info.ending()).as("cut at %d", cut).isEqualTo(EndReason.TRUNCATED);
            assertThat(info.records()).as("cut at %d", cut).isEqualTo(2);
            assertThat(info.terminalData()).isEqualTo(1);
            assertThat(info.inputEvents()).isEqualTo(1);
            assertThat(info.contentBytes()).isEqualTo(2 + 2);
            assertThat(info.sizeBytes()).isEqualTo(wholeSize);
            assertThat(info.duration()).as("cut at %d", cut).isEqualTo(Duration.ofMillis(10));
            ManualScheduler s = new ManualScheduler();
            CapturingSink c = new CapturingSink(s::nanoTime);
            SessionPlayer.play(Recording.open(file), c, PlaybackOptions.builder().scheduler(s).build());
            s.runAll(100);
            assertThat(c.records).hasSize((int) info.records());
        }
        // a file whose only record is cut: nothing to count, no start, no duration
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("SESSREC1".getBytes(StandardCharsets.US_ASCII));
        b.write(last, 0, last.length - 1);
        RecordingInfo info = Recording.open(Files.write(Files.createTempFile(dir, "t", ".rec"), b.toByteArray())).info();
        assertThat(info.records()).isZero();
        assertThat(info.start()).isEmpty();
        assertThat(info.end()).isEmpty();
        assertThat(info.duration()).isZero();
        assertThat(info.ending()).isEqualTo(EndReason.TRUNCATED);
    }

    @Test
    void closeSendsNoNoticeAndAFailedSendEndsAsClientGone() throws Exception {
        SessionPlayer p = SessionPlayer.play(recording(d(0, "a"), d(1_000, "b")), sink,
                PlaybackOptions.builder().scheduler(scheduler).build());
        scheduler.runDue();
        p.close();
        scheduler.runAll(100);
        assertThat(sink.notices).isEmpty();
        assertThat(p.ended().toCompletableFuture().join()).isEqualTo(EndReason.CLIENT_GONE);

        ClientSink failing = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                return CompletableFuture.failedFuture(new IllegalStateException("socket closed"));
            }

            @Override
            public void end(Notice notice) {
                throw new AssertionError("no notice to a client that is gone");
            }
        };
        SessionPlayer q = SessionPlayer.play(recording(d(0, "a"), d(1, "b")), failing, PlaybackOptions.builder().scheduler(scheduler).build());
        scheduler.runAll(100);
        assertThat(q.ended().toCompletableFuture().join()).isEqualTo(EndReason.CLIENT_GONE);
    }

    @Test
    void aClientThatDoesNotTakeWhatItIsSentStallsPlaybackThenEndsTooSlow() throws Exception {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        ClientSink slow = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                pending.add(f);
                return f;
            }

            @Override
            public void end(Notice notice) {
                notices.add(notice);
            }
        };
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            units.add(new TerminalData(T0, new byte[1000]));
        }
        SessionPlayer p = SessionPlayer.play(recording(units.toArray(Unit[]::new)), slow, PlaybackOptions.builder()
                .scheduler(scheduler).flowControl(new FlowControl(10_000, 2_000, Duration.ofSeconds(5))).build());
        scheduler.runDue();
        // one send in flight; the next nine wait in the player, above the high-water mark it stalls
        assertThat(pending).hasSize(1);
        for (int i = 0; i < 9; i++) {
            pending.get(i).complete(null); // each completion lets the next record go
            scheduler.runDue();
            assertThat(pending).hasSize(i + 2);
        }
        // below the low-water mark: on it goes, the new records waiting behind the tenth send
        scheduler.advanceMillis(5_000);
        // the notice waits for the send in flight (the player has not ended until then); what waited
        // behind it is dropped
        assertThat(notices).isEmpty();
        assertThat(p.isOpen()).isTrue();
        pending.get(9).complete(null);
        scheduler.runDue();
        assertThat(notices).extracting(Notice::reason).containsExactly(EndReason.CLIENT_TOO_SLOW);
        assertThat(pending).hasSize(10);
        assertThat(p.isOpen()).isFalse();
    }

    @Test
    void graphicalSeekSendsTheFramesSinceTheLastFullScreenFrame() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        List<Unit> units = List.of(
                new ScreenFrame(T0, 0, 0, 640, 480, png),
                new ScreenFrame(T0 + 1_000, 10, 10, 50, 50, png),
                InputEvent.ofText(T0 + 1_500, "click"),
                new ScreenFrame(T0 + 2_000, 0, 0, 640, 480, png),
                new ScreenFrame(T0 + 3_000, 100, 100, 20, 20, png),
                new ScreenFrame(T0 + 4_000, 200, 100, 20, 20, png),
                new ScreenFrame(T0 + 9_000, 0, 0, 640, 480, png));
        SessionPlayer p = SessionPlayer.play(recording(units.toArray(Unit[]::new)), sink,
                PlaybackOptions.builder().scheduler(scheduler).startPaused(true).build());
        p.seek(Duration.ofMillis(4_500));
        scheduler.runAll(100);
        assertThat(sink.records).extracting(SessionRecord::timestamp).containsExactly(T0 + 2_000, T0 + 3_000, T0 + 4_000);
        sink.records.clear();
        p.seek(Duration.ofMillis(1_700));
        scheduler.runAll(100);
        assertThat(sink.records).extracting(SessionRecord::timestamp).containsExactly(T0, T0 + 1_000);
    }

    @Test
    void aRecordingReadFromAStreamPlaysAndSeeksForwardsOnly() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("SESSREC1".getBytes(StandardCharsets.US_ASCII));
        for (Unit u : List.of(d(0, "a"), d(1_000, "b"), d(2_000, "c"), d(3_000, "d"), Control.END)) {
            b.writeBytes(UnitEncoder.encode(u));
        }
        Recording r = Recording.ofStream(new ByteArrayInputStream(b.toByteArray()), "stdin");
        assertThat(r.isSeekable()).isFalse();
        assertThatThrownBy(r::info).isInstanceOf(IllegalStateException.class);
        SessionPlayer p = SessionPlayer.play(r, sink, PlaybackOptions.builder().scheduler(scheduler).startPaused(true).build());
        CompletableFuture<Duration> f = p.seek(Duration.ofMillis(2_500)).toCompletableFuture();
        scheduler.runDue();
        assertThat(f).isCompletedWithValue(Duration.ofMillis(2_500));
        assertThat(new String(sink.terminalBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
        p.resume();
        scheduler.runAll(100);
        assertThat(new String(sink.terminalBytes(), StandardCharsets.UTF_8)).isEqualTo("abcd");
        assertThat(sink.notices).extracting(Notice::reason).containsExactly(EndReason.END);
    }

    @Test
    void aStreamRecordingIsReleasedWhenItsPlayerIsClosedEarlyAndWhenAnExportEnds() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("SESSREC1".getBytes(StandardCharsets.US_ASCII));
        for (Unit u : List.of(d(0, "a"), d(60_000, "b"), Control.END)) {
            b.writeBytes(UnitEncoder.encode(u));
        }
        class TrackedStream extends ByteArrayInputStream {
            boolean closed;

            TrackedStream() {
                super(b.toByteArray());
            }

            @Override
            public void close() {
                closed = true;
            }
        }
        // a player closed by the host a minute before the recording's end: the stream is closed all the same
        TrackedStream played = new TrackedStream();
        SessionPlayer p = SessionPlayer.play(Recording.ofStream(played, "stdin"), sink,
                PlaybackOptions.builder().scheduler(scheduler).build());
        scheduler.runDue();
        assertThat(new String(sink.terminalBytes(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(played.closed).isFalse();
        p.close();
        scheduler.runDue();
        assertThat(p.ended().toCompletableFuture()).isCompletedWithValue(EndReason.CLIENT_GONE);
        assertThat(played.closed).as("the stream of a player that ended").isTrue();
        // an export reads it to the end and releases it
        TrackedStream exported = new TrackedStream();
        AsciicastWriter.export(Recording.ofStream(exported, "stdin"), new ByteArrayOutputStream(),
                AsciicastWriter.options().build());
        assertThat(exported.closed).as("the stream of an export that ended").isTrue();
    }

    @Test
    void infoCountsWithoutPlaying() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        Recording r = recording(d(0, "a"), new ScreenFrame(T0 + 5, 0, 0, 1, 1, png), InputEvent.ofText(T0 + 10, "ls"),
                d(2_500, "bc"), Control.END);
        RecordingInfo info = r.info();
        assertThat(info.records()).isEqualTo(4);
        assertThat(info.terminalData()).isEqualTo(2);
        assertThat(info.screenFrames()).isEqualTo(1);
        assertThat(info.inputEvents()).isEqualTo(1);
        assertThat(info.contentBytes()).isEqualTo(1 + 4 + 2 + 2);
        assertThat(info.duration()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(info.start()).contains(java.time.Instant.ofEpochMilli(T0));
        assertThat(info.ending()).isEqualTo(EndReason.END);
        assertThatThrownBy(() -> Recording.open(Files.writeString(dir.resolve("x.txt"), "hello")))
                .isInstanceOf(io.github.sessionbridge.protocol.ProtocolException.class).hasMessageContaining("BAD_MAGIC");
    }
}
