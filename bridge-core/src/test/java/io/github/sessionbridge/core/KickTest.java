package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KickTest {
    private LoopbackCServer server;
    private SessionBridge bridge;

    @AfterEach
    void tearDown() throws IOException {
        if (bridge != null) {
            bridge.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private KickOutcome kick(LoopbackCServer.Script script, BridgeConfig.Builder extra) throws Exception {
        server = new LoopbackCServer(script);
        bridge = SessionBridge.create(extra.tcp("SSH", server.port()).build());
        return bridge.kick(Caller.of("admin", "ws-2"), "SSH", "s-42").toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private KickOutcome kick(LoopbackCServer.Script script) throws Exception {
        return kick(script, BridgeConfig.builder());
    }

    @Test
    void three_means_kicked_and_the_request_carries_flag_1() throws Exception {
        KickOutcome o = kick(c -> c.send(Control.END));
        assertThat(o.status()).isEqualTo(KickOutcome.Status.KICKED);
        assertThat(o.reason()).isEqualTo(EndReason.END);
        assertThat(o.kicked()).isTrue();
        assertThat(server.awaitConnection(Duration.ofSeconds(5)).awaitRequest()).isEqualTo("[flag]=1&[sessionid]=s-42");
        assertThat(bridge.stats().kicksByStatus().get(KickOutcome.Status.KICKED)).isEqualTo(1);
    }

    @Test
    void five_means_refused() throws Exception {
        KickOutcome o = kick(c -> c.send(Control.REFUSED));
        assertThat(o.status()).isEqualTo(KickOutcome.Status.REFUSED);
        assertThat(o.reason()).isEqualTo(EndReason.REFUSED);
    }

    @Test
    void no_answer_within_the_response_timeout_fails_with_TIMEOUT() throws Exception {
        long t0 = System.nanoTime();
        KickOutcome o = kick(c -> Thread.sleep(5000), BridgeConfig.builder().kickTimeout(Duration.ofMillis(300)));
        assertThat(o.status()).isEqualTo(KickOutcome.Status.FAILED);
        assertThat(o.reason()).isEqualTo(EndReason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(server.awaitConnection(Duration.ofSeconds(5)).awaitPeerClose(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void close_without_answer_fails_with_CLOSED() throws Exception {
        KickOutcome o = kick(LoopbackCServer.Conn::close);
        assertThat(o.status()).isEqualTo(KickOutcome.Status.FAILED);
        assertThat(o.reason()).isEqualTo(EndReason.CLOSED);
    }

    @Test
    void a_record_instead_of_an_answer_fails_with_PROTOCOL_ERROR_and_counts_as_one() throws Exception {
        List<ProtocolException> heard = new CopyOnWriteArrayList<>();
        KickOutcome o = kick(c -> c.send(TerminalData.ofText(1L, "hi"), Control.END),
                BridgeConfig.builder().listener(new BridgeListener() {
                    @Override
                    public void protocolError(Caller caller, String opsType, String sessionId, ProtocolException e) {
                        heard.add(e);
                    }
                }));
        assertThat(o.status()).isEqualTo(KickOutcome.Status.FAILED);
        assertThat(o.reason()).isEqualTo(EndReason.PROTOCOL_ERROR);
        assertThat(o.detail()).contains("UNEXPECTED_RECORD at offset 0").contains("instead of '3' or '5'");
        assertThat(heard).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ProtocolException.Kind.UNEXPECTED_RECORD);
            assertThat(e.offset()).isZero();
        });
        assertThat(bridge.stats().protocolErrors()).isEqualTo(1);
    }

    /**
     * A kick's answer is one control byte: a record type byte is the protocol error at once. Before, the
     * kick buffered the whole record its header claimed (16 MiB here, sent as fast as the peer liked) and
     * only then failed; a peer that sends the header and stalls held the kick until its timeout.
     */
    @ParameterizedTest
    @ValueSource(chars = {'d', 'v', 'i'})
    void a_record_header_in_answer_fails_at_once_without_waiting_for_its_body(char type) throws Exception {
        List<ProtocolException> heard = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        // the type byte and a length claiming 16 MiB, then nothing: the body never comes
        KickOutcome o = kick(c -> {
            c.send(new byte[] {(byte) type, 0x01, 0x00, 0x00, 0x00});
            Thread.sleep(30_000);
        }, BridgeConfig.builder().kickTimeout(Duration.ofSeconds(30)).listener(new BridgeListener() {
            @Override
            public void protocolError(Caller caller, String opsType, String sessionId, ProtocolException e) {
                heard.add(e);
            }
        }));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(o.status()).isEqualTo(KickOutcome.Status.FAILED);
        assertThat(o.reason()).isEqualTo(EndReason.PROTOCOL_ERROR);
        assertThat(o.detail()).contains("UNEXPECTED_RECORD at offset 0");
        assertThat(heard).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.UNEXPECTED_RECORD));
        assertThat(took).isLessThan(Duration.ofSeconds(8));
        assertThat(server.awaitConnection(Duration.ofSeconds(5)).awaitPeerClose(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void garbage_fails_with_PROTOCOL_ERROR() throws Exception {
        KickOutcome o = kick(c -> c.send(new byte[] {'?'}));
        assertThat(o.reason()).isEqualTo(EndReason.PROTOCOL_ERROR);
    }

    @Test
    void connect_refused_fails_with_CONNECT_FAILED() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", closedPort).build());
        KickOutcome o = bridge.kick(Caller.of("admin", "ws-2"), "SSH", "s-1").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(o.status()).isEqualTo(KickOutcome.Status.FAILED);
        assertThat(o.reason()).isEqualTo(EndReason.CONNECT_FAILED);
    }

    @Test
    void reset_fails_with_IO_ERROR() throws Exception {
        KickOutcome o = kick(c -> {
            Thread.sleep(50);
            c.reset();
        });
        assertThat(o.reason()).isEqualTo(EndReason.IO_ERROR);
    }

    @Test
    void listener_hears_every_kick() throws Exception {
        List<KickOutcome> heard = new CopyOnWriteArrayList<>();
        KickOutcome o = kick(c -> c.send(Control.END), BridgeConfig.builder().listener(new BridgeListener() {
            @Override
            public void kicked(Caller caller, String opsType, String sessionId, KickOutcome outcome) {
                heard.add(outcome);
            }
        }));
        assertThat(heard).containsExactly(o);
    }

    @Test
    void closing_the_bridge_fails_a_pending_kick_with_SHUTDOWN() throws Exception {
        server = new LoopbackCServer(c -> Thread.sleep(5000));
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port()).build());
        var stage = bridge.kick(Caller.of("admin", "ws-2"), "SSH", "s-1").toCompletableFuture();
        server.awaitConnection(Duration.ofSeconds(5)).awaitRequest();
        bridge.close();
        KickOutcome o = stage.get(5, TimeUnit.SECONDS);
        assertThat(o.reason()).isEqualTo(EndReason.SHUTDOWN);
    }
}
