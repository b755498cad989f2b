package io.github.sessionbridge.testkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeListener;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InvalidSessionIdException;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import io.github.sessionbridge.testkit.CapturedConnection;
import io.github.sessionbridge.testkit.CapturedRequest;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import io.github.sessionbridge.testkit.Split;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input, end to end: session id and request injection, impossible record lengths, datagrams
 * from foreign addresses, a peer trickling a byte at a time, control-byte look-alikes inside units,
 * and a connection handler that fails. Each gets a clear error or is ignored, and a neighbour
 * session on the same bridge (and I/O thread) is not affected. Nothing leaks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Caller EVE = Caller.of("eve", "ws-eve");
    static final Caller BOB = Caller.of("bob", "ws-bob");
    static final Figures FIGURES = new Figures("hostile-input");

    Leaks.Snapshot before;

    @BeforeAll
    static void warmUp() throws Exception {
        Leaks.warmUpJdk();
        try (FakeCServer fake = FakeCServer.builder().udp(true).start();
             SessionBridge tcp = SessionBridge.create(fake.bridgeConfig().build());
             SessionBridge udp = SessionBridge.create(fake.bridgeConfig(CAddress.Transport.UDP).build())) {
            fake.session("w-1").sendsAll(Seq.records("w-1", 0, 3, 32)).then(Ending.END);
            RecordingClientSink a = new RecordingClientSink();
            RecordingClientSink b = new RecordingClientSink();
            tcp.monitor(BOB, "SSH", "w-1", a);
            udp.monitor(BOB, "SSH", "w-1", b);
            a.awaitNotice(WAIT);
            b.awaitNotice(WAIT);
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.bind(new InetSocketAddress("127.0.0.1", 0));
            }
        }
    }

    @BeforeEach
    void snapshot() {
        before = Leaks.snapshot();
    }

    @AfterEach
    void nothingLeaked() {
        Leaks.assertNoneLeaked(before, WAIT, "the test");
    }

    @AfterAll
    static void report() {
        FIGURES.put("leaks found", 0);
        FIGURES.write();
    }

    /** A neighbour session streaming on the same bridge: it must get every record, in order, and END. */
    static final class Neighbour {
        final String sid;
        final List<SessionRecord> records;
        final RecordingClientSink sink = new RecordingClientSink();

        Neighbour(FakeCServer fake, String sid, int count, int size) {
            this.sid = sid;
            this.records = Seq.records(sid, 0, count, size);
            fake.session(sid).sendsAll(records);
        }

        Bridge open(SessionBridge sb) {
            return sb.monitor(BOB, "SSH", sid, sink);
        }

        void assertUnaffected(FakeCServer fake) {
            sink.awaitRecords(records.size(), WAIT);
            fake.endSession(sid);
            sink.awaitNotice(WAIT);
            assertThat(sink.notices()).containsExactly(Notice.of(EndReason.END, "会话已结束！"));
            assertThat(sink.records()).isEqualTo(records);
            assertThat(sink.violations()).isEmpty();
            FIGURES.add("neighbour records checked", records.size());
        }
    }

    @Test
    void session_id_and_request_injection_is_refused_before_any_connection_and_affects_no_one() throws Exception {
        List<String> hostile = List.of("", "a".repeat(129), "s-1&[flag]=1", "s-1&[sessionid]=s-2", "[flag]=1", "s-1=",
                "s 1", "s-1\r\n", "s-1\n[flag]=1", "s-1\u0000", "s-1%26", "s/1", "../../etc/passwd", "会话", "s-1\uD83D\uDE00",
                "s-1\t", "s-1;", "s-1'", "s-1\"", "s-1]");
        try (FakeCServer fake = FakeCServer.builder().start();
             SessionBridge sb = SessionBridge.create(fake.bridgeConfig().build())) {
            Neighbour n = new Neighbour(fake, "n-1", 200, 100);
            n.open(sb);
            n.sink.awaitRecords(1, WAIT);
            int connections = fake.connectionCount();
            for (String sid : hostile) {
                RecordingClientSink sink = new RecordingClientSink();
                assertThatThrownBy(() -> sb.monitor(EVE, "SSH", sid, sink)).as("monitor %s", sid)
                        .isInstanceOf(InvalidSessionIdException.class).hasMessageStartingWith("invalid session id: ");
                assertThatThrownBy(() -> sb.kick(EVE, "SSH", sid)).as("kick %s", sid)
                        .isInstanceOf(InvalidSessionIdException.class).hasMessageStartingWith("invalid session id: ");
                assertThat(sink.records()).isEmpty();
                assertThat(sink.notices()).isEmpty();
                FIGURES.add("injected session ids refused", 2);
            }
            for (String ops : List.of("SSH&[flag]=1", "", "ssh", "SSH ")) {
                assertThatThrownBy(() -> sb.monitor(EVE, ops, "s-1", new RecordingClientSink()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configured: SSH");
                FIGURES.add("unknown operations types refused", 1);
            }
            // nothing reached the C server; the only bridge is the neighbour's
            assertThat(fake.connectionCount()).isEqualTo(connections);
            assertThat(sb.bridges()).hasSize(1);
            assertThat(sb.stats().opened()).isEqualTo(1);

            // the longest valid id, of every allowed character, goes out byte for byte and nothing else
            String longest = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-").repeat(2).substring(0, 128);
            fake.session(longest).sendsText(Seq.T0, "ok").then(Ending.END);
            RecordingClientSink ok = new RecordingClientSink();
            sb.monitor(EVE, "SSH", longest, ok);
            ok.awaitNotice(WAIT);
            assertThat(ok.text()).isEqualTo("ok");
            CapturedRequest r = fake.requests().stream().filter(q -> longest.equals(q.sessionId())).findFirst().orElseThrow();
            assertThat(r.rawText()).isEqualTo("[flag]=0&[sessionid]=" + longest);
            assertThat(r.rawBytes()).isEqualTo(RequestLine.monitor(longest).encode());

            n.assertUnaffected(fake);
        }
    }

    /** A type byte and a 4-byte length field, then some would-be body. */
    static byte[] header(int type, long length, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(5 + bodyBytes);
        b.put((byte) type).putInt((int) length);
        return b.array();
    }

    @Test
    void impossible_lengths_are_protocol_errors_from_the_header_alone_and_affect_no_one() throws Exception {
        record Claim(char type, long length, ProtocolException.Kind kind) {
        }
        long max = StreamDecoder.DEFAULT_MAX_RECORD_SIZE;
        List<Claim> claims = List.of(
                new Claim('d', 0xFFFF_FFFFL, ProtocolException.Kind.LENGTH_TOO_LARGE),   // 4 GiB - 1
                new Claim('d', 0x8000_0000L, ProtocolException.Kind.LENGTH_TOO_LARGE),   // negative as a Java int
                new Claim('d', 0x7FFF_FFFFL, ProtocolException.Kind.LENGTH_TOO_LARGE),
                new Claim('d', max + 1, ProtocolException.Kind.LENGTH_TOO_LARGE),
                new Claim('v', 0xFFFF_FFFFL, ProtocolException.Kind.LENGTH_TOO_LARGE),
                new Claim('i', 0x8000_0000L, ProtocolException.Kind.LENGTH_TOO_LARGE),
                new Claim('d', 7, ProtocolException.Kind.LENGTH_TOO_SMALL),
                new Claim('d', 0, ProtocolException.Kind.LENGTH_TOO_SMALL),
                new Claim('v', 15, ProtocolException.Kind.LENGTH_TOO_SMALL),
                new Claim('i', 0, ProtocolException.Kind.LENGTH_TOO_SMALL));
        List<ProtocolException> seen = new CopyOnWriteArrayList<>();
        BridgeListener listener = new BridgeListener() {
            @Override
            public void protocolError(Caller caller, String opsType, String sessionId, ProtocolException error) {
                seen.add(error);
            }
        };
        try (FakeCServer fake = FakeCServer.builder().start();
             SessionBridge sb = SessionBridge.create(fake.bridgeConfig().listener(listener).build())) {
            Neighbour n = new Neighbour(fake, "n-1", 500, 200);
            n.open(sb);
            List<RecordingClientSink> sinks = new ArrayList<>();
            List<Bridge> bridges = new ArrayList<>();
            for (int i = 0; i < claims.size(); i++) {
                Claim c = claims.get(i);
                String sid = "len-" + i;
                // a good record, then the impossible header and a little would-be body; then the C server
                // stalls, so only the bridge closing the connection ends it. Half of them byte by byte.
                var script = fake.session(sid).sends(Seq.record(sid, 0, 16)).sendsBytes(header(c.type(), c.length(), 64));
                if (i % 2 == 1) {
                    script.split(Split.byteByByte());
                }
                script.then(Ending.STALL);
                RecordingClientSink s = new RecordingClientSink();
                sinks.add(s);
                bridges.add(sb.monitor(EVE, "SSH", sid, s));
            }
            for (int i = 0; i < claims.size(); i++) {
                RecordingClientSink s = sinks.get(i);
                s.awaitNotice(WAIT);
                assertThat(s.notices()).as("%s", claims.get(i)).containsExactly(Notice.of(EndReason.PROTOCOL_ERROR, "会话已结束！"));
                assertThat(s.records()).as("%s", claims.get(i)).containsExactly(Seq.record("len-" + i, 0, 16));
                assertThat(bridges.get(i).ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.PROTOCOL_ERROR);
            }
            n.assertUnaffected(fake);
            fake.awaitActiveConnections(0, WAIT);
            assertThat(sb.stats().protocolErrors()).isEqualTo(claims.size());
            assertThat(seen).hasSize(claims.size());
            for (Claim c : claims) {
                assertThat(seen).as("%s", c).anyMatch(e -> e.kind() == c.kind() && e.getMessage().contains(" is " + c.length() + ","));
            }
            FIGURES.add("impossible lengths refused", claims.size());
        }
    }

    @Test
    void a_4_GiB_claim_trickled_byte_by_byte_is_refused_on_its_fifth_byte_not_after_its_body() throws Exception {
        try (FakeCServer fake = FakeCServer.builder().start();
             SessionBridge sb = SessionBridge.create(fake.bridgeConfig().build())) {
            // 5 header bytes, then 4,096 body bytes, one every 3 ms: waiting for the body would take 12 s
            fake.session("t-4g").split(Split.byteByByte().pausing(Duration.ofMillis(3)))
                    .sendsBytes(header('d', 0xFFFF_FFFFL, 4096)).then(Ending.STALL);
            RecordingClientSink s = new RecordingClientSink();
            sb.monitor(EVE, "SSH", "t-4g", s);
            s.awaitNotice(WAIT);
            assertThat(s.notices()).containsExactly(Notice.of(EndReason.PROTOCOL_ERROR, "会话已结束！"));
            fake.awaitActiveConnections(0, WAIT);
            long sent = fake.connections().get(0).bytesSent();
            // generous: a bridge that waited for even half the claimed body would show thousands here
            assertThat(sent).as("bytes the C server got out before the bridge hung up").isLessThan(2000);
            FIGURES.put("4 GiB claim trickled: bytes sent before the bridge hung up", sent);
        }
    }

    @Test
    void control_byte_look_alikes_inside_units_are_content_however_split() throws Exception {
        // a length of 0x33 ('3'), a timestamp of '5' bytes, content of '3' and '5': only the '5' at the
        // unit boundary is a control byte
        byte[] content = "35".repeat(22).substring(0, 0x33 - 8).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        TerminalData tricky = new TerminalData(0x3535_3535_3535_3535L, content);
        assertThat(tricky.bodyLength()).isEqualTo(0x33);
        for (Split split : List.of(Split.none(), Split.byteByByte(), Split.random(7, 3))) {
            try (FakeCServer fake = FakeCServer.builder().split(split).start();
                 SessionBridge sb = SessionBridge.create(fake.bridgeConfig().build())) {
                fake.session("c-1").sends(tricky, tricky, Seq.record("c-1", 0, 3)).then(Ending.REFUSE);
                RecordingClientSink s = new RecordingClientSink();
                sb.monitor(EVE, "SSH", "c-1", s);
                s.awaitNotice(WAIT);
                assertThat(s.notices()).as("%s", split).containsExactly(Notice.of(EndReason.REFUSED, "会话已结束！"));
                assertThat(s.records()).as("%s", split).containsExactly(tricky, tricky, Seq.record("c-1", 0, 3));
                FIGURES.add("control-byte look-alike streams checked", 1);
            }
        }
    }

    @Test
    void udp_datagrams_from_foreign_addresses_are_ignored() throws Exception {
        try (FakeCServer fake = FakeCServer.builder().udp(true).start();
             SessionBridge sb = SessionBridge.create(fake.bridgeConfig(CAddress.Transport.UDP).build())) {
            List<SessionRecord> first = Seq.records("u-1", 0, 5, 40);
            List<SessionRecord> rest = Seq.records("u-1", 5, 10, 40);
            fake.session("u-1").sendsAll(first).waits(Duration.ofMillis(800)).sendsAll(rest).then(Ending.END);
            RecordingClientSink s = new RecordingClientSink();
            sb.monitor(BOB, "SSH", "u-1", s);
            s.awaitRecords(first.size(), WAIT);
            InetSocketAddress bridgeAddress = fake.connections().stream()
                    .filter(c -> c.transport() == CAddress.Transport.UDP).map(CapturedConnection::remoteAddress)
                    .findFirst().orElseThrow();

            // what an intruder would love the client to see: a record "of" the session, an END, garbage,
            // a REFUSED, a cut unit
            byte[][] evil = {
                UnitEncoder.encode(Seq.record("u-1", 5, 40)),
                {'3'},
                {'Z', 1, 2, 3},
                {'5'},
                Arrays.copyOf(UnitEncoder.encode(Seq.record("u-1", 99, 40)), 9)};
            int sent = 0;
            List<InetSocketAddress> intruders = new ArrayList<>(List.of(new InetSocketAddress("127.0.0.1", 0)));
            // the nastiest: the C server's own port on another loopback address
            intruders.add(new InetSocketAddress("127.0.0.2", fake.udpPort()));
            for (InetSocketAddress from : intruders) {
                try (DatagramChannel ch = DatagramChannel.open()) {
                    try {
                        ch.bind(from);
                    } catch (BindException e) {
                        continue;   // no 127.0.0.2 here: the first intruder still counts
                    }
                    for (byte[] d : evil) {
                        ch.send(ByteBuffer.wrap(d), bridgeAddress);
                        sent++;
                    }
                }
            }
            assertThat(sent).isGreaterThanOrEqualTo(evil.length);
            s.awaitNotice(WAIT);
            List<SessionRecord> all = new ArrayList<>(first);
            all.addAll(rest);
            assertThat(s.notices()).containsExactly(Notice.of(EndReason.END, "会话已结束！"));
            assertThat(s.records()).isEqualTo(all);
            assertThat(sb.stats().protocolErrors()).isZero();
            FIGURES.add("foreign datagrams ignored", sent);
        }
    }

    @Test
    void a_peer_trickling_one_byte_every_few_ms_is_served_exactly_and_slows_no_one() throws Exception {
        try (FakeCServer fake = FakeCServer.builder().start();
             SessionBridge sb = SessionBridge.create(fake.bridgeConfig().ioThreads(1).build())) {
            List<SessionRecord> trickled = Seq.records("t-1", 0, 8, 100);
            fake.session("t-1").split(Split.byteByByte().pausing(Duration.ofMillis(3))).sendsAll(trickled).then(Ending.END);
            List<Neighbour> neighbours = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                neighbours.add(new Neighbour(fake, "n-" + i, 200, 128));
            }
            RecordingClientSink t = new RecordingClientSink();
            Bridge trickle = sb.monitor(EVE, "SSH", "t-1", t);
            t.awaitRecords(1, WAIT);
            neighbours.forEach(n -> n.open(sb));
            for (Neighbour n : neighbours) {
                n.sink.awaitRecords(n.records.size(), WAIT);
            }
            // every neighbour got everything while the trickle (about 900 bytes, 3 ms apart) goes on
            assertThat(trickle.isOpen()).as("the trickling session is still going; %s", t).isTrue();
            for (Neighbour n : neighbours) {
                n.assertUnaffected(fake);
            }
            t.awaitNotice(WAIT);
            assertThat(t.notices()).containsExactly(Notice.of(EndReason.END, "会话已结束！"));
            assertThat(t.records()).isEqualTo(trickled);
            FIGURES.put("trickled bytes (one per write, 3 ms apart)", trickled.stream().mapToInt(SessionRecord::encodedLength).sum() + 1);
        }
    }

    @Test
    void a_connection_handler_that_throws_gets_one_final_event_and_its_connection_closes() throws Exception {
        // the transport SPI: a handler failing in onData (a bug, or running out of memory on a large
        // record) must not leave its owner waiting forever on a connection the transport closed
        try (FakeCServer fake = FakeCServer.builder().start(); CEndpoint endpoint = CEndpoint.nio(1)) {
            fake.session("h-1").sendsAll(Seq.records("h-1", 0, 3, 32)).then(Ending.STALL);
            List<String> events = new CopyOnWriteArrayList<>();
            CConnection.Handler handler = new CConnection.Handler() {
                @Override
                public void onConnected(CConnection connection) {
                    events.add("connected");
                    connection.write(ByteBuffer.wrap(RequestLine.monitor("h-1").encode()));
                }

                @Override
                public void onData(ByteBuffer data) {
                    events.add("data");
                    throw new IllegalStateException("a handler bug");
                }

                @Override
                public void onEndOfStream() {
                    events.add("end of stream");
                }

                @Override
                public void onConnectFailed(Exception cause) {
                    events.add("connect failed");
                }

                @Override
                public void onError(Exception cause) {
                    events.add("error: " + cause.getCause());
                }
            };
            endpoint.connect(new CAddress("127.0.0.1", fake.port(), CAddress.Transport.TCP), Duration.ofSeconds(5), handler);
            Leaks.awaitOrFail(() -> events.size() >= 3, WAIT, events::toString);
            fake.awaitActiveConnections(0, WAIT);
            Thread.sleep(200);
            assertThat(events).containsExactly("connected", "data", "error: java.lang.IllegalStateException: a handler bug");
        }
    }
}
