package io.github.sessionbridge.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {

    @TempDir
    Path dir;

    private static String where(SearchHit h) {
        return h.position().toMillis() + " " + h.source().code() + " " + h.excerpt() + " [" + h.match() + "]";
    }

    @Test
    void aCommandTypedWithACorrectionMatchesWhatWasFinallyShownAtTheRecordThatCompletedIt() {
        // echoed keys one record each; "g" rubbed out with backspace-space-backspace, then bash's "\b\e[K"
        Path f = Recs.write(dir, Recs.output("$ ", "r", "m", " ", "-", "r", "g", "\b \b", "f", " /tmp/x", "y", "\b\u001b[K",
                "\r\n", "rm: done\r\n"));
        List<SearchHit> hits = Recs.find(f, SearchQuery.text("RM -RF"));
        assertThat(hits).extracting(SearchTest::where).containsExactly("800 o $ rm -rf /tmp/x [rm -rf]");
        assertThat(Recs.find(f, SearchQuery.text("rm -rg"))).isEmpty();
        assertThat(Recs.find(f, SearchQuery.text("/tmp/xy"))).isEmpty();
        assertThat(Recs.find(f, SearchQuery.text("rm -rf").matchCase())).hasSize(1);
        assertThat(Recs.find(f, SearchQuery.text("RM -RF").matchCase())).isEmpty();
        assertThat(Recs.text(f)).isEqualTo("$ rm -rf /tmp/x\nrm: done\n");
    }

    @Test
    void escapeSequencesAreRemovedAndCursorMovesWithinTheLineApplied() {
        String s = "\u001b[01;32mops@web\u001b[00m:\u001b]0;title secret\u0007~$ "  // colours, a title
                + "passwd\u001b[3D\u001b[Pswd"                              // left 3, delete one, overwrite
                + "\u001b[1;200H"                                            // another row: the line ends
                + "\u001b[5;1Htop row\u001b[5;20Hsame row\u001b[6;1Hnext\r\n"
                + "tab\tstop\r\nover\rOV\r\n"
                + "\u001b(0lqqk\u001b(B box\r\n";
        Path f = Recs.write(dir, Recs.output(s));
        assertThat(Recs.text(f)).isEqualTo("ops@web:~$ passwd\ntop row" + " ".repeat(12) + "same row\nnext\ntab     stop\nOVer\n┌──┐ box\n");
        assertThat(Recs.find(f, SearchQuery.text("secret"))).isEmpty();
        assertThat(Recs.find(f, SearchQuery.text("row same"))).isEmpty();
        assertThat(Recs.find(f, SearchQuery.text("row" + " ".repeat(12) + "same"))).hasSize(1);
        assertThat(Recs.find(f, SearchQuery.text("──┐"))).hasSize(1);
    }

    @Test
    void chineseTextSplitMidCharacterAtEveryByteIsFoundAtTheRecordOfItsLastByte() {
        String line = "报告：数据库备份正常 ok\r\n";
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        String needle = "备份正常";
        int needleEnd = new String(line.substring(0, line.indexOf(needle) + needle.length())).getBytes(StandardCharsets.UTF_8).length;
        for (int cut1 = 1; cut1 < b.length; cut1++) {
            for (int cut2 = cut1; cut2 < b.length; cut2 += 3) {
                List<Unit> units = List.of(
                        new TerminalData(Recs.T0, Arrays.copyOfRange(b, 0, cut1)),
                        new TerminalData(Recs.T0 + 10, Arrays.copyOfRange(b, cut1, cut2)),
                        new TerminalData(Recs.T0 + 20, Arrays.copyOfRange(b, cut2, b.length)));
                Path f = Recs.write(dir, units);
                List<SearchHit> hits = Recs.find(f, SearchQuery.text(needle));
                long expected = needleEnd <= cut1 ? 0 : needleEnd <= cut2 ? 10 : 20;
                assertThat(hits).as("cut at %d and %d", cut1, cut2).extracting(SearchTest::where)
                        .containsExactly(expected + " o 报告：数据库备份正常 ok [备份正常]");
            }
        }
    }

    /** A generated shell session, its terminal bytes cut every way: the same hits, each at the record of its last byte. */
    @Test
    void generatedSessionsSplitEveryWayGiveTheSameHitsAtTheRightRecord() {
        Random rnd = new Random(42);
        StringBuilder sb = new StringBuilder();
        String[] words = {"ls", "-la", "报告.txt", "数据", "grep", "needle", "🚀", "passwd", "rm", "-rf", "x"};
        for (int line = 0; line < 60; line++) {
            sb.append("\u001b[1;3").append(line % 8).append('m').append("$ \u001b[0m");
            for (int w = 0; w < 6; w++) {
                sb.append(words[rnd.nextInt(words.length)]).append(' ');
            }
            sb.append("\r\n");
        }
        byte[] stream = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<SessionRecord> whole = List.of(new TerminalData(Recs.T0, stream));
        List<IntSupplier> splits = new ArrayList<>();
        splits.add(() -> 1);
        for (int n : new int[] {2, 3, 5, 7, 64}) {
            splits.add(() -> n);
        }
        for (long seed = 1; seed <= 4; seed++) {
            Random r = new Random(seed);
            splits.add(() -> 1 + r.nextInt(32));
        }
        for (String needle : new String[] {"needle", "数据 grep", "🚀 passwd", "rm -rf"}) {
            List<Long> endOffsets = byteEnds(sb.toString(), needle);
            for (IntSupplier split : splits) {
                List<Unit> units = Recs.recut(whole, split);
                Path f = Recs.write(dir, units);
                List<SearchHit> hits = Recs.find(f, SearchQuery.text(needle));
                assertThat(hits).as(needle).hasSize(endOffsets.size()).allSatisfy(h -> assertThat(h.match()).isEqualTo(needle));
                for (int i = 0; i < hits.size(); i++) {
                    assertThat(hits.get(i).position().toMillis()).as(needle + " hit " + i)
                            .isEqualTo(Recs.timeOfByte(units, endOffsets.get(i) - 1));
                }
            }
        }
    }

    /** Where each occurrence of {@code needle} in {@code text} ends, in UTF-8 bytes (non-overlapping, left to right). */
    private static List<Long> byteEnds(String text, String needle) {
        List<Long> ends = new ArrayList<>();
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            ends.add((long) text.substring(0, i + needle.length()).getBytes(StandardCharsets.UTF_8).length);
        }
        return ends;
    }

    @Test
    void positionsHaveTheIdleLimitAsThePlayerAppliesItFramesIncluded() {
        List<Unit> units = List.of(
                TerminalData.ofText(Recs.T0, "start\r\n"),
                new ScreenFrame(Recs.T0 + 10_000, 0, 0, 1, 1, new byte[] {1}),
                TerminalData.ofText(Recs.T0 + 20_000, "first hit\r\n"),
                TerminalData.ofText(Recs.T0 + 19_000, "stamped earlier hit\r\n"),
                InputEvent.ofText(Recs.T0 + 20_500, "hit it"),
                TerminalData.ofText(Recs.T0 + 90_000, "last hit\r\n"),
                Control.END);
        Path f = Recs.write(dir, units);
        SearchOptions limited = SearchOptions.builder().idleLimit(Duration.ofSeconds(2)).build();
        assertThat(Recs.find(f, SearchQuery.text("hit"), limited)).extracting(SearchTest::where).containsExactly(
                "4000 o first hit [hit]", "4000 o stamped earlier hit [hit]", "4500 i hit it [hit]", "6500 o last hit [hit]");
        assertThat(Recs.find(f, SearchQuery.text("hit"))).extracting(h -> h.position().toMillis())
                .containsExactly(20_000L, 20_000L, 20_500L, 90_000L);
        assertThat(Recs.find(f, SearchQuery.text("hit"), SearchOptions.builder().sources(SearchHit.Source.INPUT).build()))
                .extracting(SearchTest::where).containsExactly("20500 i hit it [hit]");
    }

    @Test
    void inputEventsAreSearchedEachOnItsOwnWithBackspacesAppliedAndKeysDropped() throws IOException {
        List<Unit> units = List.of(
                InputEvent.ofText(Recs.T0, "ls -l"), InputEvent.ofText(Recs.T0 + 5, "a\r"),
                InputEvent.ofText(Recs.T0 + 10, "rm -rg\u007ff /\u001b[D\u001b[Dtmp\r\nexit"),
                new ScreenFrame(Recs.T0 + 20, 0, 0, 1, 1, new byte[] {1}), Control.END);
        Path f = Recs.write(dir, units);
        assertThat(Recs.find(f, SearchQuery.text("-la"))).isEmpty();
        assertThat(Recs.find(f, SearchQuery.text("rm -rf /tmp"))).extracting(SearchTest::where).containsExactly("10 i rm -rf /tmp [rm -rf /tmp]");
        assertThat(Recs.find(f, SearchQuery.text("tmpexit"))).isEmpty();
        SearchResult r = RecordingSearch.find(Recording.open(f), SearchQuery.text("exit"), SearchOptions.defaults(), h -> { });
        assertThat(r).isEqualTo(new SearchResult(1, false, 1, EndReason.END, java.util.Optional.empty()));
    }

    @Test
    void regexesMatchLinearlyAndRefuseWhatNeedsBacktracking() {
        Path f = Recs.write(dir, Recs.output("$ ssh root@db-07.internal\r\n", "$ SSH admin@web-01\r\nx ssh\r\n"));
        assertThat(Recs.find(f, SearchQuery.regex("ssh \\w+@[a-z]+-\\d{2}"))).extracting(SearchHit::match)
                .containsExactly("ssh root@db-07", "SSH admin@web-01");
        assertThat(Recs.find(f, SearchQuery.regex("ssh \\w+@[a-z]+-\\d{2}").matchCase())).extracting(SearchHit::match)
                .containsExactly("ssh root@db-07");
        assertThat(Recs.find(f, SearchQuery.regex("^x (ssh|scp)$"))).extracting(SearchHit::match).containsExactly("x ssh");
        assertThat(Recs.find(f, SearchQuery.regex("\\bdb|web\\b"))).extracting(SearchHit::match).containsExactly("db", "web");
        assertThat(Recs.find(f, SearchQuery.regex("r.*?@"))).extracting(SearchHit::match).containsExactly("root@");
        assertThat(Recs.find(f, SearchQuery.regex("z*"))).isEmpty();
        for (String bad : new String[] {"(a)\\1", "(?=a)", "a++", "(?i)a", "[a", "a{3,1}", "a{1000}", "(a", "a)", "*a", ""}) {
            assertThatThrownBy(() -> SearchQuery.regex(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("null");
        }
        assertThatThrownBy(() -> SearchQuery.regex("(a{100}){100}")).hasMessageContaining("too large");
        assertThatThrownBy(() -> SearchQuery.text("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SearchQuery.text("x".repeat(257))).hasMessageContaining("256");
    }

    @Test
    void aCatastrophicPatternOnHostileTextStaysLinear() throws IOException {
        // (a+)+$ backtracks exponentially in java.util.regex on "aaaa...ab"; here it is one pass
        String hostile = "a".repeat(3000) + "b\r\n";
        Path f = Recs.write(dir, Recs.output(hostile.repeat(200)));
        long t0 = System.nanoTime();
        assertThat(Recs.find(f, SearchQuery.regex("(a+)+$"))).isEmpty();
        assertThat(Recs.find(f, SearchQuery.regex("(a|aa)+c"))).isEmpty();
        assertThat(System.nanoTime() - t0).as("two searches of 600 kB").isLessThan(30_000_000_000L);
    }

    @Test
    void theHitLimitStopsTheSearchAndABrokenRecordingIsSearchedUpToTheBreak() throws IOException {
        Path f = Recs.write(dir, Recs.output("a hit\r\n", "hit hit\r\n", "hit\r\n"));
        List<SearchHit> got = new ArrayList<>();
        SearchResult r = RecordingSearch.find(Recording.open(f), SearchQuery.text("hit"), SearchOptions.builder().maxHits(2).build(), got::add);
        assertThat(got).hasSize(2);
        assertThat(r.hits()).isEqualTo(2);
        assertThat(r.hitLimitReached()).isTrue();

        byte[] bytes = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.rec");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3)); // inside the last record
        got.clear();
        r = RecordingSearch.find(Recording.open(cut), SearchQuery.text("hit"), SearchOptions.defaults(), got::add);
        assertThat(r.ending()).isEqualTo(EndReason.TRUNCATED);
        assertThat(r.broken()).isTrue();
        assertThat(got).hasSize(3); // not the last record's, which no player plays
    }

    @Test
    void aLineLongerThanTheModelIsSearchedAcrossItsPiecesAndExportedWhole() {
        // needles at every offset around the 2048-column cuts of a 20,000-column line, in 1000-byte records
        StringBuilder line = new StringBuilder("z".repeat(20_000));
        List<Integer> at = new ArrayList<>();
        for (int cut = 2048, i = 0; cut < 19_000; cut += 2048, i++) {
            for (int d : new int[] {-16, -1 - i % 5, 8}) { // before, across (by 1 to 5 characters), after
                at.add(cut + d);
            }
        }
        for (int a : at) {
            line.replace(a, a + 6, "needle");
        }
        String text = line.toString();
        List<Unit> units = Recs.recut(List.of(TerminalData.ofText(Recs.T0, text + "\r\n")), () -> 1000);
        Path f = Recs.write(dir, units);
        List<SearchHit> hits = Recs.find(f, SearchQuery.text("NEEDLE"));
        assertThat(hits).hasSize(at.size()).allSatisfy(h -> assertThat(h.match()).isEqualTo("needle"));
        for (int i = 0; i < at.size(); i++) {
            assertThat(hits.get(i).position().toMillis()).isEqualTo(Recs.timeOfByte(units, at.get(i) + 5));
        }
        assertThat(Recs.find(f, SearchQuery.regex("ne+dle"))).hasSize(at.size());
        assertThat(Recs.find(f, SearchQuery.regex("needlez{1,9}needle"))).hasSize(at.size() / 3); // each pair across a cut
        assertThat(Recs.text(f)).isEqualTo(text + "\n");
    }

    @Test
    void excerptsShowTheMatchInItsLineAndHitsDoNotOverlap() {
        String longLine = "x".repeat(100) + " the needle is here " + "y".repeat(100) + "\r\n";
        Path f = Recs.write(dir, Recs.output(longLine, "aaaa\r\n"));
        SearchHit h = Recs.find(f, SearchQuery.text("NEEDLE")).get(0);
        assertThat(h.excerpt()).isEqualTo("x".repeat(35) + " the needle is here " + "y".repeat(31));
        assertThat(h.match()).isEqualTo("needle");
        assertThat(Recs.find(f, SearchQuery.text("aa"))).hasSize(2);
    }
}
