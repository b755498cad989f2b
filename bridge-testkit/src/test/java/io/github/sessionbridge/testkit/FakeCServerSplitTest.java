package io.github.sessionbridge.testkit;

import static io.github.sessionbridge.testkit.FakeCServerTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every split mode yields the same bytes and units; the server really makes the writes it says. */
class FakeCServerSplitTest {

    static Stream<Split> splits() {
        return Stream.of(Split.none(), Split.byteByByte(), Split.every(2), Split.every(3), Split.every(5),
                Split.every(13), Split.every(4096), Split.random(1), Split.random(42), Split.random(7, 3),
                Split.random(99, 200), Split.every(7).pausing(Duration.ofMillis(1)));
    }

    /** How many chunks a split makes of {@code total} bytes. */
    static long expectedWrites(Split split, int total) {
        return switch (split.kind()) {
            case NONE -> 1;
            case FIXED -> (total + split.chunkSize() - 1) / split.chunkSize();
            case RANDOM -> {
                Random r = new Random(split.seed());
                long n = 0;
                for (int sent = 0; sent < total; n++) {
                    sent += 1 + r.nextInt(split.maxChunk());
                }
                yield n;
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void everySplitGivesTheSameUnits(Split split) throws Exception {
        List<Unit> expected = Samples.unitsThenEnd();
        byte[] wire = Samples.wire(expected);
        try (FakeCServer server = FakeCServer.builder().split(split).start()) {
            server.session("s-1").sendsAll(Samples.units()).then(Ending.END);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.bytes()).isEqualTo(wire);
                assertThat(r.units()).containsExactlyElementsOf(expected);
                assertThat(r.state()).isEqualTo(StreamDecoder.State.TERMINATED);
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
            }
            server.awaitActiveConnections(0, WAIT);
            CapturedConnection conn = server.connections().get(0);
            assertThat(conn.bytesSent()).isEqualTo(wire.length);
            assertThat(conn.writeCount()).as("separate writes").isEqualTo(expectedWrites(split, wire.length));
        }
    }

    @Test
    void aSessionsSplitOverridesTheServerDefault() throws Exception {
        byte[] wire = Samples.wire(Samples.unitsThenEnd());
        try (FakeCServer server = FakeCServer.builder().split(Split.every(3)).start()) {
            server.session("s-1").split(Split.byteByByte()).sendsAll(Samples.units()).then(Ending.END);
            server.session("s-2").sendsAll(Samples.units()).then(Ending.END);
            for (String sid : List.of("s-1", "s-2")) {
                try (CClient c = CClient.monitor(server, sid)) {
                    assertThat(c.readAll(WAIT).bytes()).isEqualTo(wire);
                }
            }
            server.awaitActiveConnections(0, WAIT);
            assertThat(server.connections()).extracting(CapturedConnection::writeCount)
                    .containsExactly((long) wire.length, (wire.length + 2L) / 3);
        }
    }

    @Test
    void randomSplitsAreReproducible() throws Exception {
        byte[] wire = Samples.wire(Samples.unitsThenEnd());
        try (FakeCServer server = FakeCServer.builder().split(Split.random(2024, 9)).start()) {
            server.session("s-1").sendsAll(Samples.units()).then(Ending.END);
            for (int i = 0; i < 3; i++) {
                try (CClient c = CClient.monitor(server, "s-1")) {
                    assertThat(c.readAll(WAIT).bytes()).isEqualTo(wire);
                }
            }
            server.awaitActiveConnections(0, WAIT);
            long expected = expectedWrites(Split.random(2024, 9), wire.length);
            assertThat(server.connections()).extracting(CapturedConnection::writeCount).containsOnly(expected);
        }
    }

    @Test
    void pausingSplitsReallyReachTheReaderInPieces() throws Exception {
        List<Unit> units = List.of(TerminalData.ofText(1L, "0123456789"), TerminalData.ofText(2L, "abcdefghij"));
        int total = Samples.wire(units).length;   // 46 bytes
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").split(Split.byteByByte().pausing(Duration.ofMillis(3))).sendsAll(units).then(Ending.END);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).hasSize(3);
                assertThat(r.reads()).as("reads of " + (total + 1) + " bytes").isGreaterThan(total / 4);
            }
        }
    }

    @Test
    void splitsApplyToStreamedRecordingsToo(@TempDir Path dir) throws Exception {
        Path rec = Samples.record(dir.resolve("r.rec"), Samples.units());
        byte[] file = Files.readAllBytes(rec);
        List<Unit> expected = new ArrayList<>(Samples.unitsThenEnd());
        try (FakeCServer server = FakeCServer.builder().split(Split.random(5, 4)).start()) {
            server.session("s-1").streams(rec).then(Ending.END);
            try (CClient c = CClient.monitor(server, "s-1")) {
                CClient.Received r = c.readAll(WAIT);
                assertThat(r.units()).containsExactlyElementsOf(expected);
                assertThat(r.bytes()).hasSize(file.length - 8 + 1);
            }
        }
    }
}
