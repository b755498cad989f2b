package io.github.sessionbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code play --paced [--speed X] [--from SECONDS]} against a fake C server on loopback: the output's timing
 * follows the records' timestamps x speed whatever pace they arrive at, {@code --from} skips the start (waiting
 * for a live stream to get there), exit statuses as for {@code play}, bad values are usage errors.
 *
 * <p>Timing is measured between output lines with generous bounds: lower bounds a little under the
 * schedule (playback never runs early; the slack covers a first line written late), upper bounds a second
 * over it (a loaded machine runs late, never early).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlayPacedTest {

    static final long T0 = 1_700_000_000_000L;
    static final long EARLY = 150;
    static final long LATE = 1000;

    /** Gaps of 600, 900, 1200, 2400 ms from the first record; an input event among them. */
    static final List<SessionRecord> SPACED = List.of(TerminalData.ofText(T0, "one\r\n"),
            TerminalData.ofText(T0 + 600, "two\r\n"), InputEvent.ofText(T0 + 900, "ls"),
            TerminalData.ofText(T0 + 1200, "three\r\n"), TerminalData.ofText(T0 + 2400, "four\r\n"));

    @TempDir
    Path dir;
    private FakeCServer server;

    /** Standard output that notes when each line was completed. */
    static final class TimedOutput extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Long> lineTimes = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            if (b == '\n') {
                lineTimes.add(System.nanoTime());
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }

    /** One run of the CLI in this JVM: its status, output lines, when each line came, and stderr. */
    record Run(int status, List<String> lines, List<Long> lineTimes, long started, String err) {
        long ms(int from, int to) {
            return TimeUnit.NANOSECONDS.toMillis(lineTimes.get(to) - lineTimes.get(from));
        }

        long msFromStart(int line) {
            return TimeUnit.NANOSECONDS.toMillis(lineTimes.get(line) - started);
        }

        String last() {
            return lines.get(lines.size() - 1);
        }
    }

    static Run run(String... args) {
        TimedOutput out = new TimedOutput();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long started = System.nanoTime();
        int status = Main.run(args, new CliContext(InputStream.nullInputStream(), new PrintStream(out, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), ReplayClock.system()));
        synchronized (out) {
            return new Run(status, out.bytes.toString(StandardCharsets.UTF_8).lines().toList(), List.copyOf(out.lineTimes),
                    started, err.toString(StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = FakeCServer.builder().start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Path recording(String name, List<SessionRecord> records) throws IOException {
        Path p = dir.resolve(name);
        try (RecordingWriter w = RecordingWriter.create(p)) {
            for (SessionRecord r : records) {
                w.write(r);
            }
        }
        return p;
    }

    private Run play(String sid, String... more) {
        List<String> args = new ArrayList<>(List.of("play", "--host", "127.0.0.1", "--port", String.valueOf(server.port()),
                "--sid", sid, "--format", "jsonl"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static final Pattern TS = Pattern.compile("\"ts\":(\\d+)");
    private static final Pattern CONTENT = Pattern.compile("\"(?:base64|text)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    static long ts(String line) {
        Matcher m = TS.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Long.parseLong(m.group(1));
    }

    static String text(String line) {
        Matcher m = CONTENT.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return line.contains("\"base64\"") ? new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8) : m.group(1);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1, 2, 4})
    void theOutputFollowsTheTimestampsTimesTheSpeedThoughTheServerSendsItAtOnce(double speed) throws Exception {
        server.session("fast").streams(recording("spaced.rec", SPACED)).then(Ending.END);
        Run r = play("fast", "--paced", "--speed", String.valueOf(speed));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(SPACED.size() + 1);
        for (int i = 0; i < SPACED.size(); i++) {
            assertThat(ts(r.lines().get(i))).isEqualTo(SPACED.get(i).timestamp());
            long due = Math.round((SPACED.get(i).timestamp() - T0) / speed);
            assertThat(r.ms(0, i)).as("line %d at %.2fx: due %d ms after the first", i, speed, due)
                    .isBetween(due - EARLY, due + LATE);
        }
        assertThat(r.last()).contains("\"reason\":\"END\"");
        // the notice comes when playback gets to the end, not when the C server ended (at once)
        assertThat(r.ms(0, SPACED.size())).isGreaterThanOrEqualTo(Math.round(2400 / speed) - EARLY);
    }

    @Test
    void aServerThatTakesAWhileToStartSendingDoesNotSqueezeTheStart() throws Exception {
        // the C server looks the recording up for a second, then sends it at once: playback time 0 is the first
        // record, so the first second of the session still plays at its pace (not at once, as if the session
        // had started when the timeline opened)
        server.session("slow").waits(java.time.Duration.ofMillis(1000)).streams(recording("spaced.rec", SPACED))
                .then(Ending.END);
        Run r = play("slow", "--paced");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(SPACED.size() + 1);
        for (int i = 0; i < SPACED.size(); i++) {
            long due = SPACED.get(i).timestamp() - T0;
            assertThat(r.ms(0, i)).as("line %d: due %d ms after the first", i, due).isBetween(due - EARLY, due + LATE);
        }
    }

    @Test
    void withoutPacedTheSameServerWritesItAsItArrives() throws Exception {
        server.session("fast").streams(recording("spaced.rec", SPACED)).then(Ending.END);
        Run r = play("fast");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(SPACED.size() + 1);
        assertThat(r.ms(0, SPACED.size())).as("2.4 s of session, written at once").isLessThan(1000L);
    }

    @Test
    void aSessionTheServerPacesItselfIsPlayedAtItsPaceToo() throws Exception {
        server.session("paced").pacing(io.github.sessionbridge.testkit.Pacing.realtime())
                .streams(recording("spaced.rec", SPACED)).then(Ending.END);
        Run r = play("paced", "--paced", "--speed", "1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(SPACED.size() + 1);
        for (int i = 0; i < SPACED.size(); i++) {
            long due = SPACED.get(i).timestamp() - T0;
            assertThat(r.ms(0, i)).as("line %d", i).isBetween(due - EARLY, due + LATE);
        }
    }

    /** 0, 1 s, 3 s, 3.5 s. */
    static final List<SessionRecord> FOUR = List.of(TerminalData.ofText(T0, "alpha\r\n"),
            TerminalData.ofText(T0 + 1000, "bravo\r\n"), TerminalData.ofText(T0 + 3000, "charlie\r\n"),
            TerminalData.ofText(T0 + 3500, "delta\r\n"));

    @Test
    void fromSkipsTheStartAndWritesTheScreenAsItWasThen() throws Exception {
        server.session("s").streams(recording("four.rec", FOUR)).then(Ending.END);
        Run r = play("s", "--paced", "--from", "2");
        assertThat(r.status()).as(r.err()).isZero();
        // the screen at 2 s (alpha and bravo rebuilt in one record, stamped as bravo), then charlie and delta
        assertThat(r.lines()).hasSize(4);
        assertThat(ts(r.lines().get(0))).isEqualTo(T0 + 1000);
        assertThat(text(r.lines().get(0))).contains("alpha\r\nbravo\r\n");
        assertThat(ts(r.lines().get(1))).isEqualTo(T0 + 3000);
        assertThat(text(r.lines().get(1))).isEqualTo("charlie\r\n");
        assertThat(ts(r.lines().get(2))).isEqualTo(T0 + 3500);
        assertThat(r.last()).contains("\"reason\":\"END\"");
        // played from 2 s: charlie 1 s after the screen (from bravo's time it would be 2 s), delta 0.5 s later
        assertThat(r.ms(0, 1)).isBetween(1000L - EARLY, 1900L);
        assertThat(r.ms(1, 2)).isBetween(500L - EARLY, 500L + LATE);
    }

    @Test
    void fromWithSpeed() throws Exception {
        server.session("s").streams(recording("four.rec", FOUR)).then(Ending.END);
        Run r = play("s", "--paced", "--from", "0.5", "--speed", "2");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(5);
        assertThat(text(r.lines().get(0))).as("a screen reset, then alpha").endsWith("alpha\r\n");
        assertThat(text(r.lines().get(1))).isEqualTo("bravo\r\n");
        assertThat(r.ms(0, 1)).as("(1000 - 500) / 2").isBetween(250 - EARLY, 250 + LATE);
        assertThat(r.ms(0, 2)).as("(3000 - 500) / 2").isBetween(1250L - EARLY, 1250L + LATE);
    }

    @Test
    void fromWaitsForALiveStreamToGetThereInsteadOfClampingToWhatHasArrived() throws Exception {
        // live: the C server sends each record when it happens, stamped then; 700 ms is received only when
        // charlie arrives, 1.2 s in. Seeking at once would clamp to alpha, and bravo would be written alone.
        List<SessionRecord> live = List.of(TerminalData.ofText(T0, "alpha\r\n"), TerminalData.ofText(T0 + 200, "bravo\r\n"),
                TerminalData.ofText(T0 + 1200, "charlie\r\n"), TerminalData.ofText(T0 + 1400, "delta\r\n"));
        server.session("live").streamsLive(recording("live.rec", live)).then(Ending.END);
        Run r = play("live", "--paced", "--from", "0.7");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(4);
        assertThat(text(r.lines().get(0))).contains("alpha\r\nbravo\r\n");
        assertThat(text(r.lines().get(1))).isEqualTo("charlie\r\n");
        assertThat(text(r.lines().get(2))).isEqualTo("delta\r\n");
        assertThat(r.msFromStart(0)).as("nothing before the stream reached 0.7 s (charlie, 1.2 s in)")
                .isGreaterThanOrEqualTo(1199L);
        // the stamps are the live times; charlie (received before the seek) plays its time - 0.7 s after
        // the screen, which is less than its gap from bravo (stamped at least 200 ms in)
        assertThat(r.ms(0, 1)).isLessThan(ts(r.lines().get(1)) - ts(r.lines().get(0)) + LATE);
    }

    @Test
    void fromPastTheEndWritesTheFinalScreenAndEnds() throws Exception {
        server.session("s").streams(recording("four.rec", FOUR)).then(Ending.END);
        Run r = play("s", "--paced", "--from", "60");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(2);
        assertThat(text(r.lines().get(0))).contains("alpha").contains("delta");
        assertThat(r.last()).contains("\"reason\":\"END\"");
        assertThat(r.msFromStart(1)).as("not 60 s").isLessThan(10_000L);
    }

    @Test
    void exitStatusesAreAsForPlay() throws Exception {
        // 2: REFUSED, also while waiting for --from
        Run refused = play("nobody", "--paced");
        assertThat(refused.status()).as(refused.err() + refused.lines()).isEqualTo(2);
        assertThat(refused.last()).contains("\"reason\":\"REFUSED\"");
        Run refusedFrom = play("nobody", "--paced", "--from", "5");
        assertThat(refusedFrom.status()).as(refusedFrom.err() + refusedFrom.lines()).isEqualTo(2);
        assertThat(refusedFrom.last()).contains("\"reason\":\"REFUSED\"");
        // 1: truncated inside a record, after one good one
        Path cut = recording("cut.rec", List.of(TerminalData.ofText(T0, "before the cut\r\n")));
        Files.write(cut, new byte[] {'d', 0, 0, 0, 20, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        server.session("cut").streams(cut).then(Ending.CLOSE);
        Run truncated = play("cut", "--paced", "--speed", "16");
        assertThat(truncated.status()).as(truncated.err()).isEqualTo(1);
        assertThat(truncated.lines()).hasSize(2);
        assertThat(truncated.last()).contains("\"reason\":\"TRUNCATED\"");
        // 1: the same, sought past the cut; and a stream that turns to garbage after a record
        Run truncatedFrom = play("cut", "--paced", "--from", "60");
        assertThat(truncatedFrom.status()).as(truncatedFrom.err()).isEqualTo(1);
        assertThat(truncatedFrom.lines()).hasSize(2);
        assertThat(text(truncatedFrom.lines().get(0))).contains("before the cut");
        assertThat(truncatedFrom.last()).contains("\"reason\":\"TRUNCATED\"");
        server.session("garbage").sendsText(T0, "good\r\n").sendsGarbage(64, 7).then(Ending.STALL);
        for (String[] extra : new String[][] {{"--speed", "16"}, {"--from", "60"}}) {
            Run garbage = play("garbage", "--paced", extra[0], extra[1]);
            assertThat(garbage.status()).as(garbage.err()).isEqualTo(1);
            assertThat(garbage.lines()).hasSize(2);
            assertThat(text(garbage.lines().get(0))).contains("good");
            assertThat(garbage.last()).contains("\"reason\":\"PROTOCOL_ERROR\"");
        }
        // 1: connect failure
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run down = run("play", "--host", "127.0.0.1", "--port", String.valueOf(closed), "--sid", "x", "--format", "jsonl",
                "--paced", "--from", "1");
        assertThat(down.status()).isEqualTo(1);
        assertThat(down.last()).contains("\"reason\":\"CONNECT_FAILED\"");
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        String[][] cases = {
            {"--paced", "--speed", "0"}, {"--speed"},
            {"--paced", "--speed", "17"}, {"--speed"},
            {"--paced", "--speed", "0.2"}, {"--speed"},
            {"--paced", "--speed", "NaN"}, {"--speed"},
            {"--paced", "--speed", "-2"}, {"--speed"},
            {"--paced", "--from", "-1"}, {"--from"},
            {"--paced", "--from", "soon"}, {"--from"},
            {"--paced", "--from", "Infinity"}, {"--from"},
            {"--speed", "2"}, {"--speed applies to --paced only"},
            {"--from", "1"}, {"--from applies to --paced only"},
            {"--paced=yes"}, {"--paced takes no value"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            Run r = play("s", cases[i]);
            assertThat(r.status()).as(String.join(" ", cases[i])).isEqualTo(64);
            assertThat(r.err().strip().lines()).as(r.err()).singleElement().asString().contains(cases[i + 1][0]);
            assertThat(r.lines()).isEmpty();
        }
        assertThat(server.connectionCount()).as("no connection for a usage error").isZero();
    }
}
