package io.github.sessionbridge.testkit;

import static io.github.sessionbridge.testkit.BridgeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.Action;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.internal.SampleSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The testkit used as a host application would: SessionBridge end to end against a FakeCServer,
 * injected by the JUnit extension. Every row of protocol §2.3, kick fan-out, split patterns and
 * concurrent sessions.
 */
@ExtendWith(FakeCServerExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BridgeEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final long T0 = 1_700_000_000_000L;
    static final Caller ALICE = Caller.of("alice", "ws-1");

    static List<Unit> sampleRecords() {
        return SampleSession.units().stream().filter(u -> u instanceof SessionRecord).toList();
    }

    @Test
    void c_server_dies_mid_record_and_the_client_is_told_once_with_TRUNCATED(FakeCServer c) {
        c.session("s-1").sendsText(T0, "$ ls\r\n").then(Ending.CLOSE_MID_BODY);
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
            RecordingClientSink browser = new RecordingClientSink();
            bridges.monitor(ALICE, "SSH", "s-1", browser);
            assertThat(browser).awaitingEnd(WAIT).endedOnceWith(EndReason.TRUNCATED).hasText("$ ls\r\n");
        }
    }

    static Stream<Arguments> endings() {
        return Stream.of(
                Arguments.of("END", (ScriptEnd) s -> s.then(Ending.END), EndReason.END),
                Arguments.of("REFUSED", (ScriptEnd) s -> s.then(Ending.REFUSE), EndReason.REFUSED),
                Arguments.of("CLOSED", (ScriptEnd) s -> s.then(Ending.CLOSE), EndReason.CLOSED),
                Arguments.of("TRUNCATED mid-header", (ScriptEnd) s -> s.then(Ending.CLOSE_MID_HEADER), EndReason.TRUNCATED),
                Arguments.of("TRUNCATED mid-body", (ScriptEnd) s -> s.then(Ending.CLOSE_MID_BODY), EndReason.TRUNCATED),
                Arguments.of("IO_ERROR", (ScriptEnd) s -> s.then(Ending.RESET), EndReason.IO_ERROR),
                Arguments.of("PROTOCOL_ERROR unknown type", (ScriptEnd) s -> s.sendsUnknownType().then(Ending.STALL), EndReason.PROTOCOL_ERROR),
                Arguments.of("PROTOCOL_ERROR oversized", (ScriptEnd) s -> s.sendsOversizedHeader().then(Ending.STALL), EndReason.PROTOCOL_ERROR),
                Arguments.of("PROTOCOL_ERROR garbage", (ScriptEnd) s -> s.sendsBytes((byte) 'Z', (byte) 1).then(Ending.STALL), EndReason.PROTOCOL_ERROR));
    }

    interface ScriptEnd {
        SessionScript apply(SessionScript s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endings")
    void every_ending_of_the_table_reaches_the_client_exactly_once(String name, ScriptEnd ending, EndReason expected, FakeCServer c) {
        ending.apply(c.session("s-1").sendsText(T0, "before"));
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
            RecordingClientSink sink = new RecordingClientSink();
            bridges.monitor(ALICE, "SSH", "s-1", sink);
            assertThat(sink).awaitingEnd(WAIT).endedOnceWith(expected).hasText("before");
            c.awaitActiveConnections(0, WAIT);
        }
    }

    @Test
    void unknown_session_is_refused(FakeCServer c) {
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
            RecordingClientSink sink = new RecordingClientSink();
            bridges.monitor(ALICE, "SSH", "nobody", sink);
            assertThat(sink).awaitingEnd(WAIT).endedOnceWith(EndReason.REFUSED).hasRecordCount(0);
            CapturedRequest r = c.takeRequest(WAIT);
            assertThat(r.action()).isEqualTo(Action.MONITOR);
            assertThat(r.rawText()).isEqualTo("[flag]=0&[sessionid]=nobody");
        }
    }

    @Test
    void stalled_connect_accept_times_out_as_CONNECT_FAILED_or_the_stall_is_left_by_the_client(FakeCServer c) throws Exception {
        c.session("s-1").then(Ending.STALL);
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
            RecordingClientSink sink = new RecordingClientSink();
            Bridge b = bridges.monitor(ALICE, "SSH", "s-1", sink);
            c.takeRequest(WAIT);
            assertThat(sink.staysWithoutNotice(Duration.ofMillis(300))).isTrue();
            b.close();
            assertThat(b.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_GONE);
            c.awaitActiveConnections(0, WAIT);
            assertThat(sink).hasNoNotice();
        }
    }

    static Stream<Split> splits() {
        return Stream.of(Split.none(), Split.every(7), Split.every(1460), Split.byteByByte(), Split.random(1), Split.random(99, 4000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void every_split_pattern_gives_the_same_records(Split split, FakeCServer c) {
        List<Unit> units = sampleRecords();
        c.session("sample").split(split).sendsAll(units).then(Ending.END);
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
            RecordingClientSink sink = new RecordingClientSink();
            bridges.monitor(ALICE, "SSH", "sample", sink);
            assertThat(sink).awaitingEnd(WAIT).endedOnceWith(EndReason.END);
            assertThat(sink.records()).isEqualTo(units);
            assertThat(sink.text()).contains("报告.txt").doesNotContain("\uFFFD");
        }
    }

    @Test
    void every_record_type_and_chinese_split_mid_character(FakeCServer c) {
        byte[] zh = "审计日志".getBytes(StandardCharsets.UTF_8);
        List<Unit> units = List.of(
                new TerminalData(T0, Arrays.copyOf(zh, 5)),
                new TerminalData(T0 + 1, Arrays.copyOfRange(zh, 5, zh.length)),
                new ScreenFrame(T0 + 2, 1, 2, 3, 4, SampleSession.png(3, 4, 0x000000, 0xffffff)),
                InputEvent.ofText(T0 + 3, "rm -rf /tmp/x"));
        c.session("s").split(Split.byteByByte()).sendsAll(units).then(Ending.END);
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
            RecordingClientSink sink = new RecordingClientSink();
            bridges.monitor(ALICE, "SSH", "s", sink);
            assertThat(sink).awaitingEnd(WAIT).endedOnceWith(EndReason.END).hasText("审计日志");
            assertThat(sink.records()).isEqualTo(units);
            assertThat(sink.frames().get(0).imageFormat()).isEqualTo(ScreenFrame.ImageFormat.PNG);
            assertThat(sink.inputs()).containsExactly("rm -rf /tmp/x");
        }
    }

    @Test
    void kick_fans_out_END_to_every_monitor_of_the_session(FakeCServer c) throws Exception {
        c.session("live").sendsText(T0, "working...");
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
            RecordingClientSink a = new RecordingClientSink();
            RecordingClientSink b = new RecordingClientSink();
            bridges.monitor(Caller.of("alice", "ws-1"), "SSH", "live", a);
            bridges.monitor(Caller.of("bob", "ws-2"), "SSH", "live", b);
            a.awaitText("working", WAIT);
            b.awaitText("working", WAIT);
            assertThat(c.liveMonitors("live")).as(c.toString()).isEqualTo(2);
            KickOutcome outcome = bridges.kick(Caller.of("admin", "ws-9"), "SSH", "live").toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(outcome.status()).as(c.toString()).isEqualTo(KickOutcome.Status.KICKED);

            assertThat(a).awaitingEnd(WAIT).endedOnceWith(EndReason.END);
            assertThat(b).awaitingEnd(WAIT).endedOnceWith(EndReason.END);
            KickOutcome again = bridges.kick(Caller.of("admin", "ws-9"), "SSH", "live").toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(again.status()).isEqualTo(KickOutcome.Status.REFUSED);
        }
    }

    @Test
    void kick_with_no_answer_times_out(FakeCServer c) throws Exception {
        c.session("mute").onKick(KickReply.NO_ANSWER);
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().kickTimeout(Duration.ofMillis(300)).build())) {
            KickOutcome o = bridges.kick(ALICE, "SSH", "mute").toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(o.reason()).isEqualTo(EndReason.TIMEOUT);
            c.awaitActiveConnections(0, WAIT);
        }
    }

    @Test
    void many_concurrent_sessions_each_get_their_own_records(FakeCServer c) {
        int sessions = 200;
        for (int s = 0; s < sessions; s++) {
            List<Unit> units = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                units.add(TerminalData.ofText(T0 + i, "s" + s + "#" + i + ";"));
            }
            c.session("s" + s).split(s % 3 == 0 ? Split.random(s) : Split.none()).sendsAll(units).then(Ending.END);
        }
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
            List<RecordingClientSink> sinks = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                RecordingClientSink sink = new RecordingClientSink();
                sinks.add(sink);
                bridges.monitor(Caller.of("u", "ws-" + s), "SSH", "s" + s, sink);
            }
            for (int s = 0; s < sessions; s++) {
                StringBuilder expected = new StringBuilder();
                for (int i = 0; i < 30; i++) {
                    expected.append("s").append(s).append('#').append(i).append(';');
                }
                assertThat(sinks.get(s)).awaitingEnd(WAIT).endedOnceWith(EndReason.END).hasText(expected.toString());
            }
        }
    }

    @Test
    void realtime_pacing_is_relayed_live(FakeCServer c) {
        c.session("paced").pacing(Pacing.realtime()).sendsText(T0, "a").sendsText(T0 + 300, "b").then(Ending.END);
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
            RecordingClientSink sink = new RecordingClientSink();
            long start = System.nanoTime();
            bridges.monitor(ALICE, "SSH", "paced", sink);
            sink.awaitText("a", WAIT);
            assertThat(sink.text()).isEqualTo("a");
            assertThat(sink).awaitingEnd(WAIT).hasText("ab");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void over_udp_too() throws Exception {
        try (FakeCServer c = FakeCServer.builder().ops("SSH").udp(true).start();
             SessionBridge bridges = SessionBridge.create(c.bridgeConfig(CAddress.Transport.UDP).build())) {
            c.session("u").sendsAll(sampleRecords()).then(Ending.END);
            RecordingClientSink sink = new RecordingClientSink();
            bridges.monitor(ALICE, "SSH", "u", sink);
            assertThat(sink).awaitingEnd(WAIT).endedOnceWith(EndReason.END);
            assertThat(sink.records()).isEqualTo(sampleRecords());
        }
    }

    @Test
    void access_policy_denial_reaches_no_c_server(FakeCServer c) {
        c.session("s").then(Ending.END);
        BridgeConfig config = c.bridgeConfig().accessPolicy(req -> false).build();
        try (SessionBridge bridges = SessionBridge.create(config)) {
            RecordingClientSink sink = new RecordingClientSink();
            bridges.monitor(ALICE, "SSH", "s", sink);
            assertThat(sink).awaitingEnd(WAIT).endedOnceWith(EndReason.FORBIDDEN);
            assertThat(c.pollRequest(Duration.ofMillis(200))).isNull();
            assertThat(c.connectionCount()).isZero();
        }
    }
}
