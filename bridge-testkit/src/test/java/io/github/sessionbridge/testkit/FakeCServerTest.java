package io.github.sessionbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.protocol.Action;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InvalidSessionIdException;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Ports, lifecycle, captures and observability of the fake C server. */
class FakeCServerTest {

    static final Duration WAIT = Duration.ofSeconds(5);

    /** Polls {@code condition} until it holds, failing after {@code timeout}. */
    static void awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + timeout.toMillis() + " ms");
            }
            Thread.sleep(5);
        }
    }

    static Set<Thread> liveThreadsOfMyGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getThreadGroup() == g)
                .collect(Collectors.toSet());
    }

    @Test
    void listensOnOneEphemeralLoopbackPortPerOpsTypeAndTellsThem() throws Exception {
        try (FakeCServer server = FakeCServer.builder().ops("SSH").ops("RDP", "VNC").udp(true).start()) {
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.opsTypes()).containsExactly("SSH", "RDP", "VNC");
            List<Integer> tcp = List.of(server.port("SSH"), server.port("RDP"), server.port("VNC"));
            List<Integer> udp = List.of(server.udpPort("SSH"), server.udpPort("RDP"), server.udpPort("VNC"));
            assertThat(tcp).doesNotHaveDuplicates().allMatch(p -> p > 0 && p < 65536);
            assertThat(udp).doesNotHaveDuplicates().allMatch(p -> p > 0 && p < 65536);
            assertThat(server.port()).isEqualTo(server.port("SSH"));
            assertThat(server.udpPort()).isEqualTo(server.udpPort("SSH"));
            assertThat(server.address("RDP")).isEqualTo(new InetSocketAddress("127.0.0.1", server.port("RDP")));
            for (int p : tcp) {
                try (Socket s = new Socket("127.0.0.1", p)) {
                    assertThat(s.isConnected()).isTrue();
                }
            }
            // a UDP port really is bound by the server: binding it again fails
            for (int p : udp) {
                assertThatThrownBy(() -> new DatagramSocket(new InetSocketAddress("127.0.0.1", p)).close())
                        .isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> server.port("TELNET"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TELNET").hasMessageContaining("SSH");
        }
    }

    @Test
    void canListenOnFixedPortsAndGiveUdpToSomeOpsTypesOnly() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int tcpPort;
        int udpPort;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback); DatagramSocket probeUdp = new DatagramSocket(0, loopback)) {
            tcpPort = probe.getLocalPort();
            udpPort = probeUdp.getLocalPort();
        }
        Set<Thread> before = liveThreadsOfMyGroup();
        try (FakeCServer server = FakeCServer.builder().ops("SSH", tcpPort).ops("RDP").udp("SSH", udpPort).start()) {
            assertThat(server.port("SSH")).isEqualTo(tcpPort);
            assertThat(server.udpPort("SSH")).isEqualTo(udpPort);
            assertThat(server.hasUdp("SSH")).isTrue();
            assertThat(server.hasUdp("RDP")).isFalse();
            assertThatThrownBy(() -> server.udpPort("RDP")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("RDP has no UDP port");
            assertThatThrownBy(() -> FakeCServer.builder().ops("VNC", tcpPort).start())
                    .isInstanceOf(BindException.class).hasMessageContaining("127.0.0.1:" + tcpPort).hasMessageContaining("VNC");
        }
        Set<Thread> after = new HashSet<>(liveThreadsOfMyGroup());
        after.removeAll(before);
        assertThat(after).as("threads left after a failed start and a close").isEmpty();
    }

    @Test
    void tellsARequestListenerOfEveryRequest() throws Exception {
        List<CapturedRequest> seen = new CopyOnWriteArrayList<>();
        try (FakeCServer server = FakeCServer.builder().onRequest(seen::add).start()) {
            try (CClient c = CClient.monitor(server, "s-1")) {
                c.readAll(WAIT);
            }
            try (CClient c = CClient.connect(server)) {
                c.send("[flag]=9");
                c.readAll(WAIT);
            }
            List<CapturedRequest> all = server.awaitRequests(2, WAIT);
            assertThat(seen).containsExactlyElementsOf(all);
            assertThat(seen.get(1).isValid()).isFalse();
        }
    }

    @Test
    void defaultsToOneSshPortWithoutUdp() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            assertThat(server.opsTypes()).containsExactly("SSH");
            assertThat(server.port("SSH")).isPositive();
            assertThat(server.defaultSplit()).isEqualTo(Split.none());
            assertThat(server.defaultPacing()).isEqualTo(Pacing.fast());
            assertThat(server.settleTime()).isEqualTo(Duration.ofMillis(20));
            assertThatThrownBy(server::udpPort).isInstanceOf(IllegalStateException.class).hasMessageContaining("udp(true)");
        }
    }

    @Test
    void rejectsBadBuilderInput() {
        assertThatThrownBy(() -> FakeCServer.builder().ops("SSH", "SSH"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already");
        assertThatThrownBy(() -> FakeCServer.builder().ops(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FakeCServer.builder().settleTime(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownSessionIsRefusedWithFiveAndClosed() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start();
             CClient c = CClient.monitor(server, "no-such-session")) {
            CClient.Received r = c.readAll(WAIT);
            assertThat(r.bytes()).containsExactly('5');
            assertThat(r.units()).containsExactly(Control.REFUSED);
            assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);

            CapturedRequest req = server.takeRequest(WAIT);
            assertThat(req.isValid()).isTrue();
            assertThat(req.action()).isEqualTo(Action.MONITOR);
            assertThat(req.sessionId()).isEqualTo("no-such-session");
            assertThat(req.rawText()).isEqualTo("[flag]=0&[sessionid]=no-such-session");
            assertThat(req.opsType()).isEqualTo("SSH");
            assertThat(req.transport()).isEqualTo(CAddress.Transport.TCP);
            assertThat(req.localPort()).isEqualTo(server.port());
            assertThat(req.remoteAddress()).isEqualTo(c.socket.getLocalSocketAddress());
            assertThat(req.receivedAt()).isNotNull();
            assertThat(req.error()).isNull();
        }
    }

    @Test
    void capturesTheOpsTypeOfThePortThatReceivedTheRequest() throws Exception {
        try (FakeCServer server = FakeCServer.builder().ops("SSH", "RDP").start()) {
            server.session("s-1").then(Ending.END);
            try (CClient c = CClient.connect(server.host(), server.port("RDP"))) {
                c.send("[flag]=0&[sessionid]=s-1");
                assertThat(c.readAll(WAIT).units()).containsExactly(Control.END);
            }
            CapturedRequest r = server.takeRequest(WAIT);
            assertThat(r.opsType()).isEqualTo("RDP");
            assertThat(r.localPort()).isEqualTo(server.port("RDP"));
            assertThat(server.requests()).containsExactly(r);
            assertThat(server.requestCount()).isEqualTo(1);
            assertThat(server.pollRequest(Duration.ofMillis(50))).as("taken already").isNull();
        }
    }

    @Test
    void takeRequestFailsWithTheServersStateWhenNothingArrives() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> server.takeRequest(Duration.ofMillis(150)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no request arrived within 150 ms")
                    .hasMessageContaining("FakeCServer[")
                    .hasMessageContaining("SSH=" + server.port());
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(140).toNanos());
            assertThatThrownBy(() -> server.awaitRequests(1, Duration.ofMillis(50)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("at least 1 request");
            assertThatThrownBy(() -> server.awaitConnections(1, Duration.ofMillis(50)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("at least 1 connection");
        }
    }

    @Test
    void tracksOpenConnectionsSoTestsCanSeeTheClientClose() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").sends(TerminalData.ofText(1L, "hi"));   // no ending: stays live
            CClient c = CClient.monitor(server, "s-1");
            assertThat(c.readUnits(1, WAIT).units()).hasSize(1);
            server.awaitActiveConnections(1, WAIT);
            assertThat(server.activeConnections()).isEqualTo(1);
            assertThat(server.liveMonitors("s-1")).isEqualTo(1);
            CapturedConnection open = server.connections().get(0);
            assertThat(open.isOpen()).isTrue();
            assertThat(open.state()).contains("live");
            assertThat(open.request().sessionId()).isEqualTo("s-1");
            assertThat(open.bytesSent()).isEqualTo(TerminalData.ofText(1L, "hi").encodedLength());

            c.close();
            server.awaitActiveConnections(0, WAIT);
            CapturedConnection closed = server.connections().get(0);
            assertThat(closed.isOpen()).isFalse();
            assertThat(closed.closedAt()).isNotNull();
            assertThat(closed.state()).isEqualTo("closed: the client closed the connection");
            assertThat(server.liveMonitors("s-1")).isZero();
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(server.awaitConnections(1, WAIT)).hasSize(1);
        }
    }

    @Test
    void toStringShowsPortsOpenConnectionsAndRequests() throws Exception {
        try (FakeCServer server = FakeCServer.builder().name("fcs-tostring").ops("SSH", "RDP").start()) {
            server.session("s-7").sends(TerminalData.ofText(1L, "x"));
            try (CClient c = CClient.monitor(server, "s-7")) {
                c.readUnits(1, WAIT);
                String s = server.toString();
                assertThat(s).contains("fcs-tostring", "127.0.0.1", "SSH=" + server.port("SSH"), "RDP=" + server.port("RDP"),
                        "1 open TCP connection", "live sessions {s-7=1}", "monitor s-7", "session live",
                        "[flag]=0&[sessionid]=s-7");
            }
        }
    }

    @Test
    void closeReleasesEverySocketAndThread() throws Exception {
        Set<Thread> before = liveThreadsOfMyGroup();
        FakeCServer server = FakeCServer.builder().ops("SSH", "RDP").udp(true).start();
        Set<Thread> during = new HashSet<>(liveThreadsOfMyGroup());
        during.removeAll(before);
        assertThat(during).as("threads the server started").hasSize(1);

        server.session("s-1").sends(TerminalData.ofText(1L, "a"));
        CClient live = CClient.monitor(server, "s-1");
        live.readUnits(1, WAIT);
        int port = server.port("SSH");
        int udpPort = server.udpPort("RDP");

        server.close();
        assertThat(server.isClosed()).isTrue();
        assertThat(live.readAll(WAIT).ending()).as("the open connection is closed").isEqualTo(CClient.Ending.EOF);
        live.close();
        Set<Thread> after = new HashSet<>(liveThreadsOfMyGroup());
        after.removeAll(before);
        assertThat(after).as("threads left after close()").isEmpty();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        new DatagramSocket(new InetSocketAddress("127.0.0.1", udpPort)).close();   // the UDP port is free again
        assertThat(server.connections().get(0).state()).isEqualTo("closed: the server closed");
        assertThat(server.toString()).contains("CLOSED");
        server.close();   // idempotent
    }

    @Test
    void sessionIdsAreValidatedWhenProgrammed() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            assertThatThrownBy(() -> server.session("a&[flag]=1")).isInstanceOf(InvalidSessionIdException.class);
            assertThat(server.session("s-1")).isSameAs(server.session("s-1"));
            assertThat(server.session("s-1").sessionId()).isEqualTo("s-1");
        }
    }

    @Test
    void forgottenSessionsFallBackToTheUnknownSessionScript() throws Exception {
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("s-1").then(Ending.END);
            server.forgetSession("s-1");
            server.unknownSessions().clear().sendsText(5L, "anyone").then(Ending.END);
            try (CClient c = CClient.monitor(server, "s-1")) {
                assertThat(c.readAll(WAIT).units()).containsExactly(TerminalData.ofText(5L, "anyone"), Control.END);
            }
        }
    }

    @Test
    void bridgeConfigPointsAtTheServer() throws Exception {
        try (FakeCServer server = FakeCServer.builder().ops("SSH", "RDP").udp(true).start()) {
            BridgeConfig tcp = server.bridgeConfig().build();
            assertThat(tcp.address("SSH")).isEqualTo(new CAddress("127.0.0.1", server.port("SSH"), CAddress.Transport.TCP));
            assertThat(tcp.address("RDP")).isEqualTo(new CAddress("127.0.0.1", server.port("RDP"), CAddress.Transport.TCP));
            BridgeConfig udp = server.bridgeConfig(CAddress.Transport.UDP).build();
            assertThat(udp.address("RDP")).isEqualTo(new CAddress("127.0.0.1", server.udpPort("RDP"), CAddress.Transport.UDP));
        }
    }
}
