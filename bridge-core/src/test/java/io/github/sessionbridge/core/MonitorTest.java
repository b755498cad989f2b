package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.InvalidSessionIdException;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Monitor end to end over real loopback sockets: every row of protocol §2.3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MonitorTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final long TS = 1_700_000_000_000L;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private LoopbackCServer server(LoopbackCServer.Script script) throws IOException {
        LoopbackCServer s = new LoopbackCServer(script);
        closeables.add(s);
        return s;
    }

    private SessionBridge bridge(int port) {
        return bridge(BridgeConfig.builder().tcp("SSH", port));
    }

    private SessionBridge bridge(BridgeConfig.Builder b) {
        SessionBridge sb = SessionBridge.create(b.build());
        closeables.add(0, sb);
        return sb;
    }

    static Caller alice() {
        return Caller.of("alice", "ws-1");
    }

    @Test
    void worked_example_relays_the_record_then_END_with_code_3() throws Exception {
        LoopbackCServer c = server(conn -> conn.send(HexFormat.of().parseHex("640000000c0000018bcfe568006c730d0a33")));
        SessionBridge sb = bridge(c.port());
        TestSink sink = new TestSink();

        Bridge b = sb.monitor(alice(), "SSH", "s-42", sink);

        Notice n = sink.awaitEnd(WAIT);
        assertThat(c.awaitConnection(WAIT).awaitRequest()).isEqualTo("[flag]=0&[sessionid]=s-42");
        assertThat(sink.records()).containsExactly(new TerminalData(1700000000000L, "ls\r\n".getBytes()));
        assertThat(n).isEqualTo(new Notice(3, EndReason.END, "会话已结束！"));
        assertThat(b.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.END);
        assertThat(b.isOpen()).isFalse();
        assertThat(sink.violations()).isEmpty();
    }

    @Test
    void every_record_type_arrives_in_order() throws Exception {
        var units = List.of(
                TerminalData.ofText(TS, "hello "),
                new ScreenFrame(TS + 1, 10, 20, 64, 32, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}),
                InputEvent.ofText(TS + 2, "ls -la"),
                TerminalData.ofText(TS + 3, "世界"));
        LoopbackCServer c = server(conn -> {
            for (var u : units) {
                conn.send(u);
                Thread.sleep(5);
            }
            conn.send(Control.END);
        });
        TestSink sink = new TestSink();
        bridge(c.port()).monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.records()).containsExactlyElementsOf(units);
    }

    @Test
    void control_byte_merged_with_a_record_in_one_write_is_recognised() throws Exception {
        byte[] merged = UnitEncoder.encodeAll(List.of(TerminalData.ofText(TS, "bye"), Control.REFUSED));
        LoopbackCServer c = server(conn -> {
            conn.send(merged);
            Thread.sleep(2000);
        });
        TestSink sink = new TestSink();
        bridge(c.port()).monitor(alice(), "SSH", "s-1", sink);
        Notice n = sink.awaitEnd(WAIT);
        assertThat(n.code()).isEqualTo(3);
        assertThat(n.reason()).isEqualTo(EndReason.REFUSED);
        assertThat(sink.records()).hasSize(1);
    }

    @Test
    void refused_is_code_3_REFUSED() throws Exception {
        LoopbackCServer c = server(conn -> conn.send(Control.REFUSED));
        TestSink sink = new TestSink();
        bridge(c.port()).monitor(alice(), "SSH", "nope", sink);
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(3, EndReason.REFUSED, "会话已结束！"));
    }

    @Test
    void close_at_a_unit_boundary_is_code_5_CLOSED() throws Exception {
        LoopbackCServer c = server(conn -> {
            conn.send(TerminalData.ofText(TS, "x"));
            conn.close();
        });
        TestSink sink = new TestSink();
        bridge(c.port()).monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.CLOSED, "会话已结束！"));
        assertThat(sink.records()).hasSize(1);
    }

    @Test
    void close_inside_a_unit_is_TRUNCATED_and_the_partial_unit_is_not_forwarded() throws Exception {
        byte[] whole = UnitEncoder.encode(TerminalData.ofText(TS, "partial record"));
        LoopbackCServer c = server(conn -> {
            conn.send(TerminalData.ofText(TS, "complete"));
            conn.send(java.util.Arrays.copyOf(whole, whole.length - 3));
            Thread.sleep(50);
            conn.close();
        });
        TestSink sink = new TestSink();
        bridge(c.port()).monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.TRUNCATED);
        assertThat(sink.records()).containsExactly(TerminalData.ofText(TS, "complete"));
    }

    @Test
    void close_mid_header_is_TRUNCATED() throws Exception {
        LoopbackCServer c = server(conn -> {
            conn.send(new byte[] {'d', 0, 0});
            Thread.sleep(50);
            conn.close();
        });
        TestSink sink = new TestSink();
        bridge(c.port()).monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.TRUNCATED, "会话已结束！"));
        assertThat(sink.records()).isEmpty();
    }

    @Test
    void connection_refused_is_CONNECT_FAILED() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        TestSink sink = new TestSink();
        bridge(closedPort).monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.CONNECT_FAILED, "会话已结束！"));
    }

    @Test
    void connect_timeout_is_CONNECT_FAILED() throws Exception {
        // a listener whose accept queue is full drops further SYNs: the connect hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (IOException timedOut) {
                        s.close();
                        break;
                    }
                }
                TestSink sink = new TestSink();
                long t0 = System.nanoTime();
                bridge(BridgeConfig.builder().tcp("SSH", full.getLocalPort()).connectTimeout(Duration.ofMillis(300)))
                        .monitor(alice(), "SSH", "s-1", sink);
                assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.CONNECT_FAILED);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void reset_is_IO_ERROR() throws Exception {
        LoopbackCServer c = server(conn -> {
            conn.send(TerminalData.ofText(TS, "x"));
            Thread.sleep(50);
            conn.reset();
        });
        TestSink sink = new TestSink();
        bridge(c.port()).monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.IO_ERROR, "会话已结束！"));
    }

    @Test
    void unknown_type_byte_is_PROTOCOL_ERROR_and_the_C_connection_is_closed_at_once() throws Exception {
        LoopbackCServer c = server(conn -> {
            conn.send(TerminalData.ofText(TS, "ok"));
            conn.send(new byte[] {'x', 1, 2, 3});
            Thread.sleep(5000); // keeps its side open: the bridge must be the one that closes
        });
        TestSink sink = new TestSink();
        SessionBridge sb = bridge(c.port());
        sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.PROTOCOL_ERROR, "会话已结束！"));
        assertThat(sink.records()).hasSize(1);
        assertThat(c.awaitConnection(WAIT).awaitPeerClose(WAIT)).isTrue();
        assertThat(sb.stats().protocolErrors()).isEqualTo(1);
    }

    @Test
    void oversized_length_is_PROTOCOL_ERROR_from_the_header_alone() throws Exception {
        LoopbackCServer c = server(conn -> {
            conn.send(new byte[] {'v', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            Thread.sleep(3000);
        });
        TestSink sink = new TestSink();
        bridge(BridgeConfig.builder().tcp("SSH", c.port()).maxRecordSize(1024)).monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.PROTOCOL_ERROR);
    }

    @Test
    void client_close_sends_no_notice_and_closes_the_C_connection_promptly() throws Exception {
        LoopbackCServer c = server(conn -> {
            conn.send(TerminalData.ofText(TS, "x"));
            Thread.sleep(5000);
        });
        TestSink sink = new TestSink();
        SessionBridge sb = bridge(c.port());
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        LoopbackCServer.Conn conn = c.awaitConnection(WAIT);
        conn.awaitRequest();
        b.close();
        assertThat(conn.awaitPeerClose(Duration.ofSeconds(2))).isTrue();
        assertThat(b.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(sink.endedWithin(Duration.ofMillis(200))).isFalse();
        assertThat(sink.notices()).isEmpty();
        assertThat(sb.activeCount()).isZero();
        b.close(); // idempotent
    }

    @Test
    void custom_notice_texts_are_used() throws Exception {
        LoopbackCServer c = server(conn -> conn.close());
        TestSink sink = new TestSink();
        bridge(BridgeConfig.builder().tcp("SSH", c.port()).noticeText(EndReason.CLOSED, "session closed"))
                .monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.CLOSED, "session closed"));
    }

    @Test
    void invalid_session_id_fails_fast_and_opens_no_connection() throws Exception {
        LoopbackCServer c = server(conn -> conn.send(Control.END));
        SessionBridge sb = bridge(c.port());
        assertThatThrownBy(() -> sb.monitor(alice(), "SSH", "a&[flag]=1", new TestSink()))
                .isInstanceOf(InvalidSessionIdException.class)
                .hasMessageContaining("'&'").hasMessageContaining("position 1");
        assertThatThrownBy(() -> sb.kick(alice(), "SSH", ""))
                .isInstanceOf(InvalidSessionIdException.class);
        Thread.sleep(200);
        assertThat(c.connectionCount()).isZero();
        assertThat(sb.activeCount()).isZero();
    }

    @Test
    void unknown_ops_type_fails_fast_naming_the_known_ones() throws Exception {
        LoopbackCServer c = server(conn -> conn.send(Control.END));
        SessionBridge sb = bridge(c.port());
        assertThatThrownBy(() -> sb.monitor(alice(), "RDP", "s-1", new TestSink()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RDP").hasMessageContaining("SSH");
        Thread.sleep(200);
        assertThat(c.connectionCount()).isZero();
    }

    @Test
    void request_is_sent_exactly_once_after_connecting() throws Exception {
        LoopbackCServer c = server(conn -> {
            Thread.sleep(300);
            conn.send(Control.END);
        });
        TestSink sink = new TestSink();
        bridge(c.port()).monitor(alice(), "SSH", "Sess_1.a:b-c", sink);
        sink.awaitEnd(WAIT);
        assertThat(c.awaitConnection(WAIT).awaitRequest()).isEqualTo("[flag]=0&[sessionid]=Sess_1.a:b-c");
        assertThat(c.connectionCount()).isEqualTo(1);
    }

    @Test
    void access_policy_denial_opens_no_connection_and_ends_with_FORBIDDEN() throws Exception {
        LoopbackCServer c = server(conn -> conn.send(Control.END));
        List<AccessRequest> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).accessPolicy(req -> {
            asked.add(req);
            return !req.caller().principal().equals("mallory");
        }));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(Caller.of("mallory", "ws-9"), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.FORBIDDEN, "会话已结束！"));
        assertThat(b.isOpen()).isFalse();
        KickOutcome k = sb.kick(Caller.of("mallory", "ws-9"), "SSH", "s-1").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(k.status()).isEqualTo(KickOutcome.Status.FAILED);
        assertThat(k.reason()).isEqualTo(EndReason.FORBIDDEN);
        Thread.sleep(200);
        assertThat(c.connectionCount()).isZero();
        assertThat(asked).extracting(AccessRequest::action).containsExactly(
                io.github.sessionbridge.protocol.Action.MONITOR, io.github.sessionbridge.protocol.Action.KICK);
        assertThat(asked.get(0)).isEqualTo(new AccessRequest(Caller.of("mallory", "ws-9"),
                io.github.sessionbridge.protocol.Action.MONITOR, "SSH", "s-1"));
        assertThat(sb.stats().endedByReason().get(EndReason.FORBIDDEN)).isEqualTo(1);
    }

    @Test
    void a_throwing_access_policy_denies() throws Exception {
        LoopbackCServer c = server(conn -> conn.send(Control.END));
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).accessPolicy(req -> {
            throw new IllegalStateException("policy store down");
        }));
        TestSink sink = new TestSink();
        sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.FORBIDDEN);
        assertThat(c.connectionCount()).isZero();
    }

    @Test
    void listener_sees_opened_and_ended_with_counts() throws Exception {
        LoopbackCServer c = server(conn -> conn.send(TerminalData.ofText(TS, "abc"), TerminalData.ofText(TS, "de"), Control.END));
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).listener(new BridgeListener() {
            @Override
            public void opened(Bridge bridge) {
                events.add("opened " + bridge.sessionId());
            }

            @Override
            public void ended(Bridge bridge, EndReason reason, long records, long bytes) {
                events.add("ended " + bridge.sessionId() + " " + reason + " " + records + " " + bytes);
            }
        }));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(alice(), "SSH", "s-7", sink);
        sink.awaitEnd(WAIT);
        b.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(events).containsExactly("opened s-7", "ended s-7 END 2 5");
        BridgeStats st = sb.stats();
        assertThat(st.opened()).isEqualTo(1);
        assertThat(st.records()).isEqualTo(2);
        assertThat(st.bytes()).isEqualTo(5);
        assertThat(st.endedByReason().get(EndReason.END)).isEqualTo(1);
        assertThat(st.active()).isZero();
    }
}
