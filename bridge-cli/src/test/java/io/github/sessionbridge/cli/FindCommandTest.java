package io.github.sessionbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.search.TerminalTextWriter;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.Split;
import io.github.sessionbridge.testkit.internal.SampleSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code find} and {@code replay --format text} on the bundled sample and on recordings made from it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FindCommandTest {

    @TempDir
    Path dir;
    private Path sample;
    private List<SessionRecord> records;

    @BeforeEach
    void writeSample() throws Exception {
        sample = dir.resolve("sample.rec");
        Files.write(sample, SampleSession.bytes());
        records = SampleSession.units().stream().filter(SessionRecord.class::isInstance).map(SessionRecord.class::cast).toList();
    }

    private long offsetOf(SessionRecord r) {
        return r.timestamp() - records.get(0).timestamp();
    }

    private static String seconds(long millis) {
        return AsciicastFormatter.seconds(millis);
    }

    private SessionRecord inputEvent(String text) {
        return records.stream().filter(r -> r instanceof InputEvent e && e.text().equals(text)).findFirst().orElseThrow();
    }

    /** The first terminal-data record after {@code from} whose bytes hold {@code bytes}' last byte where they end. */
    private SessionRecord lastRecordBefore(SessionRecord before, String content) {
        SessionRecord found = null;
        for (SessionRecord r : records) {
            if (r == before) {
                return found;
            }
            if (r instanceof TerminalData && new String(r.content(), StandardCharsets.UTF_8).equals(content)) {
                found = r;
            }
        }
        throw new AssertionError("not found: " + before);
    }

    @Test
    void theSampleCommandTypedWithATypoFixedIsFoundInTheEchoAndTheInputEventAtTheirRecords() {
        CliRun.Result r = CliRun.run("find", sample.toString(), "COLOR=auto");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        SessionRecord input = inputEvent("ls -lF --color=auto");
        SessionRecord lastKey = lastRecordBefore(input, "o"); // the echo of the last key typed, "o"
        assertThat(r.stdoutLines()).containsExactly(
                seconds(offsetOf(input)) + "\ti\tls -lF --color=auto",
                seconds(offsetOf(lastKey)) + "\to\tops@web-01:~$ ls -lF --color=auto");
        assertThat(CliRun.run("find", sample.toString(), "--", "--colr").status()).isEqualTo(3);
    }

    @Test
    void chineseTextCutInsideACharacterIsFoundAtTheRecordThatCompletesIt() {
        CliRun.Result r = CliRun.run("find", sample.toString(), "备份正常", "--format", "jsonl");
        assertThat(r.status()).as(r.stderr()).isZero();
        // cat's output is cut one byte into 备: the second record completes the match
        byte[] rest = "份正常".getBytes(StandardCharsets.UTF_8);
        SessionRecord completing = records.stream().filter(x -> x instanceof TerminalData && indexOf(x.content(), rest) >= 0)
                .findFirst().orElseThrow();
        assertThat(r.stdoutLines().get(0)).isEqualTo("{\"kind\":\"hit\",\"offsetMs\":" + offsetOf(completing)
                + ",\"source\":\"o\",\"excerpt\":\"2. 数据库每日备份正常，最近一次：03-09 02:00。\"}");
        // and again when vi draws the file, and in the input event of the line typed there? no: that line is another
        assertThat(r.stdoutLines()).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(l -> assertThat(l).startsWith("{\"kind\":\"hit\",\"offsetMs\":").contains("\"source\":\"o\""));
        CliRun.Result wide = CliRun.run("find", sample.toString(), "准备退出 🚀");
        assertThat(wide.stdoutLines()).anySatisfy(l -> assertThat(l).endsWith("\ti\techo \"巡检完成，准备退出 🚀\""))
                .anySatisfy(l -> assertThat(l).endsWith("\to\t巡检完成，准备退出 🚀"));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        return indexOf(hay, needle, 0);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void theIdleLimitShortensPositionsAsReplayDoes() {
        CliRun.Result plain = CliRun.run("find", sample.toString(), "logout");
        CliRun.Result limited = CliRun.run("find", sample.toString(), "logout", "--idle-limit", "0.5");
        long end = offsetOf(records.get(records.size() - 1));
        assertThat(plain.stdoutLines()).containsExactly(seconds(end) + "\to\tlogout");
        long playback = 0;
        for (int i = 1; i < records.size(); i++) {
            playback += Math.min(500, Math.max(0, records.get(i).timestamp() - records.get(i - 1).timestamp()));
        }
        assertThat(limited.stdoutLines()).containsExactly(seconds(playback) + "\to\tlogout");
    }

    @Test
    void aGraphicalSessionIsSearchedByItsInputEvents() throws Exception {
        Path g = dir.resolve("g.rec");
        Files.write(g, SampleSession.graphicalBytes());
        CliRun.Result r = CliRun.run("find", g.toString(), "CLICK");
        assertThat(r.status()).isZero();
        assertThat(r.stdoutLines()).containsExactly("0.480\ti\tmouse click (20, 12)");
    }

    @Test
    void exitStatusesSayFoundNotFoundUsageAndUnreadableOrBroken() throws Exception {
        CliRun.Result none = CliRun.run("find", sample.toString(), "no such text anywhere");
        assertThat(none.status()).isEqualTo(3);
        assertThat(none.stdout()).isEmpty();
        assertThat(none.stderr()).isEmpty();

        for (String[] usage : new String[][] {{"find", sample.toString()}, {"find", sample.toString(), "x", "y"},
            {"find", sample.toString(), "x", "--format", "csv"}, {"find", sample.toString(), "(a", "--regex"},
            {"find", sample.toString(), ""}, {"find", sample.toString(), "x", "--idle-limit", "-1"}, {"find", "", "x"}}) {
            CliRun.Result u = CliRun.run(usage);
            assertThat(u.status()).as(String.join(" ", usage)).isEqualTo(64);
            assertThat(u.stderrLines()).as(String.join(" ", usage)).hasSize(1);
        }

        CliRun.Result missing = CliRun.run("find", dir.resolve("nope.rec").toString(), "x");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.stderrLines()).hasSize(1).allSatisfy(l -> assertThat(l).contains("nope.rec").contains("cannot read"));
        Path notRec = Files.writeString(dir.resolve("x.txt"), "hello");
        assertThat(CliRun.run("find", notRec.toString(), "x").stderr()).contains("not a recording file");
        assertThat(CliRun.run("find", notRec.toString(), "x").status()).isEqualTo(1);
        assertThat(CliRun.run("find", dir.toString(), "x").status()).isEqualTo(1);

        byte[] b = SampleSession.bytes();
        Path cut = dir.resolve("cut.rec");
        Files.write(cut, Arrays.copyOf(b, b.length - 40)); // inside the last records
        CliRun.Result broken = CliRun.run("find", cut.toString(), "color=auto");
        assertThat(broken.status()).isEqualTo(1);
        assertThat(broken.stdoutLines()).hasSize(2);
        assertThat(broken.stderrLines()).hasSize(1).allSatisfy(l -> assertThat(l).contains("TRUNCATED").contains("searched up to there"));
    }

    @Test
    void regexAndMatchCase() {
        CliRun.Result r = CliRun.run("find", sample.toString(), "web-\\d+: ~", "--regex");
        assertThat(r.status()).isEqualTo(3); // window titles are not text on the screen
        CliRun.Result sizes = CliRun.run("find", sample.toString(), "^-rw.*报告\\.txt$", "--regex");
        assertThat(sizes.stdoutLines()).singleElement().satisfies(l -> assertThat(l).endsWith(" 报告.txt").contains("\to\t-rw-r--r--"));
        assertThat(CliRun.run("find", sample.toString(), "LOGOUT", "--match-case").status()).isEqualTo(3);
        assertThat(CliRun.run("find", sample.toString(), "logout", "--match-case").status()).isZero();
    }

    @Test
    void replayAsTextIsWhatTheOperatorSawScrollPast() throws Exception {
        CliRun.Result r = CliRun.run("replay", sample.toString(), "--format", "text");
        assertThat(r.status()).as(r.stderr()).isZero();
        String text = r.stdout();
        assertThat(text).doesNotContain("\u001b", "\r", "\b", "\u0007")
                .contains("ops@web-01:~$ ls -lF --color=auto\n", "-rw-r--r-- 1 ops ops  2291 Mar  8 16:02 会议纪要.md\n",
                        "请在 09:30 前完成巡检并退出会话。\n", "巡检完成，准备退出 🚀\n", "*** 本会话由运维审计系统全程录像，请遵守安全管理规定。***\n",
                        "3. 今天完成了服务器巡检，一切正常。", "logout\n")
                .doesNotContain("--colr");
        ByteArrayOutputStream lib = new ByteArrayOutputStream();
        TerminalTextWriter.export(Recording.open(sample), lib);
        assertThat(r.stdoutBytes()).isEqualTo(lib.toByteArray());
        // the same text from a live play through the bridge
        try (FakeCServer c = FakeCServer.builder().start()) {
            c.session("s-42").streams(sample);
            CliRun.Result play = CliRun.run("play", "--host", "127.0.0.1", "--port", String.valueOf(c.port()), "--sid", "s-42",
                    "--format", "text");
            assertThat(play.status()).as(play.stderr()).isZero();
            assertThat(play.stdout()).isEqualTo(text);
        }
    }

    /**
     * Sessions generated from the sample, their terminal data cut again every way (every N bytes, random sizes,
     * as {@link Split} describes them), served by a real fake C server over TCP with that split, recorded by
     * {@code record} through the bridge: {@code find} gives the same hits, each at the record holding the
     * match's last byte.
     */
    @Test
    void recordingsSplitEveryWayAndRecordedThroughTheBridgeGiveTheSameHits() throws Exception {
        List<Split> splits = List.of(Split.byteByByte(), Split.every(2), Split.every(3), Split.every(7), Split.random(1),
                Split.random(19, 5));
        CliRun.Result whole = CliRun.run("find", sample.toString(), "报告.txt");
        assertThat(whole.status()).isZero();
        for (Split split : splits) {
            List<Unit> units = recut(split);
            Path file = dir.resolve("split.rec");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            io.github.sessionbridge.protocol.RecordingWriter w = new io.github.sessionbridge.protocol.RecordingWriter(out);
            for (Unit u : units) {
                w.write(u);
            }
            w.flush();
            Files.write(file, out.toByteArray());
            Path recorded = dir.resolve("recorded.rec");
            try (FakeCServer c = FakeCServer.builder().split(split).start()) {
                c.session("s-1").streams(file);
                CliRun.Result rec = CliRun.run("record", "--host", "127.0.0.1", "--port", String.valueOf(c.port()), "--sid", "s-1",
                        "--out", recorded.toString());
                assertThat(rec.status()).as(rec.stderr()).isZero();
            }
            CliRun.Result r = CliRun.run("find", recorded.toString(), "报告.txt");
            assertThat(r.status()).as(split.toString()).isZero();
            List<String> excerpts = r.stdoutLines().stream().map(l -> l.substring(l.indexOf('\t') + 1)).toList();
            assertThat(excerpts).as(split.toString()).isEqualTo(whole.stdoutLines().stream().map(l -> l.substring(l.indexOf('\t') + 1)).toList());
            // every output hit is at the time of the record that holds the last byte of "报告.txt" where it was written
            assertThat(r.stdoutLines().stream().filter(l -> l.contains("\to\t")).map(l -> l.substring(0, l.indexOf('\t'))).toList())
                    .as(split.toString()).isEqualTo(expectedOutputPositions(units, "报告.txt"));
        }
    }

    /** Where {@code needle} ends in the terminal byte stream of {@code units}: the times of the records holding its last bytes. */
    private static List<String> expectedOutputPositions(List<Unit> units, String needle) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<Long> times = new ArrayList<>();
        for (Unit u : units) {
            if (u instanceof TerminalData d) {
                all.writeBytes(d.content());
                for (int i = 0; i < d.contentLength(); i++) {
                    times.add(d.timestamp() - SampleSession.START);
                }
            }
        }
        byte[] b = all.toByteArray();
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int i = indexOf(b, n, 0); i >= 0; i = indexOf(b, n, i + n.length)) {
            out.add(seconds(times.get(i + n.length - 1)));
        }
        return out;
    }

    /** The sample's terminal data cut into records of the sizes {@code split} gives, records 10 ms apart; input events kept in place. */
    private List<Unit> recut(Split split) {
        Random random = split.kind() == Split.Kind.RANDOM ? new Random(split.seed()) : null;
        List<Unit> out = new ArrayList<>();
        long t = SampleSession.START;
        for (SessionRecord r : records) {
            if (r instanceof TerminalData d) {
                byte[] b = d.content();
                int at = 0;
                while (at < b.length) {
                    int n = Math.min(b.length - at, random != null ? 1 + random.nextInt(split.maxChunk()) : split.chunkSize());
                    out.add(new TerminalData(t, Arrays.copyOfRange(b, at, at + n)));
                    t += 10;
                    at += n;
                }
            } else {
                out.add(InputEvent.ofText(t, ((InputEvent) r).text()));
                t += 10;
            }
        }
        out.add(io.github.sessionbridge.protocol.Control.END);
        return out;
    }
}
