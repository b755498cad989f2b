package io.github.sessionbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.internal.SampleSession;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay}'s keys in a terminal (on a fake clock, keys arriving at set times), and {@code record} then {@code replay}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplayKeysAndRecordTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;
    private Path sample;
    private long sampleMillis;

    @BeforeEach
    void writeSample() throws Exception {
        sample = dir.resolve("sample.rec");
        Files.write(sample, SampleSession.bytes());
        List<SessionRecord> records = SampleSession.units().stream()
                .filter(SessionRecord.class::isInstance).map(SessionRecord.class::cast).toList();
        sampleMillis = records.get(records.size() - 1).timestamp() - records.get(0).timestamp();
    }

    /** Keys that become readable when the fake clock reaches their time (nanoseconds after the start). */
    private static final class TimedKeys extends InputStream {
        private final CliRun.FakeClock clock;
        private final long start;
        private final List<long[]> keys = new ArrayList<>();

        TimedKeys(CliRun.FakeClock clock) {
            this.clock = clock;
            this.start = clock.now;
        }

        TimedKeys at(double seconds, String bytes) {
            for (char c : bytes.toCharArray()) {
                keys.add(new long[] {start + (long) (seconds * S), c});
            }
            return this;
        }

        @Override
        public int available() {
            int n = 0;
            for (long[] k : keys) {
                if (k[0] <= clock.now) {
                    n++;
                } else {
                    break;
                }
            }
            return n;
        }

        @Override
        public int read() {
            return available() > 0 ? (int) keys.remove(0)[1] : -1;
        }
    }

    private record Run(int status, String out, String err, CliRun.FakeClock clock) {
    }

    private Run interactive(java.util.function.Function<TimedKeys, TimedKeys> keys, String... args) {
        CliRun.FakeClock clock = new CliRun.FakeClock();
        TimedKeys in = keys.apply(new TimedKeys(clock));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new CliContext(in, new PrintStream(out, false, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock, true));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), clock);
    }

    @Test
    void withoutKeysAnInteractiveReplayPlaysAtItsPace() {
        Run r = interactive(k -> k, "replay", sample.toString());
        assertThat(r.status()).isZero();
        assertThat(r.clock().sleptNanos()).isBetween(sampleMillis * 1_000_000, sampleMillis * 1_000_000 + S / 10);
        assertThat(r.err()).contains("[session ended: END");
    }

    @Test
    void qQuitsAtOnceWithStatusZero() {
        Run r = interactive(k -> k.at(1, "q"), "replay", sample.toString());
        assertThat(r.status()).isZero();
        assertThat(r.clock().sleptNanos()).isLessThan(2 * S);
        assertThat(r.err()).contains("[replay stopped at 1.");
        assertThat(r.err()).doesNotContain("session ended");
    }

    @Test
    void spacePausesAndResumes() {
        Run r = interactive(k -> k.at(1, " ").at(11, " "), "replay", sample.toString());
        assertThat(r.status()).isZero();
        assertThat(r.clock().sleptNanos()).isBetween(sampleMillis * 1_000_000 + 10 * S - S / 10, sampleMillis * 1_000_000 + 10 * S + S / 10);
    }

    @Test
    void plusAndMinusChangeTheSpeed() {
        Run faster = interactive(k -> k.at(0, "++"), "replay", sample.toString());
        assertThat(faster.status()).isZero();
        assertThat((double) faster.clock().sleptNanos()).isCloseTo(sampleMillis * 1e6 / 4, org.assertj.core.data.Offset.offset(1e8));
        Run slower = interactive(k -> k.at(0, "-"), "replay", sample.toString(), "--speed", "4");
        assertThat((double) slower.clock().sleptNanos()).isCloseTo(sampleMillis * 1e6 / 2, org.assertj.core.data.Offset.offset(1e8));
    }

    @Test
    void arrowsSeekFiveSecondsAndTheScreenIsSentAgain() {
        Run ahead = interactive(k -> k.at(0, "\u001b[C\u001b[C"), "replay", sample.toString());
        assertThat(ahead.status()).isZero();
        assertThat((double) ahead.clock().sleptNanos()).isCloseTo(sampleMillis * 1e6 - 10 * S, org.assertj.core.data.Offset.offset(1e8));
        assertThat(ahead.out()).contains("\u001bc");
        Run back = interactive(k -> k.at(8, "\u001bOD"), "replay", sample.toString());
        assertThat((double) back.clock().sleptNanos()).isCloseTo(sampleMillis * 1e6 + 5 * S, org.assertj.core.data.Offset.offset(1e8));
    }

    @Test
    void keysAreIgnoredWhenNotInATerminalOrForOtherFormats() {
        Run jsonl = interactive(k -> k.at(0, "q"), "replay", sample.toString(), "--format", "jsonl");
        assertThat(jsonl.status()).isZero();
        assertThat(jsonl.out()).endsWith("\"reason\":\"END\",\"text\":\"会话已结束！\"}\n");
    }

    @Test
    void recordThenReplayGivesBackTheSessionInEveryFormat() throws Exception {
        try (FakeCServer c = FakeCServer.builder().start()) {
            c.session("s-42").streams(sample);
            Path out = dir.resolve("copy.rec");
            CliRun.Result rec = CliRun.run("record", "--host", "127.0.0.1", "--port", String.valueOf(c.port()), "--sid", "s-42",
                    "--out", out.toString());
            assertThat(rec.status()).as(rec.stderr()).isZero();
            assertThat(rec.stderr()).contains("units (" + SampleSession.bytes().length + " bytes)").contains("session ended: END");
            assertThat(Files.readAllBytes(out)).isEqualTo(SampleSession.bytes());
            for (String format : List.of("terminal", "jsonl", "asciicast")) {
                CliRun.Result a = CliRun.run("replay", out.toString(), "--format", format);
                CliRun.Result b = CliRun.run("replay", sample.toString(), "--format", format);
                assertThat(a.status()).isZero();
                assertThat(a.stdoutBytes()).as(format).isEqualTo(b.stdoutBytes());
                assertThat(a.clock().sleeps).as(format).isEqualTo(b.clock().sleeps);
            }
        }
    }

    @Test
    void outOfRangeSpeedIsAUsageError() {
        CliRun.Result r = CliRun.run("replay", sample.toString(), "--speed", "32");
        assertThat(r.status()).isEqualTo(64);
        assertThat(r.stderr()).contains("--speed must be within 0.25..16");
    }
}
