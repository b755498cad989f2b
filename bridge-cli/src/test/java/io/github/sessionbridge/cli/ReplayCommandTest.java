package io.github.sessionbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.internal.Json;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import io.github.sessionbridge.protocol.Utf8StreamDecoder;
import io.github.sessionbridge.testkit.internal.SampleSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final String END_LINE = "{\"kind\":\"notice\",\"code\":3,\"reason\":\"END\",\"text\":\"会话已结束！\"}";

    @TempDir
    Path dir;
    private Path sample;
    private List<SessionRecord> sampleRecords;
    private long sampleMillis;

    @BeforeEach
    void writeSample() throws IOException {
        sample = dir.resolve("sample.rec");
        Files.write(sample, SampleSession.bytes());
        sampleRecords = SampleSession.units().stream()
                .filter(SessionRecord.class::isInstance).map(SessionRecord.class::cast).toList();
        sampleMillis = sampleRecords.get(sampleRecords.size() - 1).timestamp() - sampleRecords.get(0).timestamp();
    }

    private Path recording(Unit... units) throws IOException {
        Path file = Files.createTempFile(dir, "r", ".rec");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("SESSREC1".getBytes(StandardCharsets.US_ASCII));
        for (Unit u : units) {
            out.write(UnitEncoder.encode(u));
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void jsonlOfTheSampleHasOneLinePerRecordThenTheEndNotice() {
        CliRun.Result r = CliRun.run("replay", sample.toString(), "--format", "jsonl");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        List<String> lines = r.stdoutLines();
        assertThat(lines).hasSize(sampleRecords.size() + 1);
        assertThat(lines.get(lines.size() - 1)).isEqualTo(END_LINE);
        for (int i = 0; i < sampleRecords.size(); i++) {
            SessionRecord rec = sampleRecords.get(i);
            String prefix = "{\"kind\":\"record\",\"type\":\"" + (char) rec.type().wireByte() + "\",\"ts\":" + rec.timestamp() + ",";
            assertThat(lines.get(i)).startsWith(prefix);
            if (rec instanceof TerminalData) {
                assertThat(lines.get(i)).isEqualTo(prefix + "\"base64\":\"" + Base64.getEncoder().encodeToString(rec.content()) + "\"}");
            } else {
                assertThat(lines.get(i)).isEqualTo(prefix + "\"text\":" + Json.quote(((InputEvent) rec).text()) + "}");
            }
        }
        assertThat(r.stdout()).contains("\"text\":\"cat 报告.txt\"", "\"text\":\"\\u001b\"");
    }

    @Test
    void jsonlIsPacedByTheTimestampsOnTheInjectedClock() {
        CliRun.Result r = CliRun.run("replay", sample.toString(), "--format", "jsonl");
        assertThat(r.clock().sleptNanos()).isEqualTo(sampleMillis * 1_000_000);
        assertThat(r.clock().sleeps).allMatch(n -> n > 0);
    }

    @Test
    void speedDividesTheWaits() {
        CliRun.Result r = CliRun.run("replay", sample.toString(), "--speed", "4", "--format", "jsonl");
        assertThat(r.status()).isZero();
        assertThat((double) r.clock().sleptNanos()).isCloseTo(sampleMillis * 1e6 / 4, org.assertj.core.data.Offset.offset(1e6));
    }

    @Test
    void idleLimitShortensTheWaits() throws IOException {
        Path rec = recording(TerminalData.ofText(T0, "a"), TerminalData.ofText(T0 + 10_000, "b"),
                TerminalData.ofText(T0 + 10_300, "c"), Control.END);
        CliRun.Result r = CliRun.run("replay", rec.toString(), "--idle-limit", "1.5");
        assertThat(r.status()).isZero();
        assertThat(r.stdout()).isEqualTo("abc");
        assertThat(r.clock().sleeps).containsExactly(1_500_000_000L, 300_000_000L);
        assertThat(r.stderrLines()).containsExactly("[session ended: END, code 3: 会话已结束！]");
    }

    @Test
    void terminalFormatWritesTheRawTerminalBytes() throws IOException {
        CliRun.Result r = CliRun.run("replay", sample.toString());
        assertThat(r.status()).isZero();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (SessionRecord rec : sampleRecords) {
            if (rec instanceof TerminalData) {
                expected.write(rec.content());
            }
        }
        assertThat(r.stdoutBytes()).isEqualTo(expected.toByteArray());
    }

    @Test
    void asciicastOfTheSampleIsWrittenAtOnceWithTextWhole() {
        CliRun.Result r = CliRun.run("replay", sample.toString(), "--format", "asciicast");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.clock().sleeps).isEmpty();
        List<String> lines = r.stdoutLines();
        assertThat(lines.get(0)).isEqualTo("{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": "
                + SampleSession.START / 1000 + "}");
        assertThat(lines).hasSize(sampleRecords.size() + 1);
        Pattern event = Pattern.compile("\\[(\\d+\\.\\d{3}), \"([oi])\", (\".*\")]");
        double previous = 0;
        StringBuilder output = new StringBuilder();
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        for (int i = 1; i < lines.size(); i++) {
            Matcher m = event.matcher(lines.get(i));
            assertThat(m.matches()).as(lines.get(i)).isTrue();
            double t = Double.parseDouble(m.group(1));
            assertThat(t).isGreaterThanOrEqualTo(previous);
            previous = t;
            SessionRecord rec = sampleRecords.get(i - 1);
            String text = rec instanceof TerminalData d ? decoder.decode(d) : ((InputEvent) rec).text();
            assertThat(m.group(2)).isEqualTo(rec instanceof TerminalData ? "o" : "i");
            assertThat(m.group(3)).isEqualTo(Json.quote(text));
            assertThat(t).isEqualTo((rec.timestamp() - SampleSession.START) / 1000.0);
            if (rec instanceof TerminalData) {
                output.append(text);
            }
        }
        assertThat(previous * 1000).isEqualTo(sampleMillis);
        assertThat(r.stdout()).doesNotContain("\ufffd").contains("今天完成了", "🚀");
        assertThat(output.toString()).contains("巡检完成，准备退出 🚀\r\n");
    }

    @Test
    void asciicastIdleLimitAndSize() throws IOException {
        Path rec = recording(TerminalData.ofText(T0 + 500, "a"), InputEvent.ofText(T0 + 30_500, "b"), Control.END);
        CliRun.Result r = CliRun.run("replay", rec.toString(), "--format=asciicast", "--idle-limit=2", "--width=100", "--height=30");
        assertThat(r.stdoutLines()).containsExactly(
                "{\"version\": 2, \"width\": 100, \"height\": 30, \"timestamp\": 1700000000}",
                "[0.000, \"o\", \"a\"]",
                "[2.000, \"i\", \"b\"]");
    }

    @Test
    void graphicalSampleInAsciicastSaysHowManyFramesWereSkipped() throws IOException {
        Path rec = dir.resolve("g.rec");
        Files.write(rec, SampleSession.graphicalBytes());
        CliRun.Result r = CliRun.run("replay", rec.toString(), "--format", "asciicast");
        assertThat(r.status()).isZero();
        assertThat(r.stdoutLines()).hasSize(2).last().asString().contains("\"i\", \"mouse click (20, 12)\"");
        assertThat(r.stderrLines()).singleElement().asString().contains("skipped 4 screen frames");
        CliRun.Result jsonl = CliRun.run("replay", rec.toString(), "--format", "jsonl");
        assertThat(jsonl.stdoutLines()).hasSize(6).first().asString()
                .startsWith("{\"kind\":\"record\",\"type\":\"v\",\"ts\":" + SampleSession.START + ",\"x\":0,\"y\":0,\"width\":64,\"height\":32,\"base64\":\"iVBORw0KGgo");
    }

    @Test
    void truncatedFileEndsWithTruncatedAndStatusOne() throws IOException {
        byte[] whole = SampleSession.bytes();
        Path rec = dir.resolve("cut.rec");
        Files.write(rec, Arrays.copyOf(whole, 4000));
        CliRun.Result r = CliRun.run("replay", rec.toString(), "--format", "jsonl");
        assertThat(r.status()).isEqualTo(1);
        List<String> lines = r.stdoutLines();
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("{\"kind\":\"notice\",\"code\":5,\"reason\":\"TRUNCATED\",\"text\":\"会话已结束！\"}");
        assertThat(lines.size() - 1).isPositive().isLessThan(sampleRecords.size());
        assertThat(r.stderrLines()).singleElement().asString().startsWith("bridge-cli replay: ").contains("TRUNCATED");
    }

    @Test
    void fileBrokenAfterItsStartEndsWithProtocolError() throws IOException {
        Path rec = dir.resolve("bad.rec");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(SampleSession.bytes(), 0, 8);
        b.write(UnitEncoder.encode(TerminalData.ofText(T0, "ok")));
        b.write('x');
        b.write(new byte[20]);
        Files.write(rec, b.toByteArray());
        CliRun.Result r = CliRun.run("replay", rec.toString(), "--format", "jsonl");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stdoutLines()).last().asString().contains("\"reason\":\"PROTOCOL_ERROR\"");
        assertThat(r.stderrLines()).hasSize(1);
    }

    @Test
    void notARecordingOrEmptyFileIsAUsageError() throws IOException {
        Path text = Files.writeString(dir.resolve("x.txt"), "hello, this is not a recording");
        CliRun.Result r = CliRun.run("replay", text.toString(), "--format", "jsonl");
        assertThat(r.status()).isEqualTo(64);
        assertThat(r.stderrLines()).singleElement().asString().contains("is not a recording file");
        assertThat(r.stdoutBytes()).isEmpty();
        Path empty = Files.createFile(dir.resolve("empty.rec"));
        assertThat(CliRun.run("replay", empty.toString()).status()).isEqualTo(64);
    }

    @Test
    void recordingWithoutControlByteOrOnlyTheMagicFinishes() throws IOException {
        CliRun.Result r = CliRun.run("replay", recording(TerminalData.ofText(T0, "x")).toString(), "--format", "jsonl");
        assertThat(r.status()).isZero();
        assertThat(r.stdoutLines()).last().isEqualTo(END_LINE);
        CliRun.Result empty = CliRun.run("replay", recording().toString(), "--format", "asciicast");
        assertThat(empty.status()).isZero();
        assertThat(empty.stdoutLines()).containsExactly("{\"version\": 2, \"width\": 80, \"height\": 24}");
    }

    @Test
    void recordingEndingWithRefusedExitsTwo() throws IOException {
        CliRun.Result r = CliRun.run("replay", recording(Control.REFUSED).toString(), "--format", "jsonl");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stdoutLines()).containsExactly(
                "{\"kind\":\"notice\",\"code\":3,\"reason\":\"REFUSED\",\"text\":\"会话已结束！\"}");
    }

    @Test
    void unitsAfterTheControlByteAreIgnored() throws IOException {
        CliRun.Result r = CliRun.run("replay", recording(TerminalData.ofText(T0, "a"), Control.END,
                TerminalData.ofText(T0, "b")).toString());
        assertThat(r.status()).isZero();
        assertThat(r.stdout()).isEqualTo("a");
    }

    @Test
    void dashReadsStandardInput() {
        CliRun.Result r = CliRun.runWithInput(SampleSession.bytes(), "replay", "-", "--format", "jsonl");
        assertThat(r.status()).isZero();
        assertThat(r.stdoutLines()).hasSize(sampleRecords.size() + 1);
    }

    @Test
    void badReplayOptions() {
        for (String[] args : List.of(
                new String[] {"replay", sample.toString(), "--speed", "-1"},
                new String[] {"replay", sample.toString(), "--idle-limit", "0"},
                new String[] {"replay", sample.toString(), "--format", "JSONL"},
                new String[] {"replay", sample.toString(), "--height", "10"},
                new String[] {"replay", sample.toString(), sample.toString()})) {
            CliRun.Result r = CliRun.run(args);
            assertThat(r.status()).as(String.join(" ", args)).isEqualTo(64);
            assertThat(r.stderrLines()).hasSize(1);
            assertThat(r.stdoutBytes()).isEmpty();
        }
    }
}
