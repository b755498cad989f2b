package io.github.sessionbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.Timeline;
import io.github.sessionbridge.core.TimelineSpool;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.search.RecordingSearch;
import io.github.sessionbridge.core.search.SearchHit;
import io.github.sessionbridge.core.search.SearchOptions;
import io.github.sessionbridge.core.search.SearchQuery;
import io.github.sessionbridge.core.search.SearchResult;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searching what a timeline has received ({@link RecordingSearch#find(Timeline, SearchQuery, SearchOptions,
 * io.github.sessionbridge.core.search.SearchListener)}) against a FakeCServer: a recorded session dumped at
 * once is searched exactly as its file is; a live session is searched while it streams (each search sees a
 * superset of the one before, and every hit is where a seek of the timeline shows it, a millisecond before
 * not); a timeline whose spool dropped its oldest part is searched from what it keeps, with the same
 * positions; misuse is refused clearly.
 */
@ExtendWith(FakeCServerExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimelineSearchTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Caller ALICE = Caller.of("alice", "ws-1");
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private SessionBridge bridges(FakeCServer c, TimelineSpool spool) {
        return SessionBridge.create(c.bridgeConfig().timelineSpool(spool).build());
    }

    /**
     * A session of {@code n} commands: each typed with a correction ({@code rm -rg⌫f}), an input event, the
     * output naming a report in Chinese split mid-character between two records, and a long pause every third.
     */
    static List<Unit> session(int n, long gapMillis) {
        List<Unit> units = new ArrayList<>();
        long t = T0;
        byte[] report = "报告".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            units.add(TerminalData.ofText(t, "$ rm -rg\b \bf /tmp/x" + i));
            t += gapMillis;
            units.add(InputEvent.ofText(t, "rm -rf /tmp/x" + i + "\r"));
            units.add(TerminalData.ofText(t, "\r\nremoved; see "));
            units.add(new TerminalData(t, java.util.Arrays.copyOfRange(report, 0, 4))); // 报 and a third of 告
            t += gapMillis;
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(java.util.Arrays.copyOfRange(report, 4, 6)); // the rest of 告
            b.writeBytes(("-" + i + ".txt\r\n").getBytes(StandardCharsets.UTF_8));
            units.add(new TerminalData(t, b.toByteArray()));
            t += i % 3 == 2 ? 30_000 : gapMillis;
        }
        return units;
    }

    private Path file(List<Unit> units) throws IOException {
        Path f = dir.resolve("s-" + System.nanoTime() + ".rec");
        try (RecordingWriter w = RecordingWriter.create(f)) {
            for (Unit u : units) {
                w.write(u);
            }
        }
        return f;
    }

    private static List<SearchHit> find(Timeline t, SearchQuery q, SearchOptions o) throws IOException {
        List<SearchHit> hits = new ArrayList<>();
        RecordingSearch.find(t, q, o, hits::add);
        return hits;
    }

    private static List<SearchHit> find(Recording r, SearchQuery q, SearchOptions o) throws IOException {
        List<SearchHit> hits = new ArrayList<>();
        RecordingSearch.find(r, q, o, hits::add);
        return hits;
    }

    /** The terminal output the timeline sends after a seek to {@code position}, as text. */
    private static String sentAfterSeek(Timeline t, RecordingClientSink sink, Duration position) throws Exception {
        int before = sink.terminalData().size();
        t.seek(position).toCompletableFuture().get(20, TimeUnit.SECONDS);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        List<TerminalData> all = sink.terminalData();
        for (TerminalData d : all.subList(before, all.size())) {
            b.writeBytes(d.content());
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static void awaitReceived(Timeline t, Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (t.received().compareTo(d) < 0) {
            assertThat(System.nanoTime()).as("received " + t.received() + ", waiting for " + d).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void a_recorded_session_dumped_at_once_is_searched_as_its_file_is_and_each_hit_seeks_to_the_screen_showing_it(
            FakeCServer c) throws Exception {
        List<Unit> units = session(9, 150);
        c.session("rec").split(Split.random(7)).sendsAll(units).then(Ending.END);
        Duration idle = Duration.ofSeconds(2);
        Recording rec = Recording.open(file(units));
        try (SessionBridge bridges = bridges(c, TimelineSpool.DEFAULT.withDirectory(dir.resolve("spool")))) {
            RecordingClientSink sink = new RecordingClientSink();
            Timeline t = bridges.play(ALICE, "SSH", "rec", sink,
                    PlaybackOptions.builder().startPaused(true).idleLimit(idle).build());
            assertThat(t.duration().toCompletableFuture().get(20, TimeUnit.SECONDS)).isPositive(); // all received
            for (SearchQuery q : List.of(SearchQuery.text("rm -rf"), SearchQuery.text("报告"), SearchQuery.regex("x[0-9]+\\b"))) {
                List<SearchHit> expected = find(rec, q, SearchOptions.builder().idleLimit(idle).build());
                assertThat(expected).hasSizeGreaterThanOrEqualTo(9);
                List<SearchHit> got = new ArrayList<>();
                SearchResult r = RecordingSearch.find(t, q, SearchOptions.defaults(), got::add);
                assertThat(got).as(q.text()).isEqualTo(expected);
                assertThat(r.ending()).isEqualTo(EndReason.END);
                assertThat(r.hits()).isEqualTo(expected.size());
            }
            // the position is the player's: seeking there shows the hit, a millisecond before does not
            for (SearchHit h : find(t, SearchQuery.text("报告"), SearchOptions.defaults())) {
                assertThat(sentAfterSeek(t, sink, h.position())).as("at " + h.position()).contains(h.excerpt());
                assertThat(sentAfterSeek(t, sink, h.position().minusMillis(1))).as("before " + h.position())
                        .doesNotContain(h.excerpt());
            }
            // the hit limit and the sources apply as over a file
            assertThat(find(t, SearchQuery.text("rm -rf"), SearchOptions.builder().maxHits(3).build())).hasSize(3);
            assertThat(find(t, SearchQuery.text("rm -rf"), SearchOptions.builder().sources(SearchHit.Source.INPUT).build()))
                    .hasSize(9).allMatch(h -> h.source() == SearchHit.Source.INPUT);
        }
    }

    @Test
    void a_live_session_is_searched_while_it_streams_and_every_hit_is_where_a_seek_shows_it(FakeCServer c) throws Exception {
        List<Unit> units = session(12, 60); // about 4 s live (two 30 s pauses cut to 1 s by the pacing)
        c.session("live").pacing(Pacing.realtime().withMaxGap(Duration.ofSeconds(1))).streamsLive(file(units))
                .then(Ending.END);
        try (SessionBridge bridges = bridges(c, TimelineSpool.DEFAULT.withDirectory(dir.resolve("spool")))) {
            RecordingClientSink sink = new RecordingClientSink();
            Timeline t = bridges.play(ALICE, "SSH", "live", sink, PlaybackOptions.defaults());
            SearchQuery q = SearchQuery.text("报告");
            Set<String> seen = new HashSet<>();
            int searches = 0;
            int grew = 0;
            while (t.duration().toCompletableFuture().getNow(null) == null || searches < 2) {
                List<SearchHit> hits = find(t, q, SearchOptions.defaults()); // races the records arriving
                Set<String> now = new HashSet<>();
                for (SearchHit h : hits) {
                    now.add(h.source().code() + " " + h.position().toMillis() + " " + h.match());
                }
                assertThat(now).as("search " + searches + " keeps what the one before found").containsAll(seen);
                if (now.size() > seen.size()) {
                    grew++;
                }
                seen = now;
                searches++;
                if (seen.size() >= 4 && !t.isPaused()) {
                    t.pause(); // it goes on receiving; the end must not be played before the last searches
                }
                Thread.sleep(40);
                if (!t.isOpen()) {
                    break;
                }
            }
            assertThat(grew).as("searches while it streamed found more each time records came").isGreaterThan(2);
            assertThat(t.duration().toCompletableFuture().get(20, TimeUnit.SECONDS)).isPositive();
            List<SearchHit> all = find(t, q, SearchOptions.defaults());
            assertThat(all).hasSize(12).extracting(SearchHit::excerpt)
                    .allMatch(e -> e.matches("removed; see 报告-[0-9]+\\.txt"));
            SearchResult r = RecordingSearch.find(t, SearchQuery.text("rm -rf"), SearchOptions.defaults(), h -> { });
            assertThat(r.ending()).isEqualTo(EndReason.END);
            assertThat(r.hits()).isEqualTo(24);
            for (SearchHit h : all) {
                assertThat(sentAfterSeek(t, sink, h.position())).as("at " + h.position()).contains(h.excerpt());
                assertThat(sentAfterSeek(t, sink, h.position().minusMillis(1))).as("before " + h.position())
                        .doesNotContain(h.excerpt());
            }
        }
    }

    @Test
    void a_spool_that_dropped_its_oldest_part_is_searched_from_what_it_keeps_with_the_players_positions(FakeCServer c)
            throws Exception {
        // ~2.5 MiB of output in a 256 KiB spool: played at once (a 1 ms idle limit), its oldest segments go
        List<Unit> units = new ArrayList<>();
        String filler = "y".repeat(900);
        for (int i = 0; i < 3000; i++) {
            units.add(TerminalData.ofText(T0 + i * 10L, "line " + i + " " + filler + (i % 100 == 0 ? " MARK-" + i : "") + "\r\n"));
        }
        c.session("big").sendsAll(units).then(Ending.END);
        Duration idle = Duration.ofMillis(1);
        Recording rec = Recording.open(file(units));
        List<SearchHit> inFile = find(rec, SearchQuery.text("MARK-"), SearchOptions.builder().idleLimit(idle).build());
        assertThat(inFile).hasSize(30);
        TimelineSpool small = TimelineSpool.DEFAULT.withDirectory(dir.resolve("spool")).withLimits(64 * 1024, 256 * 1024,
                256 * 1024);
        try (SessionBridge bridges = bridges(c, small)) {
            RecordingClientSink sink = new RecordingClientSink();
            Timeline t = bridges.play(ALICE, "SSH", "big", sink, PlaybackOptions.builder().idleLimit(idle).build());
            // searches race playback and the spool dropping segments: none fails, each finds a run of the file's hits
            while (sink.terminalData().size() < 2000) {
                checkRun(find(t, SearchQuery.text("MARK-"), SearchOptions.defaults()), inFile);
            }
            t.pause(); // it goes on receiving up to the spool's bound; what was played before is dropped
            List<SearchHit> kept = find(t, SearchQuery.text("MARK-"), SearchOptions.defaults());
            int from = checkRun(kept, inFile);
            assertThat(kept).as("the spool keeps a part with marks").isNotEmpty();
            assertThat(from).as("the oldest part is gone").isPositive();
            t.resume();
            assertThat(t.ended().toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(EndReason.END);
            assertThat(sink.violations()).isEmpty();
        }
    }

    /** {@code hits} is a run of {@code all}: where it starts in it. */
    private static int checkRun(List<SearchHit> hits, List<SearchHit> all) {
        if (hits.isEmpty()) {
            return -1;
        }
        int from = all.indexOf(hits.get(0));
        assertThat(from).as("hit " + hits.get(0) + " is one of the file's").isNotNegative();
        assertThat(hits).isEqualTo(all.subList(from, Math.min(all.size(), from + hits.size())));
        return from;
    }

    @Test
    void misuse_is_refused_clearly_and_an_ended_timeline_has_nothing_left_to_search(FakeCServer c) throws Exception {
        c.session("s").sendsText(T0, "hello\r\n").then(Ending.END);
        try (SessionBridge bridges = bridges(c, TimelineSpool.DEFAULT.withDirectory(dir.resolve("spool")))) {
            RecordingClientSink sink = new RecordingClientSink();
            Timeline t = bridges.play(ALICE, "SSH", "s", sink, PlaybackOptions.builder().startPaused(true).build());
            assertThatThrownBy(() -> RecordingSearch.find(t, SearchQuery.text("x"),
                    SearchOptions.builder().idleLimit(Duration.ofSeconds(1)).build(), h -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleLimit");
            t.close();
            assertThat(t.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_GONE);
            assertThatThrownBy(() -> find(t, SearchQuery.text("hello"), SearchOptions.defaults()))
                    .isInstanceOf(IOException.class).hasMessageContaining("gone");
        }
    }
}
