package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingTap;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timelines over real sockets: the three streams of protocol §7 (a recording dumped as fast as TCP takes
 * it, one paced by the C server, a live session), the controls, the spool and its bounds, and the ends.
 */
class TimelineTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeAtEnd.size() - 1; i >= 0; i--) {
            closeAtEnd.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeAtEnd.add(c);
        return c;
    }

    private SessionBridge bridge(LoopbackCServer c, BridgeConfig.Builder b) {
        return closing(SessionBridge.create(b.tcp("SSH", c.port())
                .timelineSpool(TimelineSpool.DEFAULT.withDirectory(tmp.resolve("spool"))).build()));
    }

    /**
     * A C server sending a live session: up to {@code n} records, each stamped with the wall clock when sent,
     * {@code gapMillis} apart, until {@code stop} opens; then {@code '3'}.
     */
    private LoopbackCServer liveSession(int n, long gapMillis, java.util.function.IntFunction<String> line,
            java.util.concurrent.CountDownLatch stop) throws Exception {
        return closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            for (int i = 0; i < n && stop.getCount() > 0; i++) {
                conn.send(TerminalData.ofText(System.currentTimeMillis(), line.apply(i)));
                Thread.sleep(gapMillis);
            }
            conn.send(Control.END);
            conn.awaitPeerClose(WAIT);
        }));
    }

    private static List<Unit> records(int n, long gapMillis) {
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            units.add(TerminalData.ofText(T0 + i * gapMillis, "line " + i + "\r\n"));
        }
        return units;
    }

    private static byte[] encode(List<Unit> units) {
        return UnitEncoder.encodeAll(units);
    }

    @Test
    void a_recording_dumped_fast_is_played_at_its_recorded_pace_and_ends_when_playback_gets_there() throws Exception {
        List<Unit> units = records(6, 200); // 1 s of session, sent in one write
        units.add(Control.END);
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.send(encode(units));
            conn.awaitPeerClose(WAIT);
        }));
        SessionBridge sb = bridge(c, BridgeConfig.builder());
        TimedSink sink = new TimedSink();
        long t0 = System.nanoTime();
        Timeline t = sb.play(Caller.of("alice", "ws-1"), "SSH", "s-1", sink, PlaybackOptions.defaults());
        Notice n = sink.awaitEnd(WAIT);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(n.reason()).isEqualTo(EndReason.END);
        assertThat(sink.text()).isEqualTo("line 0\r\nline 1\r\nline 2\r\nline 3\r\nline 4\r\nline 5\r\n");
        // paced by the timestamps: the last record is 1 s after the first, whatever pace the C server sent at
        assertThat(tookMs).isGreaterThanOrEqualTo(950);
        assertThat(sink.arrivalMillis(5) - sink.arrivalMillis(0)).isBetween(900L, 5000L);
        assertThat(t.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.END);
        assertThat(t.duration().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(Duration.ofMillis(1000));
        assertThat(sink.violations()).isEmpty();
        assertThat(sb.activeCount()).isZero();
        awaitCondition(() -> spoolFiles().isEmpty(), WAIT);
    }

    @Test
    void the_access_policy_is_told_it_is_a_playback_and_a_denied_one_ends_forbidden() throws Exception {
        LoopbackCServer c = closing(new LoopbackCServer(conn -> conn.awaitRequest()));
        List<AccessRequest> asked = new CopyOnWriteArrayList<>();
        SessionBridge sb = bridge(c, BridgeConfig.builder().accessPolicy(r -> {
            asked.add(r);
            return false;
        }));
        TestSink sink = new TestSink();
        Timeline t = sb.play(Caller.of("bob", "ws-2"), "SSH", "s-9", sink, PlaybackOptions.defaults());
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.FORBIDDEN);
        assertThat(t.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.FORBIDDEN);
        assertThat(asked).containsExactly(new AccessRequest(Caller.of("bob", "ws-2"),
                io.github.sessionbridge.protocol.Action.MONITOR, "SSH", "s-9", true));
        assertThat(c.connectionCount()).isZero();
    }

    @Test
    void the_request_on_the_wire_is_the_monitor_request() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            requests.add(conn.awaitRequest());
            conn.send(Control.END);
            conn.awaitPeerClose(WAIT);
        }));
        SessionBridge sb = bridge(c, BridgeConfig.builder());
        TestSink sink = new TestSink();
        sb.play(Caller.of("alice", "ws-1"), "SSH", "s-42", sink, PlaybackOptions.defaults());
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(requests).containsExactly("[flag]=0&[sessionid]=s-42");
    }

    @Test
    void a_session_that_ended_while_paused_is_told_only_when_playback_gets_there() throws Exception {
        List<Unit> units = records(3, 100);
        units.add(Control.REFUSED);
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.send(encode(units));
            conn.awaitPeerClose(WAIT);
        }));
        SessionBridge sb = bridge(c, BridgeConfig.builder());
        TestSink sink = new TestSink();
        Timeline t = sb.play(Caller.of("alice", "ws-1"), "SSH", "s-1", sink,
                PlaybackOptions.builder().startPaused(true).build());
        awaitCondition(() -> t.received().toMillis() == 200, WAIT); // the whole stream is in, the C link is done
        Thread.sleep(300);
        assertThat(sink.records()).isEmpty();
        assertThat(sink.notices()).isEmpty();
        assertThat(t.isOpen()).isTrue();
        t.resume();
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.REFUSED); // the stream's reason
        assertThat(sink.records()).hasSize(3);
    }

    @Test
    void a_live_session_plays_at_the_edge_keeps_receiving_while_paused_and_catches_up_at_twice_the_speed() throws Exception {
        // the C server sends a live session: each record when it happens, stamped with the wall clock
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        LoopbackCServer c = liveSession(400, 25, i -> "tick " + i + "\r\n", stop);
        SessionBridge sb = bridge(c, BridgeConfig.builder());
        TimedSink sink = new TimedSink();
        Timeline t = sb.play(Caller.of("alice", "ws-1"), "SSH", "s-live", sink, PlaybackOptions.defaults());
        awaitCondition(() -> sink.records().size() >= 20, WAIT);
        awaitCondition(t::isAtLiveEdge, WAIT);
        int edgeFrom = sink.records().size();
        awaitCondition(() -> sink.records().size() >= edgeFrom + 20, WAIT);
        // at the edge: records reach the client about when they were sent (the median, on a loaded machine)
        assertThat(sink.medianLagMillis(edgeFrom)).isLessThan(250);

        t.pause();
        int before = sink.records().size();
        Duration receivedBefore = t.received();
        Thread.sleep(1000);
        assertThat(sink.records().size()).isLessThanOrEqualTo(before + 1); // nothing sent while paused
        assertThat(t.received()).isGreaterThan(receivedBefore.plusMillis(500)); // but it kept receiving
        assertThat(t.isAtLiveEdge()).isFalse();

        t.speed(2);
        t.resume();
        awaitCondition(t::isAtLiveEdge, WAIT); // caught up
        int caughtUp = sink.records().size();
        awaitCondition(() -> sink.records().size() >= caughtUp + 20, WAIT);
        assertThat(sink.medianLagMillis(caughtUp)).isLessThan(250);
        stop.countDown();
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.violations()).isEmpty();
    }

    @Test
    void rewinding_replays_from_the_screen_at_that_time_and_go_live_jumps_to_the_newest_record() throws Exception {
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        LoopbackCServer c = liveSession(2000, 10, i -> "row " + i + "\r\n", stop);
        SessionBridge sb = bridge(c, BridgeConfig.builder());
        TestSink sink = new TestSink();
        Timeline t = sb.play(Caller.of("alice", "ws-1"), "SSH", "s-live", sink, PlaybackOptions.defaults());
        awaitCondition(() -> t.received().toMillis() > 1500, WAIT);
        Duration back = t.skip(Duration.ofSeconds(-1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(back).isLessThan(t.received());
        assertThat(t.isAtLiveEdge()).isFalse();
        Duration live = t.goLive().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(live.toMillis()).isGreaterThan(back.toMillis());
        awaitCondition(t::isAtLiveEdge, WAIT);
        stop.countDown();
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.violations()).isEmpty();
    }

    @Test
    void go_live_on_a_busy_live_session_follows_it_at_the_edge_again() throws Exception {
        // a record every millisecond or so: more arrives while the go-live seek runs, and those records
        // must play as live ones do, not at the recorded pace behind the edge by the seek's own time
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        LoopbackCServer c = liveSession(30_000, 1, i -> "row " + i + " " + "x".repeat(i % 70) + "\r\n", stop);
        SessionBridge sb = bridge(c, BridgeConfig.builder());
        TimedSink sink = new TimedSink();
        Timeline t = sb.play(Caller.of("alice", "ws-1"), "SSH", "s-busy", sink, PlaybackOptions.defaults());
        awaitCondition(() -> t.received().toMillis() > 2000, WAIT);
        t.skip(Duration.ofSeconds(-1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        t.goLive().toCompletableFuture().get(10, TimeUnit.SECONDS);
        awaitCondition(t::isAtLiveEdge, WAIT);
        int from = sink.records().size();
        awaitCondition(() -> sink.records().size() >= from + 200, WAIT);
        // the median, on a loaded machine (the exact guard is GrowingPlaybackTest's, on a manual clock)
        assertThat(sink.medianLagMillis(from)).as("ms behind the C server, after going live").isLessThan(250);
        stop.countDown();
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.violations()).isEmpty();
    }

    @Test
    void garbage_after_some_records_plays_those_then_ends_with_a_protocol_error() throws Exception {
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.send(encode(records(3, 10)));
            conn.send(new byte[] {'x', 'y', 'z', 0, 0, 0});
            conn.awaitPeerClose(WAIT);
        }));
        SessionBridge sb = bridge(c, BridgeConfig.builder());
        TestSink sink = new TestSink();
        sb.play(Caller.of("alice", "ws-1"), "SSH", "s-1", sink, PlaybackOptions.defaults());
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.PROTOCOL_ERROR);
        assertThat(sink.records()).hasSize(3);
        assertThat(sb.stats().protocolErrors()).isEqualTo(1);
    }

    @Test
    void a_stream_cut_inside_a_unit_plays_what_came_then_ends_truncated() throws Exception {
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.send(encode(records(2, 10)));
            byte[] third = UnitEncoder.encode(TerminalData.ofText(T0 + 50, "cut here"));
            conn.send(java.util.Arrays.copyOf(third, third.length - 3));
            conn.close();
        }));
        SessionBridge sb = bridge(c, BridgeConfig.builder());
        TestSink sink = new TestSink();
        sb.play(Caller.of("alice", "ws-1"), "SSH", "s-1", sink, PlaybackOptions.defaults());
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.TRUNCATED);
        assertThat(sink.records()).hasSize(2);
    }

    @Test
    void closing_the_session_bridge_tells_a_timeline_shutdown_and_close_ends_it_client_gone() throws Exception {
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.send(encode(records(2, 10)));
            conn.awaitPeerClose(WAIT);
        }));
        SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("SSH", c.port())
                .timelineSpool(TimelineSpool.DEFAULT.withDirectory(tmp.resolve("spool"))).build());
        TestSink a = new TestSink();
        TestSink b = new TestSink();
        Timeline ta = sb.play(Caller.of("alice", "ws-1"), "SSH", "s-1", a, PlaybackOptions.defaults());
        Timeline tb = sb.play(Caller.of("bob", "ws-2"), "SSH", "s-1", b, PlaybackOptions.defaults());
        awaitCondition(() -> a.records().size() == 2 && b.records().size() == 2, WAIT);
        assertThat(sb.bridges()).contains(ta, tb);
        tb.close();
        assertThat(tb.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_GONE);
        sb.close();
        assertThat(a.awaitEnd(WAIT).reason()).isEqualTo(EndReason.SHUTDOWN);
        assertThat(ta.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.SHUTDOWN);
        assertThat(b.notices()).isEmpty();
        awaitCondition(() -> spoolFiles().isEmpty(), WAIT);
    }

    @Test
    void an_unwritable_spool_directory_ends_the_timeline_with_a_clear_reason_and_not_the_bridge_tier() throws Exception {
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.send(encode(records(2, 10)));
            conn.send(Control.END);
            conn.awaitPeerClose(WAIT);
        }));
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        SessionBridge sb = closing(SessionBridge.create(BridgeConfig.builder().tcp("SSH", c.port())
                .timelineSpool(TimelineSpool.DEFAULT.withDirectory(notADir.resolve("spool"))).build()));
        TestSink sink = new TestSink();
        Timeline t = sb.play(Caller.of("alice", "ws-1"), "SSH", "s-1", sink, PlaybackOptions.defaults());
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.IO_ERROR);
        assertThat(t.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.IO_ERROR);
        // the bridge tier goes on: a monitor works
        TestSink m = new TestSink();
        sb.monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", m);
        assertThat(m.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(m.records()).hasSize(2);
    }

    @Test
    void the_recording_tap_records_timelines_as_it_records_monitors() throws Exception {
        List<Unit> units = records(3, 10);
        units.add(Control.END);
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.send(encode(units));
            conn.awaitPeerClose(WAIT);
        }));
        Path dir = Files.createDirectories(tmp.resolve("rec"));
        RecordingPolicy policy = bridge -> Optional.of(RecordingTarget.file(dir.resolve(bridge.sessionId() + ".rec")));
        SessionBridge sb = bridge(c, BridgeConfig.builder().tap(RecordingTap.of(policy)));
        TestSink sink = new TestSink();
        sb.play(Caller.of("alice", "ws-1"), "SSH", "s-7", sink, PlaybackOptions.defaults());
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        Path rec = dir.resolve("s-7.rec");
        awaitCondition(() -> Files.exists(rec) && sizeOf(rec) == 8 + encode(units).length, WAIT);
    }

    @Test
    void the_unplayed_part_at_its_bound_stops_reading_the_c_connection_and_nothing_is_dropped() throws Exception {
        // 8,000 records of 4 KiB (32 MiB, far more than the sockets' buffers hold) in 4 s of session time,
        // while the client is paused: the spool's bound (256 KiB in memory, 1 MiB per timeline) stops reading
        // the C connection; nothing unplayed is dropped
        byte[] body = new byte[4096];
        java.util.Arrays.fill(body, (byte) 'a');
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.socket.setSendBufferSize(64 * 1024);
            for (int i = 0; i < 8000; i++) {
                conn.send(new TerminalData(T0 + i / 2, body));
                sent.incrementAndGet();
            }
            conn.send(Control.END);
            conn.awaitPeerClose(WAIT);
        }));
        SessionBridge sb = closing(SessionBridge.create(BridgeConfig.builder().tcp("SSH", c.port()).timelineSpool(
                TimelineSpool.DEFAULT.withDirectory(tmp.resolve("spool")).withLimits(256 * 1024, 1024 * 1024, 1024 * 1024))
                .build()));
        CountingSink sink = new CountingSink();
        Timeline t = sb.play(Caller.of("alice", "ws-1"), "SSH", "s-1", sink,
                PlaybackOptions.builder().startPaused(true).build());
        Thread.sleep(1500);
        // the timeline read no more than its bound (about 250 records: 125 ms of session time); the server is
        // blocked, what it sent beyond sits in the socket buffers
        assertThat(t.received()).isLessThan(Duration.ofMillis(300));
        assertThat(sent.get()).isLessThan(6000);
        assertThat(spoolFiles().stream().mapToLong(TimelineTest::sizeOf).sum()).isLessThanOrEqualTo(1024 * 1024 + 128 * 1024);
        t.resume();
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.count()).isEqualTo(8000);
        assertThat(sent.get()).isEqualTo(8000);
    }

    @Test
    void a_seek_before_what_the_spool_still_holds_is_clamped_to_the_oldest_exact_screen_and_playback_goes_on() throws Exception {
        // 6,000 records of 1 KiB, 2 ms apart (12 s), a clear every 100; the spool keeps 2 MiB (checkpoints per MiB)
        Duration at = seekBackAfterDrops(6000, 2 * 1024 * 1024);
        assertThat(at).as("clamped to what the spool holds").isGreaterThan(Duration.ofSeconds(2));
    }

    @Test
    void a_seek_back_with_nothing_exact_left_in_the_spool_does_nothing_and_playback_goes_on() throws Exception {
        // the spool keeps 256 KiB: no checkpoint in it, so no screen before here can be rebuilt exactly
        Duration at = seekBackAfterDrops(3000, 256 * 1024);
        assertThat(at).isGreaterThan(Duration.ofSeconds(4));
    }

    /** Plays most of a stream through a small spool, seeks to 0, lets the rest come; returns where the seek went. */
    private Duration seekBackAfterDrops(int n, long spoolBytes) throws Exception {
        byte[] body = new byte[1024];
        java.util.Arrays.fill(body, (byte) 'x');
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        int head = n * 5 / 6;
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            List<Unit> units = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] b = body.clone();
                if (i % 100 == 0) {
                    System.arraycopy("\u001b[H\u001b[2J".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 0, 7);
                }
                units.add(new TerminalData(T0 + 2L * i, b));
            }
            conn.send(encode(units.subList(0, head)));
            go.await(20, TimeUnit.SECONDS);
            conn.send(encode(units.subList(head, n)));
            conn.send(Control.END);
            conn.awaitPeerClose(WAIT);
        }));
        SessionBridge sb = closing(SessionBridge.create(BridgeConfig.builder().tcp("SSH", c.port()).timelineSpool(
                TimelineSpool.DEFAULT.withDirectory(tmp.resolve("spool")).withLimits(64 * 1024, spoolBytes, spoolBytes))
                .build()));
        CountingSink sink = new CountingSink();
        Timeline t = sb.play(Caller.of("alice", "ws-1"), "SSH", "s-1", sink, PlaybackOptions.builder().speed(16).build());
        awaitCondition(() -> sink.count() >= head - 50, WAIT); // most of it played: the oldest segments are dropped
        Duration at = t.seek(Duration.ZERO).toCompletableFuture().get(10, TimeUnit.SECONDS);
        go.countDown();
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        return at;
    }

    @Test
    void a_timeline_is_audited_as_a_playback_opened_seeked_and_ended_once_each() throws Exception {
        List<Unit> units = records(5, 100);
        units.add(Control.END);
        LoopbackCServer c = closing(new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.send(encode(units));
            conn.awaitPeerClose(WAIT);
        }));
        List<String> events = new CopyOnWriteArrayList<>();
        BridgeAudit audit = new BridgeAudit() {
            @Override
            public boolean watchStarted(Bridge bridge) {
                events.add("watch");
                return true;
            }

            @Override
            public boolean playbackStarted(Bridge timeline, Duration position) {
                events.add("opened " + timeline.sessionId());
                return true;
            }

            @Override
            public void playbackSeeked(Bridge timeline, Duration from, Duration to) {
                events.add("seeked to " + to.toMillis());
            }

            @Override
            public void playbackEnded(Bridge timeline, EndReason reason, Duration position) {
                events.add("ended " + reason);
            }
        };
        SessionBridge sb = bridge(c, BridgeConfig.builder().audit(audit));
        TestSink sink = new TestSink();
        Timeline t = sb.play(Caller.of("alice", "ws-1"), "SSH", "s-5", sink, PlaybackOptions.builder().startPaused(true).build());
        awaitCondition(() -> t.received().toMillis() == 400, WAIT);
        t.seek(Duration.ofMillis(200)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        t.resume();
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        t.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        awaitCondition(() -> events.size() == 3, WAIT);
        assertThat(events).containsExactly("opened s-5", "seeked to 200", "ended END");
    }

    // ---- helpers

    private List<Path> spoolFiles() {
        try (var s = Files.list(tmp.resolve("spool"))) {
            return s.toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static void awaitCondition(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    /** Notes when each record arrived, and how late against its (wall-clock) timestamp. */
    static final class TimedSink extends TestSink {
        private final List<Long> arrivals = new CopyOnWriteArrayList<>();
        private final List<Long> lags = new CopyOnWriteArrayList<>();

        @Override
        public java.util.concurrent.CompletionStage<Void> send(SessionRecord record) {
            arrivals.add(System.nanoTime() / 1_000_000);
            lags.add(System.currentTimeMillis() - record.timestamp());
            return super.send(record);
        }

        /** The median lag of the records sent from the {@code from}-th on. */
        long medianLagMillis(int from) {
            List<Long> all = new ArrayList<>(lags); // a snapshot: records may still arrive (a sublist of the live list would fail)
            List<Long> l = new ArrayList<>(all.subList(from, all.size()));
            java.util.Collections.sort(l);
            return l.get(l.size() / 2);
        }

        long arrivalMillis(int i) {
            return arrivals.get(i);
        }

    }

    /** Counts records without keeping them. */
    static final class CountingSink implements ClientSink {
        private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.CompletableFuture<Notice> end = new java.util.concurrent.CompletableFuture<>();

        @Override
        public java.util.concurrent.CompletionStage<Void> send(SessionRecord record) {
            n.incrementAndGet();
            return DONE;
        }

        @Override
        public void end(Notice notice) {
            end.complete(notice);
        }

        int count() {
            return n.get();
        }

        Notice awaitEnd(Duration timeout) throws Exception {
            return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
