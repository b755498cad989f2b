package io.github.sessionbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.TimelineSpool;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search over the browser protocol on every server, through its adapter, over a real WebSocket: a replay's
 * and a timeline's hits stream back with the positions a seek shows them at; a search is bounded (hits,
 * hostile content: huge lines, endless escape strings, a million matches), cancellable, replaced by the next;
 * bad searches get errors naming what was wrong and leave the view open.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class SearchContract {
    static final long T0 = 1_700_000_000_000L;

    private FakeCServer fake;
    private SessionBridge sessions;
    private BrowserBridge web;
    private final List<WebClient> clients = new ArrayList<>();
    private int port;
    @TempDir
    Path dir;

    /** Starts the server with the adapter for {@code web} at {@link WebContract#PATH}; returns its port. */
    protected abstract int startServer(BrowserBridge web) throws Exception;

    protected abstract void stopServer() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        fake = FakeCServer.builder().ops("SSH").start();
        sessions = SessionBridge.create(fake.bridgeConfig().timelineSpool(TimelineSpool.DEFAULT.withDirectory(dir.resolve("spool")))
                .build());
        web = BrowserBridge.builder(sessions).callers(h -> Caller.of("auditor", h.connectionId()))
                .recordings(RecordingCatalog.directory(dir)).limits(WebContract.limits()).build();
        port = startServer(web);
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(WebClient::close);
        sessions.close();
        web.close();
        stopServer();
        fake.close();
    }

    private WebClient client() throws Exception {
        WebClient c = WebClient.ready(port, WebContract.PATH);
        clients.add(c);
        c.awaitType("hello");
        return c;
    }

    private void write(String name, List<? extends Unit> units) throws Exception {
        try (RecordingWriter w = RecordingWriter.create(dir.resolve(name))) {
            for (Unit u : units) {
                w.write(u);
            }
        }
    }

    /** Lines 100 ms apart; every seventh names "needle-N". */
    static List<TerminalData> lines(int n) {
        List<TerminalData> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TerminalData.ofText(T0 + i * 100L, "line " + i + (i % 7 == 3 ? " needle-" + i : "") + "\r\n"));
        }
        return out;
    }

    private static JsonNode searched(WebClient c, int view, int search) throws InterruptedException {
        return c.await(m -> m.path("type").asText().equals("searched") && m.path("view").asInt() == view
                && m.path("search").asInt() == search);
    }

    private static List<JsonNode> hits(WebClient c, int view, int search) {
        return c.messages("hit").stream().filter(m -> m.path("view").asInt() == view && m.path("search").asInt() == search)
                .toList();
    }

    private static String text(List<byte[]> units) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] u : units) {
            b.write(u, 13, u.length - 13); // the wire unit's header: type, length, timestamp
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_replay_is_searched_its_hits_stream_back_and_a_seek_to_one_shows_it() throws Exception {
        write("r.rec", lines(100));
        WebClient c = client();
        c.send("{\"op\":\"replay\",\"view\":1,\"recording\":\"r.rec\",\"paused\":true}");
        c.awaitType("clock", 1);
        c.send("{\"op\":\"search\",\"view\":1,\"search\":1,\"query\":\"NEEDLE\"}");
        JsonNode done = searched(c, 1, 1);
        List<JsonNode> hits = hits(c, 1, 1);
        assertThat(done.path("hits").asInt()).isEqualTo(14).isEqualTo(hits.size());
        assertThat(done.path("limitReached").asBoolean()).isFalse();
        assertThat(done.path("cancelled").asBoolean()).isFalse();
        assertThat(done.path("error").isNull()).isTrue();
        for (int k = 0; k < hits.size(); k++) {
            JsonNode h = hits.get(k);
            int i = 3 + 7 * k;
            assertThat(h.path("positionMs").asLong()).isEqualTo(i * 100L);
            assertThat(h.path("source").asText()).isEqualTo("o");
            assertThat(h.path("excerpt").asText()).isEqualTo("line " + i + " needle-" + i);
            String excerpt = h.path("excerpt").asText();
            assertThat(excerpt.substring(h.path("matchStart").asInt(), h.path("matchEnd").asInt())).isEqualTo("needle");
        }
        // a seek to a hit: the clock is there, and the screen sent ends with the hit's line
        JsonNode hit = hits.get(5);
        int before = c.records(1).size();
        c.send("{\"op\":\"seek\",\"view\":1,\"positionMs\":" + hit.path("positionMs").asLong() + "}");
        c.await(m -> m.path("type").asText().equals("clock") && m.path("positionMs").asLong() == hit.path("positionMs").asLong());
        List<byte[]> all = c.records(1);
        assertThat(text(all.subList(before, all.size()))).startsWith("\u001bc").endsWith(hit.path("excerpt").asText() + "\r\n");
        // a search of an input-only source and a regex
        c.send("{\"op\":\"search\",\"view\":1,\"search\":2,\"query\":\"needle-(3|10)\\\\b\",\"regex\":true,\"matchCase\":true}");
        assertThat(searched(c, 1, 2).path("hits").asInt()).isEqualTo(2);
        c.send("{\"op\":\"search\",\"view\":1,\"search\":3,\"query\":\"NEEDLE\",\"matchCase\":true}");
        assertThat(searched(c, 1, 3).path("hits").asInt()).isZero();
    }

    @Test
    void a_timeline_is_searched_in_what_it_received_with_the_positions_of_its_seeks() throws Exception {
        fake.session("s-1").sendsAll(lines(60)).then(Ending.END);
        WebClient c = client();
        c.send("{\"op\":\"play\",\"view\":2,\"ops\":\"SSH\",\"session\":\"s-1\",\"paused\":true}");
        c.await(m -> m.path("type").asText().equals("clock") && m.path("durationMs").asLong() == 5900);
        c.send("{\"op\":\"search\",\"view\":2,\"search\":9,\"query\":\"needle\",\"maxHits\":5}");
        JsonNode done = searched(c, 2, 9);
        assertThat(done.path("hits").asInt()).isEqualTo(5);
        assertThat(done.path("limitReached").asBoolean()).isTrue();
        assertThat(hits(c, 2, 9)).extracting(h -> h.path("positionMs").asLong()).containsExactly(300L, 1000L, 1700L, 2400L, 3100L);
        int before = c.records(2).size();
        c.send("{\"op\":\"seek\",\"view\":2,\"positionMs\":1700}");
        c.await(m -> m.path("type").asText().equals("clock") && m.path("view").asInt() == 2
                && m.path("positionMs").asLong() == 1700);
        List<byte[]> all = c.records(2);
        assertThat(text(all.subList(before, all.size()))).endsWith("line 17 needle-17\r\n");
    }

    @Test
    void hostile_content_a_million_matches_a_huge_line_and_an_endless_string_stay_bounded_and_streamed() throws Exception {
        List<TerminalData> units = new ArrayList<>();
        byte[] a = new byte[1 << 20];
        java.util.Arrays.fill(a, (byte) 'a');
        for (int i = 0; i < 4; i++) {
            units.add(new TerminalData(T0 + i, a)); // 4 Mi 'a's in one line: four million matches of "a"
        }
        byte[] osc = new byte[2 << 20];
        java.util.Arrays.fill(osc, (byte) 'x');
        osc[0] = 0x1b;
        osc[1] = ']';
        units.add(new TerminalData(T0 + 10, osc)); // a 2 MiB window title, never ended here
        units.add(TerminalData.ofText(T0 + 20, "\u0007\r\nfound after the string\r\n"));
        write("h.rec", units);
        WebClient c = client();
        c.send("{\"op\":\"replay\",\"view\":1,\"recording\":\"h.rec\",\"paused\":true}");
        c.awaitType("clock", 1);
        c.send("{\"op\":\"search\",\"view\":1,\"search\":1,\"query\":\"a\",\"maxHits\":1000}");
        JsonNode done = searched(c, 1, 1);
        assertThat(done.path("hits").asInt()).isEqualTo(1000);
        assertThat(done.path("limitReached").asBoolean()).isTrue();
        assertThat(hits(c, 1, 1)).hasSize(1000).allSatisfy(h -> assertThat(h.path("excerpt").asText().length()).isLessThanOrEqualTo(81));
        c.send("{\"op\":\"search\",\"view\":1,\"search\":2,\"query\":\"found after\"}");
        assertThat(searched(c, 1, 2).path("hits").asInt()).isEqualTo(1);
        assertThat(hits(c, 1, 2).get(0).path("excerpt").asText()).isEqualTo("found after the string");
        c.send("{\"op\":\"search\",\"view\":1,\"search\":3,\"query\":\"xxx\"}");
        assertThat(searched(c, 1, 3).path("hits").asInt()).as("a string's content is not text").isZero();
        int over = c.request("{\"op\":\"search\",\"view\":1,\"search\":4,\"query\":\"a\",\"maxHits\":1001}");
        assertThat(c.awaitError(over).path("message").asText()).contains("maxHits").contains("1000");
    }

    @Test
    void a_search_is_cancelled_replaced_by_the_next_and_ends_with_its_view() throws Exception {
        List<TerminalData> units = new ArrayList<>();
        String filler = "z".repeat(4000) + "\r\n";
        for (int i = 0; i < 8000; i++) {
            units.add(TerminalData.ofText(T0 + i, filler)); // 32 MB without a hit
        }
        units.add(TerminalData.ofText(T0 + 9000, "the end\r\n"));
        write("big.rec", units);
        WebClient c = client();
        c.send("{\"op\":\"replay\",\"view\":1,\"recording\":\"big.rec\",\"paused\":true}");
        c.awaitType("clock", 1);
        c.send("{\"op\":\"search\",\"view\":1,\"search\":1,\"query\":\"the end\"}");
        c.send("{\"op\":\"cancelSearch\",\"view\":1}");
        JsonNode first = searched(c, 1, 1);
        assertThat(first.path("cancelled").asBoolean()).isTrue();
        assertThat(first.path("hits").asInt()).isZero();
        c.send("{\"op\":\"search\",\"view\":1,\"search\":2,\"query\":\"the end\"}");
        c.send("{\"op\":\"search\",\"view\":1,\"search\":3,\"query\":\"the end\"}"); // replaces 2
        assertThat(searched(c, 1, 2).path("cancelled").asBoolean()).isTrue();
        JsonNode third = searched(c, 1, 3);
        assertThat(third.path("cancelled").asBoolean()).isFalse();
        assertThat(third.path("hits").asInt()).isEqualTo(1);
        // closing the view ends its search: nothing of it follows the closed message
        c.send("{\"op\":\"search\",\"view\":1,\"search\":4,\"query\":\"the end\"}");
        c.send("{\"op\":\"close\",\"view\":1}");
        c.awaitType("closed", 1);
        Thread.sleep(500);
        assertThat(c.messages("searched").stream().filter(m -> m.path("search").asInt() == 4)).isEmpty();
    }

    @Test
    void bad_searches_get_errors_naming_what_was_wrong_and_the_view_stays_open() throws Exception {
        write("r.rec", lines(10));
        fake.session("live").sendsText(T0, "x");
        WebClient c = client();
        c.send("{\"op\":\"replay\",\"view\":1,\"recording\":\"r.rec\",\"paused\":true}");
        c.send("{\"op\":\"watch\",\"view\":2,\"ops\":\"SSH\",\"session\":\"live\"}");
        c.awaitType("clock", 1);
        c.awaitRecords(2, 1);
        int regex = c.request("{\"op\":\"search\",\"view\":1,\"search\":1,\"query\":\"(a\",\"regex\":true}");
        int backref = c.request("{\"op\":\"search\",\"view\":1,\"search\":1,\"query\":\"(a)\\\\1\",\"regex\":true}");
        int noQuery = c.request("{\"op\":\"search\",\"view\":1,\"search\":1}");
        int noNumber = c.request("{\"op\":\"search\",\"view\":1,\"query\":\"x\"}");
        int watch = c.request("{\"op\":\"search\",\"view\":2,\"search\":1,\"query\":\"x\"}");
        int noView = c.request("{\"op\":\"search\",\"view\":3,\"search\":1,\"query\":\"x\"}");
        assertThat(c.awaitError(regex).path("code").asText()).isEqualTo("BAD_ARGUMENT");
        assertThat(c.awaitError(regex).path("message").asText()).contains("regular expression");
        assertThat(c.awaitError(backref).path("code").asText()).isEqualTo("BAD_ARGUMENT");
        assertThat(c.awaitError(noQuery).path("message").asText()).contains("query");
        assertThat(c.awaitError(noNumber).path("message").asText()).contains("search");
        assertThat(c.awaitError(watch).path("code").asText()).isEqualTo("UNSUPPORTED");
        assertThat(c.awaitError(noView).path("code").asText()).isEqualTo("NO_SUCH_VIEW");
        assertThat(c.awaitError(watch).has("view")).as("the view did not fail: it stays open").isFalse();
        c.send("{\"op\":\"search\",\"view\":1,\"search\":7,\"query\":\"line 4\"}");
        assertThat(searched(c, 1, 7).path("hits").asInt()).isEqualTo(1);
    }
}
