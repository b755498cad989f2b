package io.github.sessionbridge.testkit;

import static io.github.sessionbridge.testkit.FakeCServerTest.WAIT;
import static io.github.sessionbridge.testkit.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UDP variant (protocol §3): a request datagram, answered with datagrams of whole units. */
class FakeCServerUdpTest {

    /** A UDP client: sends one request datagram, collects the answers. */
    static final class UdpClient implements AutoCloseable {
        final DatagramSocket socket;
        final List<byte[]> datagrams = new ArrayList<>();
        final List<Unit> units = new ArrayList<>();
        InetSocketAddress lastSender;

        UdpClient() throws Exception {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        }

        UdpClient request(FakeCServer server, String opsType, byte[] request) throws Exception {
            socket.send(new DatagramPacket(request, request.length, server.udpAddress(opsType)));
            return this;
        }

        /** Receives until a control unit, or {@code quiet} without a datagram. */
        UdpClient receive(Duration quiet) throws Exception {
            socket.setSoTimeout((int) quiet.toMillis());
            byte[] buf = new byte[65_536];
            while (units.isEmpty() || !(units.get(units.size() - 1) instanceof Control)) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                lastSender = (InetSocketAddress) p.getSocketAddress();
                byte[] d = Arrays.copyOf(p.getData(), p.getLength());
                datagrams.add(d);
                new StreamDecoder().feedDatagram(ByteBuffer.wrap(d), units::add);
            }
            return this;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Test
    void answersAMonitorRequestWithDatagramsOfWholeUnits() throws Exception {
        try (FakeCServer server = FakeCServer.builder().ops("SSH", "RDP").udp(true).start();
             UdpClient c = new UdpClient()) {
            server.session("s-1").sendsAll(Samples.units()).then(Ending.END);
            c.request(server, "RDP", RequestLine.monitor("s-1").encode()).receive(WAIT);
            assertThat(c.units).containsExactlyElementsOf(Samples.unitsThenEnd());
            assertThat(c.datagrams).as("all units packed into one datagram").hasSize(1);
            assertThat(c.lastSender).isEqualTo(server.udpAddress("RDP"));
            CapturedRequest r = server.takeRequest(WAIT);
            assertThat(r.transport()).isEqualTo(CAddress.Transport.UDP);
            assertThat(r.opsType()).isEqualTo("RDP");
            assertThat(r.localPort()).isEqualTo(server.udpPort("RDP"));
            assertThat(r.remoteAddress()).isEqualTo(c.socket.getLocalSocketAddress());
            assertThat(r.sessionId()).isEqualTo("s-1");
        }
    }

    @Test
    void aSplittingModeSendsOneUnitPerDatagram() throws Exception {
        try (FakeCServer server = FakeCServer.builder().udp(true).split(Split.byteByByte()).start();
             UdpClient c = new UdpClient()) {
            server.session("s-1").sendsAll(Samples.units()).then(Ending.END);
            c.request(server, "SSH", RequestLine.monitor("s-1").encode()).receive(WAIT);
            assertThat(c.units).containsExactlyElementsOf(Samples.unitsThenEnd());
            assertThat(c.datagrams).hasSize(Samples.unitsThenEnd().size());
        }
    }

    @Test
    void unitsThatDoNotFitTogetherGoInSeparateDatagrams() throws Exception {
        TerminalData big1 = new TerminalData(T0, new byte[40_000]);
        TerminalData big2 = new TerminalData(T0 + 1, new byte[40_000]);
        TerminalData tooBig = new TerminalData(T0 + 2, new byte[70_000]);
        try (FakeCServer server = FakeCServer.builder().udp(true).start(); UdpClient c = new UdpClient()) {
            server.session("s-1").sends(big1, big2, tooBig).sendsText(T0 + 3, "after").then(Ending.END);
            c.request(server, "SSH", RequestLine.monitor("s-1").encode()).receive(WAIT);
            assertThat(c.units).containsExactly(big1, big2, TerminalData.ofText(T0 + 3, "after"), Control.END);
            assertThat(c.datagrams).hasSize(2);
            assertThat(c.datagrams).allMatch(d -> d.length <= 65_507);
        }
    }

    @Test
    void unknownSessionsAreRefusedAndKicksFanOut() throws Exception {
        try (FakeCServer server = FakeCServer.builder().udp(true).start();
             UdpClient unknown = new UdpClient(); UdpClient monitor = new UdpClient(); UdpClient kicker = new UdpClient()) {
            unknown.request(server, "SSH", RequestLine.monitor("nope").encode()).receive(WAIT);
            assertThat(unknown.units).containsExactly(Control.REFUSED);

            server.session("s-1").sendsText(T0, "live");
            monitor.request(server, "SSH", RequestLine.monitor("s-1").encode());
            monitor.socket.setSoTimeout(5000);
            DatagramPacket first = new DatagramPacket(new byte[1024], 1024);
            monitor.socket.receive(first);
            assertThat(server.liveMonitors("s-1")).isEqualTo(1);
            kicker.request(server, "SSH", RequestLine.kick("s-1").encode()).receive(WAIT);
            assertThat(kicker.units).containsExactly(Control.END);
            monitor.receive(WAIT);
            assertThat(monitor.units).containsExactly(Control.END);
            assertThat(server.liveMonitors("s-1")).isZero();
        }
    }

    @Test
    void aDatagramEndingInsideAUnitIsAProtocolError() throws Exception {
        try (FakeCServer server = FakeCServer.builder().udp(true).start(); UdpClient c = new UdpClient()) {
            server.session("s-1").sendsText(T0, "ok").then(Ending.CLOSE_MID_BODY);
            c.request(server, "SSH", RequestLine.monitor("s-1").encode());
            assertThatThrownBy(() -> c.receive(WAIT))
                    .isInstanceOf(ProtocolException.class)
                    .extracting(e -> ((ProtocolException) e).kind()).isEqualTo(ProtocolException.Kind.INCOMPLETE_DATAGRAM);
            assertThat(c.units).containsExactly(TerminalData.ofText(T0, "ok"));
        }
    }

    @Test
    void aMalformedRequestDatagramIsCapturedAndNotAnswered() throws Exception {
        try (FakeCServer server = FakeCServer.builder().udp(true).start(); UdpClient c = new UdpClient()) {
            c.request(server, "SSH", "[flag]=0&[sessionid]=".getBytes()).receive(Duration.ofMillis(200));
            assertThat(c.datagrams).isEmpty();
            CapturedRequest r = server.takeRequest(WAIT);
            assertThat(r.isValid()).isFalse();
            assertThat(r.rawText()).isEqualTo("[flag]=0&[sessionid]=");
            assertThat(r.transport()).isEqualTo(CAddress.Transport.UDP);
        }
    }

    @Test
    void streamsARecordingInWholeUnitDatagrams(@TempDir Path dir) throws Exception {
        Path rec = Samples.record(dir.resolve("u.rec"), Samples.unitsThenEnd());
        byte[] file = Files.readAllBytes(rec);
        try (FakeCServer server = FakeCServer.builder().udp(true).split(Split.every(5)).start();
             UdpClient c = new UdpClient()) {
            server.session("s-1").streams(rec);
            c.request(server, "SSH", RequestLine.monitor("s-1").encode()).receive(WAIT);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] d : c.datagrams) {
                all.write(d);
            }
            assertThat(all.toByteArray()).isEqualTo(Arrays.copyOfRange(file, 8, file.length));
            assertThat(c.datagrams).hasSize(Samples.unitsThenEnd().size());
            assertThat(c.units).containsExactlyElementsOf(Samples.unitsThenEnd());
        }
    }
}
