package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.PlaybackOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.search.RecordingSearch;
import io.github.sessionbridge.core.search.SearchHit;
import io.github.sessionbridge.core.search.SearchOptions;
import io.github.sessionbridge.core.search.SearchQuery;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A hit's position is where a player with the same idle limit seeks to show it: at it the match is on the screen, 1 ms before not whole. */
@Timeout(60)
class SearchSeekTest {

    @TempDir
    Path dir;

    private String screenAt(Recording rec, Duration position, Duration idleLimit) {
        ManualScheduler scheduler = new ManualScheduler();
        CapturingSink sink = new CapturingSink(scheduler::nanoTime);
        SessionPlayer player = SessionPlayer.play(rec, sink, PlaybackOptions.builder().scheduler(scheduler).startPaused(true)
                .idleLimit(idleLimit).build());
        scheduler.runAll(10_000);
        CompletableFuture<Duration> f = player.seek(position).toCompletableFuture();
        scheduler.runAll(1_000_000);
        assertThat(f).isDone();
        player.close();
        return new Vt().feed(sink.terminalBytes()).text();
    }

    @Test
    void seekingToEachHitShowsItAndAMillisecondBeforeDoesNot() throws Exception {
        long t = 1_700_000_000_000L;
        List<Unit> units = new ArrayList<>();
        units.add(TerminalData.ofText(t, "$ "));
        for (String key : new String[] {"r", "m", " ", "-", "r", "g", "\b \b", "f", " ", "/", "t", "m", "p"}) {
            t += 150;
            units.add(TerminalData.ofText(t, key));
        }
        t += 30_000; // a long think: the idle limit shortens it
        units.add(InputEvent.ofText(t, "rm -rf /tmp"));
        units.add(TerminalData.ofText(t, "\r\nremoved /tmp\r\n$ "));
        t += 5_000;
        units.add(TerminalData.ofText(t, "\u001b[2J\u001b[H\u001b[1;31mALERT\u001b[0m rm -rf /tmp seen\r\n$ "));
        units.add(Control.END);
        Path file = dir.resolve("s.rec");
        try (RecordingWriter w = RecordingWriter.create(file)) {
            for (Unit u : units) {
                w.write(u);
            }
        }
        Recording rec = Recording.open(file);
        Duration idle = Duration.ofSeconds(2);
        List<SearchHit> hits = new ArrayList<>();
        RecordingSearch.find(rec, SearchQuery.text("rm -rf /tmp"), SearchOptions.builder().idleLimit(idle).build(), hits::add);
        // the typed line's hit is told when the line ends, after the input event recorded at Enter
        assertThat(hits).extracting(h -> h.source().code() + " " + h.position().toMillis()).containsExactly(
                "i " + (13 * 150 + 2000), "o " + 13 * 150, "o " + (13 * 150 + 4000));
        for (SearchHit h : hits) {
            if (h.source() == SearchHit.Source.OUTPUT) {
                assertThat(screenAt(rec, h.position(), idle)).as("at " + h.position()).contains(h.excerpt());
                assertThat(screenAt(rec, h.position().minusMillis(1), idle)).as("before " + h.position()).doesNotContain(h.excerpt());
            }
        }
    }
}
