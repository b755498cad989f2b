package io.github.sessionbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every server must give a browser through its adapter: the browser protocol over a real WebSocket, a
 * real {@link SessionBridge} and a {@link FakeCServer}. A subclass starts one server with the adapter at
 * {@code /bridge} on 127.0.0.1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class WebContract {
    static final String PATH = "/bridge";
    static final int RECORDS = 2000;

    protected FakeCServer fake;
    protected SessionBridge sessions;
    protected BrowserBridge web;
    private final List<WebClient> clients = new ArrayList<>();
    private boolean serving;
    @TempDir
    Path dir;

    /** Starts the server with the adapter for {@code web} at {@link #PATH}; returns its port. */
    protected abstract int startServer(BrowserBridge web) throws Exception;

    /** Stops the server, closing the connections it carries. */
    protected abstract void stopServer() throws Exception;

    /** What the limits are in these tests; a subclass may not change them. */
    static WebLimits limits() {
        return new WebLimits(4, 1024, 50, 40, 64 * 1024, Duration.ofMillis(200));
    }

    @BeforeEach
    void setUp() throws Exception {
        fake = FakeCServer.builder().ops("SSH", "RDP").start();
        sessions = SessionBridge.create(fake.bridgeConfig().build());
        web = BrowserBridge.builder(sessions)
                .callers(h -> Caller.of("auditor", h.connectionId()))
                .recordings(RecordingCatalog.directory(dir))
                .limits(limits())
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(WebClient::close);
        sessions.close();
        web.close();
        if (serving) {
            stopServer();
        }
        fake.close();
    }

    private int port;

    private int port() throws Exception {
        if (!serving) {
            port = startServer(web);
            serving = true;
        }
        return port;
    }

    WebClient client() throws Exception {
        WebClient c = WebClient.ready(port(), PATH);
        clients.add(c);
        return c;
    }

    WebClient raw(String origin) throws Exception {
        WebClient c = WebClient.connect(port(), PATH, origin);
        clients.add(c);
        return c;
    }

    /** Records of many sizes (16 B to 8 KiB), each numbered in its content. */
    static List<TerminalData> records(int n, long start, long step) {
        List<TerminalData> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] content = new byte[16 + (i * 997) % 8192];
            Arrays.fill(content, (byte) ('a' + i % 26));
            byte[] number = String.format("record %08d ", i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(number, 0, content, 0, Math.min(number.length, content.length));
            out.add(new TerminalData(start + i * step, content));
        }
        return out;
    }

    static void assertRecords(List<byte[]> got, List<TerminalData> sent) {
        assertThat(got).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(got.get(i)).as("record %d", i).isEqualTo(UnitEncoder.encode(sent.get(i)));
        }
    }

    /** A recording file of {@code n} records 100 ms apart. */
    Path recording(String name, int n) throws Exception {
        Path file = dir.resolve(name);
        try (RecordingWriter w = RecordingWriter.create(file)) {
            for (TerminalData d : records(n, 1_700_000_000_000L, 100)) {
                w.write(d);
            }
        }
        return file;
    }

    // ---- watch, kick, replay ----

    @Test
    void hello_names_the_principal_the_version_and_the_limits() throws Exception {
        WebClient c = client();
        JsonNode hello = c.awaitType("hello");
        assertThat(hello.path("version").asInt()).isEqualTo(1);
        assertThat(hello.path("principal").asText()).isEqualTo("auditor");
        assertThat(hello.path("limits").path("maxViews").asInt()).isEqualTo(4);
        assertThat(hello.path("limits").path("maxRequestBytes").asInt()).isEqualTo(1024);
    }

    @Test
    void watch_delivers_every_record_in_order_then_exactly_one_notice() throws Exception {
        List<TerminalData> records = records(RECORDS, 1_700_000_000_000L, 1);
        fake.session("s-1").sendsAll(records).then(Ending.END);
        WebClient c = client();
        c.send("{\"op\":\"watch\",\"view\":7,\"ops\":\"SSH\",\"session\":\"s-1\"}");
        JsonNode notice = c.awaitType("notice", 7);
        assertThat(notice.toString()).isEqualTo("{\"type\":\"notice\",\"view\":7,\"code\":3,\"reason\":\"END\",\"text\":\"会话已结束！\"}");
        assertRecords(c.records(7), records);
        List<Object> events = c.events();
        assertThat(events.get(1)).isInstanceOf(JsonNode.class);   // hello, then opened, then the records
        assertThat(((JsonNode) events.get(1)).path("type").asText()).isEqualTo("opened");
        assertThat(events.get(events.size() - 1)).isEqualTo(notice);
        Thread.sleep(200);
        assertThat(c.messages("notice")).hasSize(1);
        assertThat(sessions.stats().endedByReason().get(EndReason.END)).isEqualTo(1);
    }

    @Test
    void two_views_at_once_each_get_their_own_records_and_notice() throws Exception {
        List<TerminalData> a = records(300, 1_700_000_000_000L, 1);
        List<TerminalData> b = records(200, 1_700_000_100_000L, 1);
        fake.session("s-a").sendsAll(a).then(Ending.END);
        fake.session("s-b").sendsAll(b).then(Ending.CLOSE);
        WebClient c = client();
        c.send("{\"op\":\"watch\",\"view\":1,\"ops\":\"SSH\",\"session\":\"s-a\"}");
        c.send("{\"op\":\"watch\",\"view\":2,\"ops\":\"RDP\",\"session\":\"s-b\"}");
        assertThat(c.awaitType("notice", 1).path("reason").asText()).isEqualTo("END");
        JsonNode n2 = c.awaitType("notice", 2);
        assertThat(n2.path("code").asInt()).isEqualTo(5);
        assertThat(n2.path("reason").asText()).isEqualTo("CLOSED");
        assertRecords(c.records(1), a);
        assertRecords(c.records(2), b);
    }

    @Test
    void closing_a_view_stops_its_records_and_sends_no_notice() throws Exception {
        fake.session("s-3").sendsAll(records(50, 1_700_000_000_000L, 1)).then(Ending.STALL);
        WebClient c = client();
        c.send("{\"op\":\"watch\",\"view\":3,\"ops\":\"SSH\",\"session\":\"s-3\"}");
        c.awaitRecords(3, 50);
        c.send("{\"op\":\"close\",\"view\":3}");
        c.awaitType("closed", 3);
        fake.awaitActiveConnections(0, WebClient.WAIT);
        Thread.sleep(200);
        assertThat(c.messages("notice")).isEmpty();
        List<Object> events = c.events();
        assertThat(((JsonNode) events.get(events.size() - 1)).path("type").asText()).isEqualTo("closed");
    }

    @Test
    void kick_with_a_reason_answers_with_the_outcome_and_ends_the_watch() throws Exception {
        fake.session("s-9").sendsText(1_700_000_000_000L, "x");
        WebClient c = client();
        c.send("{\"op\":\"watch\",\"view\":1,\"ops\":\"SSH\",\"session\":\"s-9\"}");
        c.awaitRecords(1, 1);
        int id = c.request("{\"op\":\"kick\",\"ops\":\"SSH\",\"session\":\"s-9\",\"reason\":\"ran rm -rf \\\" on prod\"}");
        JsonNode kicked = c.await(m -> m.path("type").asText().equals("kicked") && m.path("id").asInt() == id);
        assertThat(kicked.path("status").asText()).isEqualTo("KICKED");
        assertThat(kicked.path("reason").asText()).isEqualTo("END");
        assertThat(kicked.path("session").asText()).isEqualTo("s-9");
        assertThat(c.awaitType("notice", 1).path("reason").asText()).isEqualTo("END");
        int tooLong = c.request("{\"op\":\"kick\",\"ops\":\"SSH\",\"session\":\"s-9\",\"reason\":\"" + "r".repeat(300) + "\"}");
        assertThat(c.awaitError(tooLong).path("message").asText()).contains("reason").contains("256");
    }

    @Test
    void replay_plays_a_recording_with_every_control_and_clocks() throws Exception {
        recording("r1.rec", 100);   // 9.9 s
        WebClient c = client();
        c.send("{\"op\":\"replay\",\"view\":5,\"recording\":\"r1.rec\",\"paused\":true}");
        JsonNode opened = c.awaitType("opened", 5);
        assertThat(opened.path("kind").asText()).isEqualTo("replay");
        c.await(m -> isClock(m, 5) && m.path("durationMs").asLong() == 9900 && m.path("paused").asBoolean());
        c.send("{\"op\":\"seek\",\"view\":5,\"positionMs\":4000}");
        c.await(m -> isClock(m, 5) && m.path("positionMs").asLong() == 4000 && m.path("paused").asBoolean());
        c.send("{\"op\":\"skip\",\"view\":5,\"deltaMs\":-1000}");
        c.await(m -> isClock(m, 5) && m.path("positionMs").asLong() == 3000);
        c.send("{\"op\":\"speed\",\"view\":5,\"value\":16}");
        c.await(m -> isClock(m, 5) && m.path("speed").asDouble() == 16 && m.path("paused").asBoolean());
        int live = c.request("{\"op\":\"live\",\"view\":5}");
        assertThat(c.awaitError(live).path("code").asText()).isEqualTo("UNSUPPORTED");
        c.send("{\"op\":\"resume\",\"view\":5}");
        c.await(m -> isClock(m, 5) && !m.path("paused").asBoolean() && m.path("live").isBoolean()
                && !m.path("live").asBoolean());
        JsonNode notice = c.awaitType("notice", 5);
        assertThat(notice.path("reason").asText()).isEqualTo("END");
        // the screen at 3.0 s (a reset, then records 0..30 from the last keyframe), then on to the end
        List<byte[]> got = c.records(5);
        assertThat(got.size()).isGreaterThanOrEqualTo(70);
        assertThat(got.get(got.size() - 1)).isEqualTo(UnitEncoder.encode(records(100, 1_700_000_000_000L, 100).get(99)));
    }

    /** The first clock message after the first {@code skip} ones that matches {@code p}, waiting for it. */
    static JsonNode clockAfter(WebClient c, int skip, java.util.function.Predicate<JsonNode> p) throws InterruptedException {
        long end = System.nanoTime() + WebClient.WAIT.toNanos();
        while (System.nanoTime() < end) {
            List<JsonNode> clocks = c.messages("clock");
            for (int i = skip; i < clocks.size(); i++) {
                if (p.test(clocks.get(i))) {
                    return clocks.get(i);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such clock within " + WebClient.WAIT + "; got " + c.messages("clock"));
    }

    static boolean isClock(JsonNode m, int view) {
        return m.path("type").asText().equals("clock") && m.path("view").asInt() == view;
    }

    @Test
    void pausing_a_replay_stops_its_clock_and_its_records() throws Exception {
        recording("r2.rec", 100);
        WebClient c = client();
        c.send("{\"op\":\"replay\",\"view\":1,\"recording\":\"r2.rec\"}");
        c.awaitRecords(1, 3);
        c.send("{\"op\":\"pause\",\"view\":1}");
        c.await(m -> isClock(m, 1) && m.path("paused").asBoolean());
        Thread.sleep(300);
        int records = c.records(1).size();
        int clocks = c.messages("clock").size();
        Thread.sleep(700);   // 3.5 clock intervals
        assertThat(c.records(1)).hasSize(records);
        assertThat(c.messages("clock")).hasSize(clocks);
    }

    @Test
    void a_playing_replay_reports_its_clock_periodically() throws Exception {
        recording("r3.rec", 100);
        WebClient c = client();
        c.send("{\"op\":\"replay\",\"view\":1,\"recording\":\"r3.rec\"}");
        c.awaitType("opened", 1);
        Thread.sleep(1100);   // 200 ms clock interval
        List<Long> positions = c.messages("clock").stream().map(m -> m.path("positionMs").asLong()).toList();
        assertThat(positions.size()).isGreaterThanOrEqualTo(4);
        assertThat(positions).isSorted();
        assertThat(positions.get(positions.size() - 1)).isGreaterThan(500);
    }

    @Test
    void play_of_a_recording_the_c_server_dumps_seeks_and_ends_with_its_notice() throws Exception {
        Path file = recording("held.rec", 100);   // 9.9 s
        fake.session("h-1").streams(file).then(Ending.END);   // as fast as TCP takes it, then '3'
        WebClient c = client();
        c.send("{\"op\":\"play\",\"view\":4,\"ops\":\"SSH\",\"session\":\"h-1\",\"paused\":true}");
        JsonNode opened = c.awaitType("opened", 4);
        assertThat(opened.path("kind").asText()).isEqualTo("play");
        assertThat(opened.path("session").asText()).isEqualTo("h-1");
        // the whole stream arrived: its duration is known, it has no live edge any more
        JsonNode whole = c.await(m -> isClock(m, 4) && m.path("durationMs").asLong() == 9900);
        assertThat(whole.path("live").asBoolean()).as("a timeline of the C server").isTrue();
        assertThat(whole.path("atLiveEdge").asBoolean()).isFalse();
        assertThat(whole.path("receivedMs").asLong()).isEqualTo(9900);
        c.send("{\"op\":\"seek\",\"view\":4,\"positionMs\":4000}");
        c.await(m -> isClock(m, 4) && m.path("positionMs").asLong() == 4000 && m.path("paused").asBoolean());
        c.send("{\"op\":\"skip\",\"view\":4,\"deltaMs\":-1000}");
        c.await(m -> isClock(m, 4) && m.path("positionMs").asLong() == 3000);
        c.send("{\"op\":\"speed\",\"view\":4,\"value\":16}");
        c.send("{\"op\":\"resume\",\"view\":4}");
        JsonNode notice = c.awaitType("notice", 4);
        assertThat(notice.path("reason").asText()).isEqualTo("END");
        assertThat(notice.path("code").asInt()).isEqualTo(3);
        List<byte[]> got = c.records(4);
        assertThat(got.get(got.size() - 1)).isEqualTo(UnitEncoder.encode(records(100, 1_700_000_000_000L, 100).get(99)));
        Thread.sleep(200);
        assertThat(c.messages("notice")).hasSize(1);
    }

    @Test
    void a_live_timeline_pauses_rewinds_and_goes_live_with_its_live_edge_in_the_clock() throws Exception {
        Path file = recording("live.rec", 300);   // 30 s at its pace, each record stamped as it is sent
        fake.session("l-1").streamsLive(file).then(Ending.STALL);
        WebClient c = client();
        c.send("{\"op\":\"play\",\"view\":2,\"ops\":\"SSH\",\"session\":\"l-1\"}");
        c.awaitRecords(2, 3);
        JsonNode edge = c.await(m -> isClock(m, 2) && m.path("atLiveEdge").asBoolean());
        assertThat(edge.path("live").asBoolean()).isTrue();
        assertThat(edge.path("durationMs").isNull()).as("the stream goes on").isTrue();
        int before = c.messages("clock").size();
        c.send("{\"op\":\"pause\",\"view\":2}");
        JsonNode paused = c.await(m -> isClock(m, 2) && m.path("paused").asBoolean());
        assertThat(paused.path("atLiveEdge").asBoolean()).isFalse();
        int afterPause = c.messages("clock").size();
        Thread.sleep(1000);   // paused, it goes on receiving, and the clocks say so
        clockAfter(c, afterPause, m -> isClock(m, 2) && m.path("paused").asBoolean()
                && m.path("receivedMs").asLong() > paused.path("receivedMs").asLong());
        c.send("{\"op\":\"skip\",\"view\":2,\"deltaMs\":-500}");
        JsonNode back = c.await(m -> isClock(m, 2) && m.path("paused").asBoolean()
                && m.path("receivedMs").asLong() - m.path("positionMs").asLong() >= 1000);
        assertThat(back.path("atLiveEdge").asBoolean()).isFalse();
        int resumed = c.messages("clock").size();
        c.send("{\"op\":\"resume\",\"view\":2}");
        JsonNode behind = clockAfter(c, resumed, m -> isClock(m, 2) && !m.path("paused").asBoolean());
        assertThat(behind.path("atLiveEdge").asBoolean()).as("a second and a half behind").isFalse();
        int sent = c.messages("clock").size();
        c.send("{\"op\":\"live\",\"view\":2}");
        JsonNode live = clockAfter(c, sent, m -> isClock(m, 2) && !m.path("paused").asBoolean()
                && m.path("atLiveEdge").asBoolean());
        assertThat(live.path("receivedMs").asLong() - live.path("positionMs").asLong()).isLessThan(1000);
        assertThat(c.messages("clock").size()).isGreaterThan(before);
        c.send("{\"op\":\"close\",\"view\":2}");
        c.awaitType("closed", 2);
        fake.awaitActiveConnections(0, WebClient.WAIT);
        assertThat(c.messages("notice")).isEmpty();
    }

    @Test
    void closing_the_session_bridge_before_the_server_tells_every_view_SHUTDOWN() throws Exception {
        fake.session("s-5").sendsAll(records(100, 1_700_000_000_000L, 1)).then(Ending.STALL);
        fake.session("s-6").sendsAll(records(10, 1_700_000_000_000L, 1)).then(Ending.STALL);
        WebClient c = client();
        c.send("{\"op\":\"watch\",\"view\":1,\"ops\":\"SSH\",\"session\":\"s-5\"}");
        c.send("{\"op\":\"watch\",\"view\":2,\"ops\":\"SSH\",\"session\":\"s-6\"}");
        c.awaitRecords(1, 100);
        c.awaitRecords(2, 10);
        sessions.close();
        assertThat(c.awaitType("notice", 1).toString()).isEqualTo(
                "{\"type\":\"notice\",\"view\":1,\"code\":5,\"reason\":\"SHUTDOWN\",\"text\":\"会话已结束！\"}");
        assertThat(c.awaitType("notice", 2).path("reason").asText()).isEqualTo("SHUTDOWN");
    }

    // ---- bad input ----

    @Test
    void malformed_json_unknown_ops_and_bad_fields_get_clear_errors_and_the_connection_goes_on() throws Exception {
        WebClient c = client();
        c.send("{\"op\":\"watch\",");
        c.send("[1,2]");
        c.send("{\"op\":\"watch\",\"view\":{\"nested\":1}}");
        int unknown = c.request("{\"op\":\"teleport\"}");
        int badSid = c.request("{\"op\":\"watch\",\"view\":1,\"ops\":\"SSH\",\"session\":\"../etc/passwd\"}");
        int badOps = c.request("{\"op\":\"watch\",\"view\":1,\"ops\":\"TELNET\",\"session\":\"s-1\"}");
        int badView = c.request("{\"op\":\"watch\",\"view\":0,\"ops\":\"SSH\",\"session\":\"s-1\"}");
        int noView = c.request("{\"op\":\"pause\",\"view\":9}");
        int badSpeed = c.request("{\"op\":\"replay\",\"view\":1,\"recording\":\"x\",\"speed\":100}");
        int missing = c.request("{\"op\":\"replay\",\"view\":1,\"recording\":\"../../etc/passwd\"}");
        int ping = c.request("{\"op\":\"ping\"}");
        c.await(m -> m.path("type").asText().equals("pong") && m.path("id").asInt() == ping);
        List<JsonNode> errors = c.messages("error");
        assertThat(errors.get(0).path("code").asText()).isEqualTo("MALFORMED");
        assertThat(errors.get(0).path("message").asText()).startsWith("not JSON");
        assertThat(errors.get(1).path("code").asText()).isEqualTo("MALFORMED");
        assertThat(errors.get(1).path("message").asText()).isEqualTo("a request is one JSON object");
        assertThat(errors.get(2).path("message").asText()).contains("not objects or arrays");
        assertThat(c.awaitError(unknown).path("code").asText()).isEqualTo("UNKNOWN_OP");
        assertThat(c.awaitError(unknown).path("message").asText()).isEqualTo("unknown op \"teleport\"");
        assertThat(c.awaitError(badSid).path("code").asText()).isEqualTo("BAD_ARGUMENT");
        assertThat(c.awaitError(badSid).path("message").asText()).contains("session").contains("[A-Za-z0-9._:-]");
        assertThat(c.awaitError(badOps).path("message").asText()).contains("TELNET").contains("SSH");
        assertThat(c.awaitError(badView).path("message").asText()).contains("\"view\"");
        assertThat(c.awaitError(noView).path("code").asText()).isEqualTo("NO_SUCH_VIEW");
        assertThat(c.awaitError(badSpeed).path("message").asText()).contains("speed");
        assertThat(c.awaitError(missing).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(fake.requestCount()).isZero();
        assertThat(c.closed).isNotDone();
    }

    @Test
    void a_request_before_hello_is_refused() throws Exception {
        WebClient c = raw("http://127.0.0.1:" + port());
        c.send("{\"op\":\"watch\",\"view\":1,\"ops\":\"SSH\",\"session\":\"s-1\"}");
        JsonNode e = c.awaitType("error");
        assertThat(e.path("code").asText()).isEqualTo("NOT_READY");
        assertThat(e.path("message").asText()).contains("hello");
        assertThat(fake.requestCount()).isZero();
    }

    @Test
    void a_wrong_protocol_version_gets_a_clear_error_then_close_1002() throws Exception {
        WebClient c = raw("http://127.0.0.1:" + port());
        c.send("{\"op\":\"hello\",\"version\":2}");
        JsonNode e = c.awaitType("error");
        assertThat(e.path("code").asText()).isEqualTo("VERSION");
        assertThat(e.path("message").asText()).isEqualTo("protocol version 2 is not supported: this server speaks version 1");
        assertThat(e.path("supported").toString()).isEqualTo("[1]");
        assertThat(c.awaitClose()).isEqualTo(1002);
    }

    @Test
    void a_binary_frame_is_not_a_request() throws Exception {
        WebClient c = client();
        c.sendBinary(new byte[] {1, 2, 3});
        JsonNode e = c.awaitType("error");
        assertThat(e.path("code").asText()).isEqualTo("BINARY");
        assertThat(e.path("message").asText()).contains("3 bytes");
        int ping = c.request("{\"op\":\"ping\"}");
        c.await(m -> m.path("type").asText().equals("pong") && m.path("id").asInt() == ping);
    }

    @Test
    void a_frame_too_large_gets_an_error_then_close_1009() throws Exception {
        WebClient c = client();
        c.send("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(2000) + "\"}");
        JsonNode e = c.awaitType("error");
        assertThat(e.path("code").asText()).isEqualTo("TOO_LARGE");
        assertThat(e.path("message").asText()).isEqualTo("a request is at most 1024 bytes");
        assertThat(c.awaitClose()).isEqualTo(1009);
    }

    @Test
    void a_flood_of_requests_gets_an_error_and_close_1008_and_nothing_else_is_affected() throws Exception {
        fake.session("s-7").sendsAll(records(20, 1_700_000_000_000L, 1)).then(Ending.STALL);
        WebClient other = client();
        other.send("{\"op\":\"watch\",\"view\":1,\"ops\":\"SSH\",\"session\":\"s-7\"}");
        other.awaitRecords(1, 20);
        WebClient c = client();
        c.send("{\"op\":\"watch\",\"view\":1,\"ops\":\"SSH\",\"session\":\"s-7\"}");
        c.awaitRecords(1, 20);
        try {
            for (int i = 0; i < 300 && !c.closed.isDone(); i++) {
                c.send("{\"op\":\"ping\"}");
            }
        } catch (java.util.concurrent.CompletionException closedMeanwhile) {
            // the server closed the connection while the flood was still being sent: what this test provokes
        }
        assertThat(c.awaitClose()).isEqualTo(1008);
        JsonNode e = c.awaitType("error");
        assertThat(e.path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(c.messages("pong").size()).isLessThan(300);
        fake.awaitActiveConnections(1, WebClient.WAIT);   // the flooder's C connection closed, the other's not
        int ping = other.request("{\"op\":\"ping\"}");
        other.await(m -> m.path("type").asText().equals("pong") && m.path("id").asInt() == ping);
        assertThat(other.messages("notice")).isEmpty();
    }

    @Test
    void another_sites_page_is_refused_with_1008() throws Exception {
        WebClient c = raw("https://evil.example");
        JsonNode e = c.awaitType("error");
        assertThat(e.path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(e.path("message").asText()).contains("evil.example");
        assertThat(c.awaitClose()).isEqualTo(1008);
    }

    @Test
    void a_host_the_server_is_not_listed_under_is_refused_with_1008_whatever_the_origin() throws Exception {
        // DNS rebinding: the page's own name is both Host and Origin; only the list of the server's names tells
        web.close();
        web = BrowserBridge.builder(sessions).callers(h -> Caller.of("auditor", h.connectionId())).limits(limits())
                .allowedHosts("console.example.org", "console.example.org:8443").build();
        WebClient c = raw(null);   // the JDK client sends Host 127.0.0.1:port, which is not listed
        JsonNode e = c.awaitType("error");
        assertThat(e.path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(e.path("message").asText()).contains("Host 127.0.0.1:");
        assertThat(c.awaitClose()).isEqualTo(1008);
        assertThat(web.refusal(null, "127.0.0.1:" + port())).isPresent();
        assertThat(web.refusal("https://console.example.org", "CONSOLE.example.org")).isEmpty();
        assertThat(web.refusal("https://evil.example", "console.example.org").orElseThrow()).contains("evil.example");
    }

    @Test
    void views_are_bounded_per_connection() throws Exception {
        for (int i = 1; i <= 5; i++) {
            fake.session("v-" + i).sendsAll(records(1, 1_700_000_000_000L, 1)).then(Ending.STALL);
        }
        WebClient c = client();
        for (int i = 1; i <= 4; i++) {
            c.send("{\"op\":\"watch\",\"view\":" + i + ",\"ops\":\"SSH\",\"session\":\"v-" + i + "\"}");
        }
        int again = c.request("{\"op\":\"watch\",\"view\":2,\"ops\":\"SSH\",\"session\":\"v-5\"}");
        int fifth = c.request("{\"op\":\"watch\",\"view\":5,\"ops\":\"SSH\",\"session\":\"v-5\"}");
        assertThat(c.awaitError(again).path("code").asText()).isEqualTo("VIEW_IN_USE");
        assertThat(c.awaitError(fifth).path("code").asText()).isEqualTo("TOO_MANY_VIEWS");
        fake.awaitActiveConnections(4, WebClient.WAIT);
        c.close();
        fake.awaitActiveConnections(0, WebClient.WAIT);   // the browser left: every view's C connection closed
    }

    @Test
    void a_browser_that_does_not_read_its_messages_is_closed_and_costs_bounded_memory() throws Exception {
        web.close();
        web = BrowserBridge.builder(sessions).callers(h -> Caller.of("auditor", h.connectionId()))
                .limits(new WebLimits(4, 1024, 100_000, 100_000, 4096, Duration.ofSeconds(1))).build();
        byte[] big = new byte[60_000];
        List<TerminalData> flood = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            flood.add(new TerminalData(1_700_000_000_000L + i, big));   // 24 MB: more than the socket buffers hold
        }
        fake.session("s-big").sendsAll(flood).then(Ending.STALL);
        fake.session("s-ok").sendsAll(records(10, 1_700_000_000_000L, 1)).then(Ending.STALL);
        WebClient other = client();
        other.send("{\"op\":\"watch\",\"view\":1,\"ops\":\"SSH\",\"session\":\"s-ok\"}");
        other.awaitRecords(1, 10);
        WebClient c = client();
        c.reading = false;
        c.send("{\"op\":\"watch\",\"view\":1,\"ops\":\"SSH\",\"session\":\"s-big\"}");
        Thread.sleep(1000);   // the records back up in the sockets; the bridge stops reading the C side
        try {
            for (int i = 0; i < 2000 && fake.activeConnections() > 1; i++) {   // each pong waits behind them
                c.send("{\"op\":\"ping\"}");
            }
        } catch (java.util.concurrent.CompletionException closedMeanwhile) {
            // closed while the flood was still being sent
        }
        fake.awaitActiveConnections(1, WebClient.WAIT);   // the connection was closed, and its view with it
        assertThat(c.records(1).size()).isLessThan(400);
        int ping = other.request("{\"op\":\"ping\"}");
        other.await(m -> m.path("type").asText().equals("pong") && m.path("id").asInt() == ping);
        assertThat(other.messages("notice")).isEmpty();
    }
}
