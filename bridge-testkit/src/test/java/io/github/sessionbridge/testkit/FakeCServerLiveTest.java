package io.github.sessionbridge.testkit;

import static io.github.sessionbridge.testkit.FakeCServerTest.WAIT;
import static io.github.sessionbridge.testkit.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SessionScript#streamsLive(Path)}: a recording served as a live session, on real sockets: paced at its
 * recorded pace, every record stamped with the wall-clock time it is sent, everything else verbatim; split
 * every way, kicked mid-stream, over UDP.
 */
class FakeCServerLiveTest {

    /** Gaps of 0, 150, 300 and 450 ms in the file; stamped in 2023, far from now. */
    private static List<Unit> spaced() {
        List<Unit> units = new ArrayList<>(Samples.units().subList(0, 3)); // a 'd', a 'v' and an 'i' at T0..T0+100
        units.add(TerminalData.ofText(T0 + 300, "three hundred"));
        units.add(TerminalData.ofText(T0 + 450, "four fifty"));
        return units;
    }

    /** The received record with the original's timestamp put back: must be the original, byte for byte. */
    private static void assertSameButTimestamp(Unit received, Unit original) {
        assertThat(received).isInstanceOf(SessionRecord.class);
        SessionRecord r = (SessionRecord) received;
        SessionRecord o = (SessionRecord) original;
        assertThat(r.type()).isEqualTo(o.type());
        byte[] wire = UnitEncoder.encode(r);
        ByteBuffer.wrap(wire).putLong(RecordType.HEADER_LENGTH, o.timestamp());
        assertThat(wire).isEqualTo(UnitEncoder.encode(o));
    }

    private static long ts(Unit u) {
        return ((SessionRecord) u).timestamp();
    }

    private static long ms(List<Long> arrivals, int from, int to) {
        return Duration.ofNanos(arrivals.get(to) - arrivals.get(from)).toMillis();
    }

