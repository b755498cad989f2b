package io.github.sessionbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Small promises of the testkit's API that its javadoc makes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TestkitContractTest {

    @Test
    void staysWithoutNotice_is_true_after_a_quiet_period_and_false_once_a_notice_arrived() {
        RecordingClientSink sink = new RecordingClientSink();
        long t0 = System.nanoTime();
        assertThat(sink.staysWithoutNotice(Duration.ofMillis(100))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        sink.end(Notice.of(EndReason.END, "bye"));
        assertThat(sink.staysWithoutNotice(Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void staysWithoutNotice_does_not_answer_for_a_period_it_did_not_watch() {
        RecordingClientSink sink = new RecordingClientSink();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> sink.staysWithoutNotice(Duration.ofSeconds(10)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void a_capture_limit_keeps_the_most_recent_requests_and_every_open_connection_while_counting_all() throws Exception {
        try (FakeCServer server = FakeCServer.builder().captureLimit(5).start()) {
            server.session("held").sendsText(1, "x"); // no ending: the connection stays open
            try (CClient held = CClient.monitor(server, "held")) {
                server.takeRequest(Duration.ofSeconds(10));
                for (int i = 0; i < 11; i++) {
                    try (CClient c = CClient.monitor(server, "s-" + i)) {
                        c.readAll(Duration.ofSeconds(10));
                    }
                }
                server.awaitRequests(12, Duration.ofSeconds(10));
                FakeCServerTest.awaitCondition(() -> server.activeConnections() == 1, Duration.ofSeconds(10));
                assertThat(server.requestCount()).isEqualTo(12);
                assertThat(server.connectionCount()).isEqualTo(12);
                assertThat(server.requests()).extracting(CapturedRequest::sessionId)
                        .containsExactly("s-6", "s-7", "s-8", "s-9", "s-10");
                // five in all: the oldest is kept because it is open, the closed ones are the most recent
                assertThat(server.connections()).extracting(conn -> conn.request().sessionId())
                        .containsExactly("held", "s-7", "s-8", "s-9", "s-10");
                // untaken requests are bounded too: the oldest kept is taken first
                assertThat(server.takeRequest(Duration.ofSeconds(1)).sessionId()).isEqualTo("s-6");
            }
        }
        assertThatThrownBy(() -> FakeCServer.builder().captureLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connections_are_an_unmodifiable_snapshot_and_bridgeConfig_refuses_null() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sendsText(1, "x").then(Ending.END);
            try (SessionBridge bridges = SessionBridge.create(server.bridgeConfig().build())) {
                RecordingClientSink sink = new RecordingClientSink();
                bridges.monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", sink);
                sink.awaitNotice(Duration.ofSeconds(10));
            }
            List<CapturedConnection> connections = server.awaitConnections(1, Duration.ofSeconds(10));
            assertThat(connections).hasSize(1);
            assertThatThrownBy(connections::clear).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> server.connections().remove(0)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> server.bridgeConfig(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("transport");
        }
    }
}
