package io.github.sessionbridge.testkit;

import static io.github.sessionbridge.testkit.FakeCServerTest.WAIT;
import static io.github.sessionbridge.testkit.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Action;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.TerminalData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kicks: the answer to the kicker and the fan-out to the session's monitors. */
class FakeCServerKickTest {

    @Test
    void kickingALiveSessionEndsTheKickerAndEveryMonitor() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsText(T0, "hello");
            try (CClient m1 = CClient.monitor(server, "s-1"); CClient m2 = CClient.monitor(server, "s-1")) {
                assertThat(m1.readUnits(1, WAIT).units()).containsExactly(TerminalData.ofText(T0, "hello"));
                assertThat(m2.readUnits(1, WAIT).units()).containsExactly(TerminalData.ofText(T0, "hello"));
                assertThat(server.liveMonitors("s-1")).isEqualTo(2);
                try (CClient kicker = CClient.kick(server, "s-1")) {
                    CClient.Received k = kicker.readAll(WAIT);
                    assertThat(k.bytes()).containsExactly('3');
                    assertThat(k.ending()).isEqualTo(CClient.Ending.EOF);
                }
                for (CClient m : new CClient[] {m1, m2}) {
                    CClient.Received r = m.readAll(WAIT);
                    assertThat(r.units()).containsExactly(TerminalData.ofText(T0, "hello"), Control.END);
                    assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
                }
            }
            assertThat(server.liveMonitors("s-1")).isZero();
            assertThat(server.requests()).extracting(CapturedRequest::action)
                    .containsExactly(Action.MONITOR, Action.MONITOR, Action.KICK);
            server.awaitActiveConnections(0, WAIT);
        }
    }

    @Test
    void kickingAnUnknownOrNotLiveSessionIsRefused() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("known").sendsText(T0, "x").then(Ending.END);
            try (CClient kicker = CClient.kick(server, "unknown")) {
                assertThat(kicker.readAll(WAIT).bytes()).containsExactly('5');
            }
            try (CClient kicker = CClient.kick(server, "known")) {
                assertThat(kicker.readAll(WAIT).bytes()).as("no monitor connected").containsExactly('5');
            }
        }
    }

    @Test
    void aKickReachesMonitorsOnEveryOpsType() throws Exception {
        try (FakeCServer server = FakeCServer.builder().ops("SSH", "RDP").start()) {
            server.session("s-1").sendsText(T0, "x");
            try (CClient m = CClient.connect(server.host(), server.port("SSH"))) {
                m.send("[flag]=0&[sessionid]=s-1");
                m.readUnits(1, WAIT);
                try (CClient kicker = CClient.connect(server.host(), server.port("RDP"))) {
                    kicker.send("[flag]=1&[sessionid]=s-1");
                    assertThat(kicker.readAll(WAIT).bytes()).containsExactly('3');
                }
                assertThat(m.readAll(WAIT).units()).endsWith(Control.END);
            }
        }
    }

    @Test
    void theMonitorGetsTheEndAfterTheUnitItIsSending() throws Exception {
        TerminalData big = new TerminalData(T0, new byte[300_000]);
        try (FakeCServer server = FakeCServer.builder().start()) {
            // 150 chunks of 2000 bytes, 5 ms apart: most of a second for the one unit
            server.session("s-1").split(Split.every(2000).pausing(Duration.ofMillis(5))).sends(big).sendsText(T0, "not sent");
            try (CClient m = CClient.monitor(server, "s-1")) {
                FakeCServerTest.awaitCondition(() -> server.connectionCount() == 1 && server.connections().get(0).bytesSent() > 10_000, WAIT);
                try (CClient kicker = CClient.kick(server, "s-1")) {
                    assertThat(kicker.readAll(WAIT).bytes()).containsExactly('3');
                }
                CClient.Received r = m.readAll(WAIT);
                assertThat(r.units()).containsExactly(big, Control.END);
                assertThat(r.bytes()).hasSize(big.encodedLength() + 1);
                assertThat(r.state()).isEqualTo(StreamDecoder.State.TERMINATED);
            }
        }
    }

    @Test
    void aMonitorStreamingARecordingGetsTheEndAfterTheWholeUnit(@TempDir Path dir) throws Exception {
        TerminalData big = new TerminalData(T0, new byte[300_000]);
        Path rec = Samples.record(dir.resolve("big.rec"), List.of(big, TerminalData.ofText(T0 + 1, "not sent")));
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").split(Split.every(2000).pausing(Duration.ofMillis(5))).streams(rec).then(Ending.END);
            try (CClient m = CClient.monitor(server, "s-1")) {
                FakeCServerTest.awaitCondition(() -> server.connectionCount() == 1 && server.connections().get(0).bytesSent() > 10_000, WAIT);
                try (CClient kicker = CClient.kick(server, "s-1")) {
                    assertThat(kicker.readAll(WAIT).bytes()).containsExactly('3');
                }
                CClient.Received r = m.readAll(WAIT);
                assertThat(r.units()).containsExactly(big, Control.END);
                assertThat(r.state()).isEqualTo(StreamDecoder.State.TERMINATED);
            }
        }
    }

    @Test
    void aKickCutsAWaitShort() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsText(T0, "a").waits(Duration.ofSeconds(30)).sendsText(T0, "b").then(Ending.END);
            try (CClient m = CClient.monitor(server, "s-1")) {
                m.readUnits(1, WAIT);
                long t0 = System.nanoTime();
                try (CClient kicker = CClient.kick(server, "s-1")) {
                    assertThat(kicker.readAll(WAIT).bytes()).containsExactly('3');
                }
                assertThat(m.readAll(WAIT).units()).containsExactly(TerminalData.ofText(T0, "a"), Control.END);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            }
        }
    }

    @Test
    void stalledMonitorsAreLiveAndTakeKicks() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("stalled").then(Ending.STALL);
            try (CClient m = CClient.monitor(server, "stalled")) {
                FakeCServerTest.awaitCondition(() -> server.liveMonitors("stalled") == 1, WAIT);
                try (CClient kicker = CClient.kick(server, "stalled")) {
                    assertThat(kicker.readAll(WAIT).bytes()).containsExactly('3');
                }
                assertThat(m.readAll(WAIT).bytes()).containsExactly('3');
            }
        }
    }

    @Test
    void aSessionCanBeMadeNeverToAnswerKicks() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsText(T0, "a").onKick(KickReply.NO_ANSWER);
            try (CClient m = CClient.monitor(server, "s-1")) {
                m.readUnits(1, WAIT);
                try (CClient kicker = CClient.kick(server, "s-1")) {
                    CClient.Received k = kicker.readAll(Duration.ofMillis(300));
                    assertThat(k.ending()).isEqualTo(CClient.Ending.TIMEOUT);
                    assertThat(k.bytes()).isEmpty();
                    assertThat(server.activeConnections()).isEqualTo(2);
                }
                server.awaitActiveConnections(1, WAIT);
                assertThat(server.liveMonitors("s-1")).as("the monitor is untouched").isEqualTo(1);
                assertThat(m.readAll(Duration.ofMillis(100)).ending()).isEqualTo(CClient.Ending.TIMEOUT);
            }
        }
    }

    @Test
    void otherKickReplies() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("refuse").sendsText(T0, "a").onKick(KickReply.REFUSE);
            server.session("close").onKick(KickReply.CLOSE);
            server.session("reset").onKick(KickReply.RESET);
            server.session("end").onKick(KickReply.END);
            try (CClient m = CClient.monitor(server, "refuse")) {
                m.readUnits(1, WAIT);
                try (CClient kicker = CClient.kick(server, "refuse")) {
                    assertThat(kicker.readAll(WAIT).bytes()).containsExactly('5');
                }
                assertThat(server.liveMonitors("refuse")).isEqualTo(1);
            }
            try (CClient kicker = CClient.kick(server, "close")) {
                CClient.Received r = kicker.readAll(WAIT);
                assertThat(r.bytes()).isEmpty();
                assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
            }
            try (CClient kicker = CClient.kick(server, "reset")) {
                assertThat(kicker.readAll(WAIT).ending()).isEqualTo(CClient.Ending.RESET);
            }
            try (CClient kicker = CClient.kick(server, "end")) {
                assertThat(kicker.readAll(WAIT).bytes()).as("END even with no monitor").containsExactly('3');
            }
        }
    }
}
