package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Protocol §3: the UDP variant over real loopback datagrams. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    private DatagramSocket server;
    private SessionBridge bridge;

    @BeforeEach
    void setUp() throws Exception {
        server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5000);
    }

    @AfterEach
    void tearDown() {
        if (bridge != null) {
            bridge.close();
        }
        server.close();
    }

    private SessionBridge bridge(BridgeConfig.Builder b) {
        bridge = SessionBridge.create(b.udp("SSH-UDP", server.getLocalPort()).build());
        return bridge;
    }

    /** Receives the request datagram; returns the bridge's address. */
    private SocketAddress receiveRequest(String expected) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[1024], 1024);
        server.receive(p);
        assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII)).isEqualTo(expected);
        return p.getSocketAddress();
    }

    private void send(SocketAddress to, Unit... units) throws Exception {
        send(to, UnitEncoder.encodeAll(List.of(units)));
    }

    private void send(SocketAddress to, byte[] bytes) throws Exception {
        server.send(new DatagramPacket(bytes, bytes.length, to));
    }

    @Test
    void monitor_over_udp_relays_whole_units_per_datagram_then_END() throws Exception {
        TestSink sink = new TestSink();
        bridge(BridgeConfig.builder()).monitor(Caller.of("a", "ws"), "SSH-UDP", "u-1", sink);
        SocketAddress client = receiveRequest("[flag]=0&[sessionid]=u-1");
        send(client, TerminalData.ofText(1, "one"), TerminalData.ofText(2, "two"));
        send(client, TerminalData.ofText(3, "three"));
        send(client, Control.END);
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(3, EndReason.END, "会话已结束！"));
        assertThat(sink.text()).isEqualTo("onetwothree");
    }

    @Test
    void silence_for_the_idle_timeout_ends_with_IDLE_TIMEOUT() throws Exception {
        TestSink sink = new TestSink();
        bridge(BridgeConfig.builder().udpIdleTimeout(Duration.ofMillis(1000))).monitor(Caller.of("a", "ws"), "SSH-UDP", "u-1", sink);
        SocketAddress client = receiveRequest("[flag]=0&[sessionid]=u-1");
        // activity keeps it alive past the first deadline
        for (int i = 0; i < 8; i++) {
            Thread.sleep(150);
            send(client, TerminalData.ofText(i, "k"));
        }
        long t0 = System.nanoTime();
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.IDLE_TIMEOUT, "会话已结束！"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(sink.records()).hasSize(8);
    }

    @Test
    void datagrams_from_a_foreign_address_are_ignored() throws Exception {
        TestSink sink = new TestSink();
        bridge(BridgeConfig.builder()).monitor(Caller.of("a", "ws"), "SSH-UDP", "u-1", sink);
        SocketAddress client = receiveRequest("[flag]=0&[sessionid]=u-1");
        try (DatagramSocket intruder = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] evil = UnitEncoder.encodeAll(List.of(TerminalData.ofText(9, "INJECTED"), Control.END));
            intruder.send(new DatagramPacket(evil, evil.length, client));
        }
        Thread.sleep(100);
        send(client, TerminalData.ofText(1, "genuine"), Control.END);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.text()).isEqualTo("genuine");
    }

    @Test
    void a_datagram_ending_inside_a_unit_is_PROTOCOL_ERROR() throws Exception {
        TestSink sink = new TestSink();
        bridge(BridgeConfig.builder()).monitor(Caller.of("a", "ws"), "SSH-UDP", "u-1", sink);
        SocketAddress client = receiveRequest("[flag]=0&[sessionid]=u-1");
        byte[] whole = UnitEncoder.encode(TerminalData.ofText(1, "split across datagrams"));
        send(client, Arrays.copyOf(whole, 10));
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.PROTOCOL_ERROR);
    }

    @Test
    void kick_over_udp() throws Exception {
        var stage = bridge(BridgeConfig.builder()).kick(Caller.of("a", "ws"), "SSH-UDP", "u-1").toCompletableFuture();
        SocketAddress client = receiveRequest("[flag]=1&[sessionid]=u-1");
        send(client, Control.END);
        assertThat(stage.get(5, TimeUnit.SECONDS).status()).isEqualTo(KickOutcome.Status.KICKED);
    }

    @Test
    void unanswered_kick_over_udp_times_out() throws Exception {
        var stage = bridge(BridgeConfig.builder().kickTimeout(Duration.ofMillis(300)))
                .kick(Caller.of("a", "ws"), "SSH-UDP", "u-1").toCompletableFuture();
        receiveRequest("[flag]=1&[sessionid]=u-1");
        assertThat(stage.get(5, TimeUnit.SECONDS).reason()).isEqualTo(EndReason.TIMEOUT);
    }
}
