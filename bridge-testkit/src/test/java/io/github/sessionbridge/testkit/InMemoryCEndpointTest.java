package io.github.sessionbridge.testkit;

import static io.github.sessionbridge.testkit.BridgeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InMemoryCEndpointTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    private SessionBridge bridges;

    @AfterEach
    void tearDown() {
        if (bridges != null) {
            bridges.close();
        }
    }

    private SessionBridge bridges(InMemoryCEndpoint c) {
        bridges = SessionBridge.create(BridgeConfig.builder().tcp("SSH", 1).endpoint(c).build());
        return bridges;
    }

    @Test
    void relays_records_and_the_end_without_any_socket() {
        byte[] zh = "会话".getBytes(StandardCharsets.UTF_8);
        InMemoryCEndpoint c = InMemoryCEndpoint.create(peer -> peer
                .send(new TerminalData(1, Arrays.copyOf(zh, 4)), new TerminalData(2, Arrays.copyOfRange(zh, 4, 6)))
                .send(InputEvent.ofText(3, "whoami"))
                .send(Control.END));
        RecordingClientSink sink = new RecordingClientSink();
        bridges(c).monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", sink);
        assertThat(sink).awaitingEnd(WAIT).endedOnceWith(EndReason.END).hasText("会话").hasRecordCount(3);
        assertThat(sink.inputs()).containsExactly("whoami");
        assertThat(c.requests()).containsExactly(RequestLine.monitor("s-1"));
    }

    @Test
    void close_from_a_sink_on_the_event_thread_returns_at_once_and_ends_the_bridge_with_SHUTDOWN() throws Exception {
        InMemoryCEndpoint c = InMemoryCEndpoint.create(peer -> peer.send(TerminalData.ofText(1, "live")));
        SessionBridge sb = bridges(c);
        CompletableFuture<Long> closeNanos = new CompletableFuture<>();
        CompletableFuture<Boolean> onEventThread = new CompletableFuture<>();
        RecordingClientSink inner = new RecordingClientSink();
        sb.monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                onEventThread.complete(c.isEventThread());
                long t0 = System.nanoTime();
                sb.close();
                closeNanos.complete(System.nanoTime() - t0);
                return inner.send(record);
            }

            @Override
            public void end(Notice notice) {
                inner.end(notice);
            }
        });
        assertThat(onEventThread.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(closeNanos.get(5, TimeUnit.SECONDS))).isLessThan(Duration.ofSeconds(2));
        assertThat(inner).awaitingEnd(WAIT).endedOnceWith(EndReason.SHUTDOWN).hasText("live");
        assertThat(c.isEventThread()).isFalse();
    }

    @Test
    void a_responder_that_throws_resets_the_connection_instead_of_leaving_it_silent() {
        InMemoryCEndpoint c = InMemoryCEndpoint.create(peer -> {
            throw new IllegalStateException("a bug in the test's responder");
        });
        RecordingClientSink sink = new RecordingClientSink();
        bridges(c).monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", sink);
        assertThat(sink).awaitingEnd(WAIT).endedOnceWith(EndReason.IO_ERROR);
        assertThat(c.requests()).containsExactly(RequestLine.monitor("s-1"));
    }

    @Test
    void a_task_scheduled_after_the_endpoint_closed_never_runs_on_either_transport() throws Exception {
        for (CEndpoint endpoint : new CEndpoint[] {InMemoryCEndpoint.create(peer -> { }), CEndpoint.nio(1)}) {
            CConnection conn = endpoint.connect(new CAddress("127.0.0.1", 9, CAddress.Transport.TCP),
                    Duration.ofSeconds(1), new CConnection.Handler() {
                        @Override
                        public void onConnected(CConnection connection) {
                        }

                        @Override
                        public void onData(java.nio.ByteBuffer data) {
                        }

                        @Override
                        public void onEndOfStream() {
                        }

                        @Override
                        public void onConnectFailed(Exception cause) {
                        }

                        @Override
                        public void onError(Exception cause) {
                        }
                    });
            endpoint.close();
            AtomicReference<String> ran = new AtomicReference<>();
            Cancellable handle = conn.schedule(() -> ran.set("ran"), 0, TimeUnit.MILLISECONDS);
            handle.cancel();
            conn.schedule(() -> ran.set("ran"), 0, TimeUnit.MILLISECONDS);
            Thread.sleep(100);
            assertThat(ran.get()).as("%s", endpoint.getClass().getSimpleName()).isNull();
        }
    }

    @Test
    void the_c_server_dies_mid_record_and_the_client_is_told_once_with_TRUNCATED() {
        byte[] record = UnitEncoder.encode(TerminalData.ofText(1, "never whole"));
        InMemoryCEndpoint c = InMemoryCEndpoint.create(peer -> {
            peer.send(TerminalData.ofText(0, "$ "));
            peer.sendBytes(Arrays.copyOf(record, 9));
            peer.close();
        });
        RecordingClientSink sink = new RecordingClientSink();
        bridges(c).monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", sink);
        assertThat(sink).awaitingEnd(WAIT).endedOnceWith(new Notice(5, EndReason.TRUNCATED, "会话已结束！")).hasText("$ ");
    }

    @Test
    void reset_refusal_and_kicks() throws Exception {
        InMemoryCEndpoint c = InMemoryCEndpoint.create(peer -> {
            switch (peer.request().sessionId()) {
                case "reset" -> peer.reset();
                case "live" -> peer.send(Control.END);
                default -> peer.send(Control.REFUSED);
            }
        });
        SessionBridge b = bridges(c);
        RecordingClientSink reset = new RecordingClientSink();
        b.monitor(Caller.of("a", "w"), "SSH", "reset", reset);
        assertThat(reset).awaitingEnd(WAIT).endedOnceWith(EndReason.IO_ERROR);
        assertThat(b.kick(Caller.of("a", "w"), "SSH", "live").toCompletableFuture().get(5, TimeUnit.SECONDS).status())
                .isEqualTo(KickOutcome.Status.KICKED);
        assertThat(b.kick(Caller.of("a", "w"), "SSH", "gone").toCompletableFuture().get(5, TimeUnit.SECONDS).status())
                .isEqualTo(KickOutcome.Status.REFUSED);
        c.refuseConnections(true);
        RecordingClientSink down = new RecordingClientSink();
        b.monitor(Caller.of("a", "w"), "SSH", "any", down);
        assertThat(down).awaitingEnd(WAIT).endedOnceWith(EndReason.CONNECT_FAILED);
    }

    @Test
    void a_client_that_leaves_gets_no_notice_and_the_c_side_sees_the_close() throws Exception {
        AtomicReference<InMemoryCEndpoint.Peer> held = new AtomicReference<>();
        InMemoryCEndpoint c = InMemoryCEndpoint.create(peer -> {
            held.set(peer);
            peer.send(TerminalData.ofText(0, "streaming"));
        });
        RecordingClientSink sink = new RecordingClientSink();
        Bridge bridge = bridges(c).monitor(Caller.of("a", "w"), "SSH", "s", sink);
        sink.awaitRecords(1, WAIT);
        bridge.close();
        assertThat(bridge.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(held.get().isClosedByBridge()).isTrue();
        held.get().send(TerminalData.ofText(1, "too late"));
        assertThat(sink.staysWithoutNotice(Duration.ofMillis(200))).isTrue();
        assertThat(sink).hasNoNotice().hasRecordCount(1).hasNoViolations();
        assertThat(c.openConnections()).isZero();
    }

    @Test
    void assertions_explain_what_arrived_when_they_fail() {
        RecordingClientSink sink = new RecordingClientSink();
        sink.send(TerminalData.ofText(0, "abc"));
        assertThatThrownBy(() -> assertThat(sink).awaitingEnd(Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 records").hasMessageContaining("no end notice");
        sink.end(Notice.of(EndReason.CLOSED, "x"));
        sink.end(Notice.of(EndReason.CLOSED, "x"));
        assertThatThrownBy(() -> assertThat(sink).endedOnceWith(EndReason.CLOSED))
                .isInstanceOf(AssertionError.class).hasMessageContaining("end called 2 times");
        assertThatThrownBy(() -> assertThat(sink).hasText("abd"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("abd");
    }
}
