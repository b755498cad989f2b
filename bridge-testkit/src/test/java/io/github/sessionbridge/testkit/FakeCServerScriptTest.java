package io.github.sessionbridge.testkit;

import static io.github.sessionbridge.testkit.FakeCServerTest.WAIT;
import static io.github.sessionbridge.testkit.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session script: units, recordings, pacing, waits, endings and faults. */
class FakeCServerScriptTest {

    private static Duration between(List<Long> arrivals, int from, int to) {
        return Duration.ofNanos(arrivals.get(to) - arrivals.get(from));
    }

    @Test
    void sendsRecordsOfEveryTypeThenEnds() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsAll(Samples.units()).then(Ending.END);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).containsExactlyElementsOf(Samples.unitsThenEnd());
                assertThat(r.bytes()).isEqualTo(Samples.wire(Samples.unitsThenEnd()));
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
            }
            server.awaitActiveConnections(0, WAIT);
            assertThat(server.connections().get(0).state()).isEqualTo("closed: script done: closed");
        }
    }

    @Test
    void theProtocolsWorkedExampleByteForByte() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-42").sends(TerminalData.ofText(1700000000000L, "ls\r\n")).then(Ending.END);
            try (CClient c = CClient.monitor(server, "s-42")) {
                assertThat(c.readAll(WAIT).bytes()).isEqualTo(new byte[] {
                    0x64, 0, 0, 0, 0x0c, 0, 0, 1, (byte) 0x8b, (byte) 0xcf, (byte) 0xe5, 0x68, 0, 0x6c, 0x73, 0x0d, 0x0a, 0x33});
            }
        }
    }

    @Test
    void everyMonitorConnectionRunsTheScriptFromTheStart() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsText(T0, "a").sendsText(T0 + 1, "b").then(Ending.REFUSE);
            for (int i = 0; i < 3; i++) {
                try (CClient c = CClient.monitor(server, "s-1")) {
                    assertThat(c.readAll(WAIT).units()).containsExactly(
                            TerminalData.ofText(T0, "a"), TerminalData.ofText(T0 + 1, "b"), Control.REFUSED);
                }
            }
        }
    }

    @Test
    void pacesRecordsByTheirTimestampsWithASpeedFactor() throws Exception {
        List<Unit> units = List.of(TerminalData.ofText(T0, "a"), TerminalData.ofText(T0 + 300, "b"),
                TerminalData.ofText(T0 + 600, "c"));
        try (FakeCServer server = FakeCServer.builder().pacing(Pacing.realtime(3.0)).start()) {
            server.session("paced").sendsAll(units).then(Ending.END);
            server.session("fast").pacing(Pacing.fast()).sendsAll(units).then(Ending.END);
            long asked = System.nanoTime();
            try (CClient c = CClient.monitor(server, "paced")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).hasSize(4);
                // lower bounds from the request: a late first read must not shrink a gap
                assertThat(Duration.ofNanos(r.arrivals().get(1) - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(99));
                assertThat(Duration.ofNanos(r.arrivals().get(2) - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(199));
                assertThat(between(r.arrivals(), 0, 2)).isLessThan(Duration.ofMillis(1500));
            }
            try (CClient c = CClient.monitor(server, "fast")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(between(r.arrivals(), 0, 2)).isLessThan(Duration.ofMillis(150));
            }
        }
    }

    @Test
    void realtimePacingCanCapLongGaps() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").pacing(Pacing.realtime().withMaxGap(Duration.ofMillis(60)))
                    .sendsText(T0, "a").sendsText(T0 + 3_600_000, "an hour later").then(Ending.END);
            long asked = System.nanoTime();
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).hasSize(3);
                assertThat(Duration.ofNanos(r.arrivals().get(1) - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(59));
                assertThat(between(r.arrivals(), 0, 1)).isLessThan(Duration.ofMillis(1500));
            }
        }
    }

    @Test
    void waitsBetweenSteps() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsText(T0, "a").waits(Duration.ofMillis(200)).sendsText(T0, "b").then(Ending.END);
            long asked = System.nanoTime();
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).hasSize(3);
                assertThat(Duration.ofNanos(r.arrivals().get(1) - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(199));
            }
        }
    }

    @Test
    void streamsARecordingVerbatim(@TempDir Path dir) throws Exception {
        Path rec = Samples.record(dir.resolve("s.rec"), Samples.units());
        byte[] file = Files.readAllBytes(rec);
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").streams(rec).then(Ending.END);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                expected.write(file, 8, file.length - 8);
                expected.write('3');
                assertThat(r.bytes()).isEqualTo(expected.toByteArray());
                assertThat(r.units()).containsExactlyElementsOf(Samples.unitsThenEnd());
            }
        }
    }

    @Test
    void aRecordingThatEndsWithAControlByteEndsTheConnection(@TempDir Path dir) throws Exception {
        Path rec = Samples.record(dir.resolve("ended.rec"), Samples.unitsThenEnd());
        byte[] file = Files.readAllBytes(rec);
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").streams(rec).sendsText(T0, "never sent").then(Ending.END);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.bytes()).isEqualTo(Arrays.copyOfRange(file, 8, file.length));
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
            }
        }
    }

    @Test
    void aCorruptRecordingIsStillSentVerbatim(@TempDir Path dir) throws Exception {
        byte[] good = Samples.wire(Samples.units());
        byte[] corrupt = new byte[8 + good.length + 3];
        System.arraycopy("SESSREC1".getBytes(), 0, corrupt, 0, 8);
        System.arraycopy(good, 0, corrupt, 8, good.length);
        corrupt[8 + good.length] = 'X';
        corrupt[8 + good.length + 1] = 1;
        corrupt[8 + good.length + 2] = 2;
        Path rec = Files.write(dir.resolve("corrupt.rec"), corrupt);
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").streams(rec).then(Ending.CLOSE);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.bytes()).isEqualTo(Arrays.copyOfRange(corrupt, 8, corrupt.length));
                assertThat(r.units()).containsExactlyElementsOf(Samples.units());
                assertThat(r.failure().kind()).isEqualTo(ProtocolException.Kind.UNKNOWN_TYPE);
            }
        }
    }

    @Test
    void streamsARecordingAtItsRecordedPace(@TempDir Path dir) throws Exception {
        Path rec = Samples.record(dir.resolve("paced.rec"), List.of(TerminalData.ofText(T0, "a"),
                TerminalData.ofText(T0 + 150, "b"), TerminalData.ofText(T0 + 300, "c")));
        try (FakeCServer server = FakeCServer.builder().pacing(Pacing.realtime()).start()) {
            server.session("s-1").streams(rec).then(Ending.END);
            long asked = System.nanoTime();
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).hasSize(4);
                // from the request, not the first arrival: a late first read must not shrink the gap
                assertThat(Duration.ofNanos(r.arrivals().get(2) - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(299));
            }
        }
    }

    @Test
    void refusesAFileThatIsNotARecording(@TempDir Path dir) throws Exception {
        Path notRec = Files.write(dir.resolve("x.txt"), "hello".getBytes());
        try (FakeCServer server = FakeCServer.builder().start()) {
            assertThatThrownBy(() -> server.session("s-1").streams(notRec))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SESSREC1");
            assertThatThrownBy(() -> server.session("s-1").streams(dir.resolve("missing.rec")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRecordingThatVanishesIsReportedAndTheConnectionClosed(@TempDir Path dir) throws Exception {
        Path rec = Samples.record(dir.resolve("gone.rec"), Samples.units());
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").streams(rec).then(Ending.END);
            Files.delete(rec);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.bytes()).isEmpty();
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
            }
            server.awaitActiveConnections(0, WAIT);
            assertThat(server.connections().get(0).state()).contains("the script failed").contains("gone.rec");
        }
    }

    @Test
    void closesCleanlyAtAUnitBoundary() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsAll(Samples.units()).then(Ending.CLOSE);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).containsExactlyElementsOf(Samples.units());
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
                assertThat(r.state()).isEqualTo(StreamDecoder.State.BOUNDARY);
            }
        }
    }

    @Test
    void closesInsideAHeaderOrABody() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("header").sendsText(T0, "ok").then(Ending.CLOSE_MID_HEADER);
            server.session("body").sendsText(T0, "ok").then(Ending.CLOSE_MID_BODY);
            int ok = TerminalData.ofText(T0, "ok").encodedLength();
            try (CClient c = CClient.monitor(server, "header")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).containsExactly(TerminalData.ofText(T0, "ok"));
                assertThat(r.bytes()).hasSize(ok + 3);
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
                assertThat(r.state()).isEqualTo(StreamDecoder.State.INSIDE_UNIT);
            }
            try (CClient c = CClient.monitor(server, "body")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).containsExactly(TerminalData.ofText(T0, "ok"));
                assertThat(r.bytes()).hasSize(ok + 5 + 8 + 2);
                assertThat(r.state()).isEqualTo(StreamDecoder.State.INSIDE_UNIT);
            }
        }
    }

    @Test
    void sendsAPartialUnitOfChoice() throws Exception {
        TerminalData big = TerminalData.ofText(T0, "0123456789");
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsPartial(big, 20).then(Ending.CLOSE);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.bytes()).isEqualTo(Arrays.copyOf(Samples.wire(List.of(big)), 20));
                assertThat(r.state()).isEqualTo(StreamDecoder.State.INSIDE_UNIT);
            }
            assertThatThrownBy(() -> server.session("s-2").sendsPartial(big, big.encodedLength()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.session("s-2").sendsPartial(big, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void resetsTheConnection() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").then(Ending.RESET);
            try (CClient c = CClient.monitor(server, "s-1")) {
                assertThat(c.readAll(WAIT).ending()).isEqualTo(CClient.Ending.RESET);
            }
            server.awaitActiveConnections(0, WAIT);
            assertThat(server.connections().get(0).state()).isEqualTo("closed: script done: reset");
        }
    }

    @Test
    void stallsWithoutSendingAnything() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").then(Ending.STALL);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(Duration.ofMillis(300));
                assertThat(r.ending()).isEqualTo(CClient.Ending.TIMEOUT);
                assertThat(r.bytes()).isEmpty();
                assertThat(server.activeConnections()).isEqualTo(1);
                assertThat(server.connections().get(0).state()).contains("stalled");
                assertThat(server.takeRequest(WAIT).sessionId()).isEqualTo("s-1");
            }
            server.awaitActiveConnections(0, WAIT);
        }
    }

    @Test
    void aScriptWithoutAnEndingKeepsTheSessionLiveUntilEnded() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsText(T0, "a");
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(Duration.ofMillis(200));
                assertThat(r.units()).containsExactly(TerminalData.ofText(T0, "a"));
                assertThat(r.ending()).isEqualTo(CClient.Ending.TIMEOUT);
                server.endSession("s-1");
                r = c.readAll(WAIT);
                assertThat(r.units()).containsExactly(TerminalData.ofText(T0, "a"), Control.END);
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
            }
        }
    }

    @Test
    void sendsGarbageOversizedHeadersAndUnknownTypes() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("garbage").sendsText(T0, "ok").sendsGarbage(100, 7).then(Ending.CLOSE);
            server.session("oversized").sendsText(T0, "ok").sendsOversizedHeader().then(Ending.STALL);
            server.session("unknown").sendsUnknownType().then(Ending.CLOSE);
            server.session("bytes").sendsBytes((byte) '3', (byte) 'x').then(Ending.CLOSE);
            try (CClient c = CClient.monitor(server, "garbage")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).containsExactly(TerminalData.ofText(T0, "ok"));
                assertThat(r.bytes()).hasSize(TerminalData.ofText(T0, "ok").encodedLength() + 100);
                assertThat(r.failure().kind()).isEqualTo(ProtocolException.Kind.UNKNOWN_TYPE);
            }
            try (CClient c = CClient.monitor(server, "oversized")) {
                CClient.Received r = c.readAll(Duration.ofMillis(300));
                assertThat(r.units()).hasSize(1);
                assertThat(r.failure().kind()).isEqualTo(ProtocolException.Kind.LENGTH_TOO_LARGE);
                assertThat(Arrays.copyOfRange(r.bytes(), r.bytes().length - 5, r.bytes().length))
                        .containsExactly('d', 0x7f, 0xff, 0xff, 0xff);
            }
            try (CClient c = CClient.monitor(server, "unknown")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.bytes()).hasSize(13).startsWith('x');
                assertThat(r.failure().kind()).isEqualTo(ProtocolException.Kind.UNKNOWN_TYPE);
            }
            try (CClient c = CClient.monitor(server, "bytes")) {
                assertThat(c.readAll(WAIT).bytes()).containsExactly('3', 'x');
            }
            assertThatThrownBy(() -> server.session("x").sendsUnknownType((byte) 'd'))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void stopsReadingFromTheClient() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("reads").sendsText(T0, "a");
            server.session("deaf").sendsText(T0, "a").stopsReading();
            long reading = pushUntilStuck(server, "reads");
            long deaf = pushUntilStuck(server, "deaf");
            assertThat(reading).as("a connection the server reads takes everything").isEqualTo(PUSH);
            assertThat(deaf).as("a connection the server stopped reading fills up").isLessThan(PUSH);
            List<CapturedConnection> conns = server.connections();
            assertThat(conns.get(0).bytesReceived()).isEqualTo(RequestLine.monitor("reads").encode().length + PUSH);
            assertThat(conns.get(1).bytesReceived()).isEqualTo(RequestLine.monitor("deaf").encode().length);
        }
    }

    private static final long PUSH = 64L * 1024 * 1024;

    /** Writes up to {@link #PUSH} bytes without blocking for at most 1 s of no progress; how many were taken. */
    private static long pushUntilStuck(FakeCServer server, String sid) throws Exception {
        try (SocketChannel ch = SocketChannel.open(server.address("SSH"))) {
            ch.write(ByteBuffer.wrap(("[flag]=0&[sessionid]=" + sid).getBytes()));
            ByteBuffer in = ByteBuffer.allocate(64);
            while (in.position() < TerminalData.ofText(T0, "a").encodedLength()) {
                ch.read(in);   // served: the request was taken
            }
            ch.configureBlocking(false);
            ByteBuffer junk = ByteBuffer.allocate(256 * 1024);
            long written = 0;
            long lastProgress = System.nanoTime();
            while (written < PUSH && System.nanoTime() - lastProgress < Duration.ofMillis(500).toNanos()) {
                junk.clear();
                junk.limit((int) Math.min(junk.capacity(), PUSH - written));
                int n = ch.write(junk);
                if (n > 0) {
                    written += n;
                    lastProgress = System.nanoTime();
                } else {
                    Thread.sleep(2);
                }
            }
            if (written == PUSH) {
                long target = RequestLine.monitor(sid).encode().length + PUSH;
                FakeCServerTest.awaitCondition(() -> server.connections().get(server.connectionCount() - 1).bytesReceived() == target,
                        WAIT);
            }
            return written;
        }
    }

    @Test
    void nothingCanFollowAnEndingUntilTheScriptIsCleared() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            SessionScript s = server.session("s-1").sendsText(T0, "a").then(Ending.END);
            assertThat(s.isEnded()).isTrue();
            assertThatThrownBy(() -> s.sendsText(T0, "b"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("s-1").hasMessageContaining("clear()");
            assertThatThrownBy(() -> s.then(Ending.CLOSE)).isInstanceOf(IllegalStateException.class);
            s.clear().sendsText(T0, "b").then(Ending.REFUSE);
            assertThat(s.toString()).contains("s-1", "sends TerminalData", "then sends '5' and closes", "kick AUTO");
            try (CClient c = CClient.monitor(server, "s-1")) {
                assertThat(c.readAll(WAIT).units()).containsExactly(TerminalData.ofText(T0, "b"), Control.REFUSED);
            }
        }
    }

    @Test
    void aLargeScriptIsProducedLazilyForASlowReader() throws Exception {
        List<Unit> many = new ArrayList<>();
        byte[] kb = new byte[1024];
        int count = 16 * 1024;
        for (int i = 0; i < count; i++) {
            many.add(new TerminalData(T0 + i, kb));
        }
        long total = (long) count * many.get(0).encodedLength() + 1;
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsAll(many).then(Ending.END);
            try (CClient c = CClient.connect(server.host(), server.port(), 32 * 1024)) {
                c.send("[flag]=0&[sessionid]=s-1");
                Thread.sleep(300);
                CapturedConnection conn = server.connections().get(0);
                assertThat(conn.bytesQueued()).isPositive().isLessThanOrEqualTo(128 * 1024);
                assertThat(conn.bytesSent()).isLessThan(total / 2);
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).hasSize(count + 1);
                assertThat(r.bytes()).hasSize((int) total);
            }
        }
    }
}