    @Test
    void timestampsAreRewrittenToTheMomentEachRecordIsSent(@TempDir Path dir) throws Exception {
        List<Unit> units = spaced();
        Path rec = Samples.record(dir.resolve("live.rec"), units);
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").streamsLive(rec).then(Ending.END);
            long before = System.currentTimeMillis();
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                long after = System.currentTimeMillis();
                assertThat(r.units()).hasSize(units.size() + 1);
                assertThat(r.units().get(units.size())).isEqualTo(Control.END);
                for (int i = 0; i < units.size(); i++) {
                    assertSameButTimestamp(r.units().get(i), units.get(i));
                    assertThat(ts(r.units().get(i))).as("record %d stamped now", i).isBetween(before, after);
                }
                // each stamp is the sending time: never before its due time (measured from the request, as the
                // first record may itself be stamped late), and the stamps' gaps are the arrivals' gaps (give
                // or take the loopback and a loaded machine), never the file's 2023 times
                long firstStamp = ts(r.units().get(0));
                for (int i = 1; i < units.size(); i++) {
                    long stampGap = ts(r.units().get(i)) - firstStamp;
                    long recordedGap = ts(units.get(i)) - ts(units.get(0));
                    assertThat(ts(r.units().get(i)) - before).as("stamp of record %d", i)
                            .isGreaterThanOrEqualTo(recordedGap - 2);
                    assertThat(Math.abs(stampGap - ms(r.arrivals(), 0, i))).as("stamp vs arrival of record %d", i)
                            .isLessThan(250);
                }
            }
        }
    }

    @Test
    void followsTheRecordedPaceEvenWhenTheServerIsFast(@TempDir Path dir) throws Exception {
        List<Unit> units = spaced();
        Path rec = Samples.record(dir.resolve("live.rec"), units);
        try (FakeCServer server = FakeCServer.builder().pacing(Pacing.fast()).start()) {
            server.session("live").streamsLive(rec).then(Ending.END);
            server.session("fast").streams(rec).then(Ending.END);
            long asked = System.nanoTime();
            try (CClient c = CClient.monitor(server, "live")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).hasSize(units.size() + 1);
                for (int i = 1; i < units.size(); i++) {
                    long recordedGap = ts(units.get(i)) - ts(units.get(0));
                    // never early: record i leaves at least its gap after the first, which leaves after the
                    // request (measured from the request, so a late first read cannot shrink it); late by
                    // at most what a loaded machine may add
                    assertThat(Duration.ofNanos(r.arrivals().get(i) - asked).toMillis()).as("arrival of record %d", i)
                            .isGreaterThanOrEqualTo(recordedGap - 1);
                    assertThat(ms(r.arrivals(), 0, i)).as("arrival of record %d after the first", i)
                            .isLessThan(recordedGap + 1500);
                }
            }
            try (CClient c = CClient.monitor(server, "fast")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units().subList(0, units.size())).containsExactlyElementsOf(units);
                assertThat(ms(r.arrivals(), 0, units.size() - 1)).isLessThan(300);
            }
        }
    }

    @Test
    void aRealtimePacingSetsTheLiveSessionsSpeedAndGaps(@TempDir Path dir) throws Exception {
        Path rec = Samples.record(dir.resolve("live.rec"), List.of(TerminalData.ofText(T0, "a"),
                TerminalData.ofText(T0 + 600, "b"), TerminalData.ofText(T0 + 3_600_000, "an hour later")));
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").pacing(Pacing.realtime(3.0).withMaxGap(Duration.ofMillis(100))).streamsLive(rec)
                    .then(Ending.END);
            long before = System.currentTimeMillis();
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).hasSize(4);
                // the stamps are the sending times: 600 ms at 3x = 200, capped at 100; an hour capped at 100
                // (lower bounds from the request: the first record may itself be stamped late)
                assertThat(ts(r.units().get(1)) - before).isGreaterThanOrEqualTo(98L);
                assertThat(ts(r.units().get(2)) - before).isGreaterThanOrEqualTo(198L);
                assertThat(ts(r.units().get(1)) - ts(r.units().get(0))).isLessThan(1500L);
                assertThat(ts(r.units().get(2)) - ts(r.units().get(1))).isLessThan(1500L);
                assertThat(ms(r.arrivals(), 0, 2)).isLessThan(3000L);
            }
        }
    }

    static Stream<Arguments> splits() {
        return Stream.of(
                Arguments.of(Split.none()),
                Arguments.of(Split.byteByByte()),
                Arguments.of(Split.every(3)),
                Arguments.of(Split.every(RecordType.HEADER_LENGTH + 2)), // cuts inside every timestamp
                Arguments.of(Split.random(7)),
                Arguments.of(Split.random(2024, 5).pausing(Duration.ofMillis(1))));
    }

    @ParameterizedTest
    @MethodSource("splits")
    void everySplitCarriesTheRewrittenStamps(Split split, @TempDir Path dir) throws Exception {
        List<Unit> units = new ArrayList<>(Samples.units()); // every type, an empty record, gaps up to 130 ms
        Path rec = Samples.record(dir.resolve("live.rec"), units);
        try (FakeCServer server = FakeCServer.builder().split(split).start()) {
            server.session("s-1").streamsLive(rec).then(Ending.END);
            long before = System.currentTimeMillis();
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                long after = System.currentTimeMillis();
                assertThat(r.failure()).isNull();
                assertThat(r.units()).hasSize(units.size() + 1);
                for (int i = 0; i < units.size(); i++) {
                    assertSameButTimestamp(r.units().get(i), units.get(i));
                    assertThat(ts(r.units().get(i))).isBetween(before, after);
                }
                assertThat(r.units().get(units.size())).isEqualTo(Control.END);
                assertThat(r.state()).isEqualTo(StreamDecoder.State.TERMINATED);
                assertThat(ts(r.units().get(units.size() - 1)) - before).as("paced: 130 ms recorded")
                        .isGreaterThanOrEqualTo(128);
            }
        }
    }

    @Test
    void aKickBetweenRecordsEndsTheLiveStreamAtOnce(@TempDir Path dir) throws Exception {
        Path rec = Samples.record(dir.resolve("live.rec"), List.of(TerminalData.ofText(T0, "a"),
                TerminalData.ofText(T0 + 30_000, "thirty seconds later")));
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").onKick(KickReply.AUTO).streamsLive(rec).then(Ending.END);
            try (CClient m = CClient.monitor(server, "s-1")) {
                assertThat(m.readUnits(1, WAIT).units()).hasSize(1);
                long t0 = System.nanoTime();
                try (CClient kicker = CClient.kick(server, "s-1")) {
                    assertThat(kicker.readAll(WAIT).bytes()).containsExactly('3');
                }
                CClient.Received r = m.readAll(WAIT);
                assertThat(r.units()).hasSize(2);
                assertSameButTimestamp(r.units().get(0), TerminalData.ofText(T0, "a"));
                assertThat(r.units().get(1)).isEqualTo(Control.END);
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            }
        }
    }

    @Test
    void aKickInsideABigRecordEndsAfterTheWholeRecord(@TempDir Path dir) throws Exception {
        TerminalData big = new TerminalData(T0, new byte[300_000]);
        Path rec = Samples.record(dir.resolve("big.rec"), List.of(big, TerminalData.ofText(T0 + 1, "not sent")));
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").split(Split.every(2000).pausing(Duration.ofMillis(5))).streamsLive(rec).then(Ending.END);
            long before = System.currentTimeMillis();
            try (CClient m = CClient.monitor(server, "s-1")) {
                FakeCServerTest.awaitCondition(() -> server.connectionCount() == 1
                        && server.connections().get(0).bytesSent() > 10_000, WAIT);
                try (CClient kicker = CClient.kick(server, "s-1")) {
                    assertThat(kicker.readAll(WAIT).bytes()).containsExactly('3');
                }
                CClient.Received r = m.readAll(WAIT);
                assertThat(r.units()).hasSize(2);
                assertSameButTimestamp(r.units().get(0), big);
                assertThat(ts(r.units().get(0))).isBetween(before, System.currentTimeMillis());
                assertThat(r.units().get(1)).isEqualTo(Control.END);
                assertThat(r.state()).isEqualTo(StreamDecoder.State.TERMINATED);
            }
        }
    }

    @Test
    void aControlByteInTheRecordingEndsIt(@TempDir Path dir) throws Exception {
        List<Unit> units = List.of(TerminalData.ofText(T0, "a"), TerminalData.ofText(T0 + 50, "b"), Control.REFUSED,
                TerminalData.ofText(T0 + 60, "after the end"));
        Path rec = Samples.record(dir.resolve("ended.rec"), units.subList(0, 3));
        Files.write(rec, Samples.wire(units.subList(3, 4)), java.nio.file.StandardOpenOption.APPEND);
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").streamsLive(rec).sendsText(T0, "never sent").then(Ending.END);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).hasSize(3);
                assertSameButTimestamp(r.units().get(0), units.get(0));
                assertSameButTimestamp(r.units().get(1), units.get(1));
                assertThat(r.units().get(2)).isEqualTo(Control.REFUSED);
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
            }
        }
    }

    @Test
    void bytesThatAreNotWholeUnitsGoOutUntouched(@TempDir Path dir) throws Exception {
        byte[] good = Samples.wire(List.of(TerminalData.ofText(T0, "ok")));
        // after a good record: a 'd' claiming 3 bytes (too short for a timestamp), then garbage
        byte[] tail = {'d', 0, 0, 0, 3, 'x', 'y', 'z', 'X', 1, 2, 3, 4, 5, 6, 7, 8, 9};
        byte[] file = new byte[8 + good.length + tail.length];
        System.arraycopy("SESSREC1".getBytes(), 0, file, 0, 8);
        System.arraycopy(good, 0, file, 8, good.length);
        System.arraycopy(tail, 0, file, 8 + good.length, tail.length);
        Path rec = Files.write(dir.resolve("odd.rec"), file);
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").streamsLive(rec).then(Ending.CLOSE);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.bytes()).hasSize(good.length + tail.length);
                assertThat(Arrays.copyOfRange(r.bytes(), good.length, r.bytes().length)).isEqualTo(tail);
                assertThat(r.units()).hasSize(1);
                assertSameButTimestamp(r.units().get(0), TerminalData.ofText(T0, "ok"));
                assertThat(r.failure().kind()).isEqualTo(ProtocolException.Kind.LENGTH_TOO_SMALL);
            }
        }
    }

    @Test
    void overUdpToo(@TempDir Path dir) throws Exception {
        List<Unit> units = new ArrayList<>(Samples.units());
        Path rec = Samples.record(dir.resolve("u.rec"), units);
        try (FakeCServer server = FakeCServer.builder().udp(true).split(Split.every(5)).start();
             FakeCServerUdpTest.UdpClient c = new FakeCServerUdpTest.UdpClient()) {
            server.session("s-1").streamsLive(rec).then(Ending.END);
            long before = System.currentTimeMillis();
            c.request(server, "SSH", RequestLine.monitor("s-1").encode()).receive(WAIT);
            assertThat(c.units).hasSize(units.size() + 1);
            for (int i = 0; i < units.size(); i++) {
                assertSameButTimestamp(c.units.get(i), units.get(i));
                assertThat(ts(c.units.get(i))).isBetween(before, System.currentTimeMillis());
            }
            assertThat(c.units.get(units.size())).isEqualTo(Control.END);
        }
    }

    @Test
    void theScriptSaysSoInWords(@TempDir Path dir) throws Exception {
        Path rec = Samples.record(dir.resolve("words.rec"), Samples.units());
        try (FakeCServer server = FakeCServer.builder().start()) {
            assertThat(server.session("s-1").streamsLive(rec).streams(rec).toString())
                    .contains("streams words.rec live, streams words.rec,");
        }
    }
}
