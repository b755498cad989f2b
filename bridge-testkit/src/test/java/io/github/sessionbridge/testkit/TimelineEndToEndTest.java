package io.github.sessionbridge.testkit;

import static io.github.sessionbridge.testkit.BridgeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.Timeline;
import io.github.sessionbridge.core.TimelineSpool;
import io.github.sessionbridge.protocol.Unit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Timelines end to end against a FakeCServer, as {@link BridgeEndToEndTest} does for monitors: every ending
 * of protocol §2.3 reaches the client once, at the end of playback, with the stream's reason; every split of
 * the stream plays the same records; the bundled sessions (terminal and graphical) play whole.
 */
@ExtendWith(FakeCServerExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TimelineEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Caller ALICE = Caller.of("alice", "ws-1");
    /** The bundled sessions last minutes: played at 16x with every gap over 50 ms shortened to it. */
    static final PlaybackOptions FAST = PlaybackOptions.builder().speed(16).idleLimit(Duration.ofMillis(50)).build();

    @TempDir
    Path spool;

    private SessionBridge bridges(FakeCServer c) {
        return SessionBridge.create(c.bridgeConfig().timelineSpool(TimelineSpool.DEFAULT.withDirectory(spool)).build());
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> endings() {
        return BridgeEndToEndTest.endings();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endings")
    void every_ending_reaches_the_client_exactly_once_after_what_came_before(String name, BridgeEndToEndTest.ScriptEnd ending,
            EndReason expected, FakeCServer c) {
        ending.apply(c.session("s-1").sendsText(BridgeEndToEndTest.T0, "before"));
        try (SessionBridge bridges = bridges(c)) {
            RecordingClientSink sink = new RecordingClientSink();
            Timeline t = bridges.play(ALICE, "SSH", "s-1", sink, PlaybackOptions.defaults());
            assertThat(sink).awaitingEnd(WAIT).endedOnceWith(expected).hasText("before");
            assertThat(t.ended().toCompletableFuture().join()).isEqualTo(expected);
            c.awaitActiveConnections(0, WAIT);
        }
    }

    @Test
    void an_unknown_session_is_refused_and_the_c_server_sees_a_monitor_request(FakeCServer c) {
        try (SessionBridge bridges = bridges(c)) {
            RecordingClientSink sink = new RecordingClientSink();
            bridges.play(ALICE, "SSH", "nobody", sink, PlaybackOptions.defaults());
            assertThat(sink).awaitingEnd(WAIT).endedOnceWith(EndReason.REFUSED).hasRecordCount(0);
            assertThat(c.takeRequest(WAIT).rawText()).isEqualTo("[flag]=0&[sessionid]=nobody");
        }
    }

    static Stream<Split> splits() {
        return BridgeEndToEndTest.splits();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void every_split_of_the_stream_plays_the_same_records(Split split, FakeCServer c) {
        List<Unit> units = BridgeEndToEndTest.sampleRecords();
        c.session("sample").split(split).sendsAll(units).then(Ending.END);
        try (SessionBridge bridges = bridges(c)) {
            RecordingClientSink sink = new RecordingClientSink();
            bridges.play(ALICE, "SSH", "sample", sink, FAST);
            assertThat(sink).awaitingEnd(WAIT).endedOnceWith(EndReason.END);
            assertThat(sink.records()).isEqualTo(units);
            assertThat(sink.text()).contains("报告.txt").doesNotContain("\uFFFD");
            assertThat(sink.violations()).isEmpty();
        }
    }

    @Test
    void a_recording_paced_by_the_c_server_plays_whole_and_a_graphical_one_too(FakeCServer c) {
        List<Unit> graphical = io.github.sessionbridge.testkit.internal.SampleSession.graphicalUnits().stream()
                .filter(u -> u instanceof io.github.sessionbridge.protocol.SessionRecord).toList();
        c.session("rdp").pacing(Pacing.realtime(16).withMaxGap(Duration.ofMillis(20))).sendsAll(graphical).then(Ending.END);
        try (SessionBridge bridges = bridges(c)) {
            RecordingClientSink sink = new RecordingClientSink();
            bridges.play(ALICE, "SSH", "rdp", sink, FAST);
            assertThat(sink).awaitingEnd(WAIT).endedOnceWith(EndReason.END);
            assertThat(sink.records()).isEqualTo(graphical);
            assertThat(sink.frames()).isNotEmpty();
        }
    }
}
