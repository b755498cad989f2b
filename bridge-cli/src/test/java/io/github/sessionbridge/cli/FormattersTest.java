package io.github.sessionbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.testkit.internal.SampleSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormattersTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final Notice END = Notice.of(EndReason.END, "会话已结束！");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream diag = new ByteArrayOutputStream();
    private final PrintStream diagnostics = new PrintStream(diag, true, StandardCharsets.UTF_8);

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void feed(OutputFormatter f, Notice notice, SessionRecord... records) throws IOException {
        for (SessionRecord r : records) {
            f.record(r);
        }
        f.end(notice);
    }

    // ---- jsonl

    @Test
    void jsonlWritesTheToolsMdShapesInFieldOrder() throws IOException {
        byte[] png = SampleSession.png(64, 32, 0x000000, 0xffffff);
        feed(new JsonlFormatter(out), END,
                TerminalData.ofText(T0, "ls\r\n"),
                new ScreenFrame(T0 + 40, 0, 0, 64, 32, png),
                InputEvent.ofText(T0 + 100, "ls -la"));
        assertThat(outLines()).containsExactly(
                "{\"kind\":\"record\",\"type\":\"d\",\"ts\":1700000000000,\"base64\":\"bHMNCg==\"}",
                "{\"kind\":\"record\",\"type\":\"v\",\"ts\":1700000000040,\"x\":0,\"y\":0,\"width\":64,\"height\":32,\"base64\":\""
                        + Base64.getEncoder().encodeToString(png) + "\"}",
                "{\"kind\":\"record\",\"type\":\"i\",\"ts\":1700000000100,\"text\":\"ls -la\"}",
                "{\"kind\":\"notice\",\"code\":3,\"reason\":\"END\",\"text\":\"会话已结束！\"}");
        assertThat(outLines().get(1)).contains("\"base64\":\"iVBORw0KGgo");
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("}\n");
    }

    @Test
    void jsonlBase64IsTheRawContentEvenWhenItEndsInsideACharacter() throws IOException {
        byte[] zhong = "中".getBytes(StandardCharsets.UTF_8);
        feed(new JsonlFormatter(out), Notice.of(EndReason.TRUNCATED, "会话已结束！"),
                new TerminalData(T0, Arrays.copyOf(zhong, 2)),
                new TerminalData(T0, new byte[0]));
        assertThat(outLines()).containsExactly(
                "{\"kind\":\"record\",\"type\":\"d\",\"ts\":1700000000000,\"base64\":\"5Lg=\"}",
                "{\"kind\":\"record\",\"type\":\"d\",\"ts\":1700000000000,\"base64\":\"\"}",
                "{\"kind\":\"notice\",\"code\":5,\"reason\":\"TRUNCATED\",\"text\":\"会话已结束！\"}");
    }

    @Test
    void jsonlEscapesInputTextAndNoticeText() throws IOException {
        feed(new JsonlFormatter(out), Notice.of(EndReason.CLOSED, "say \"bye\"\n"),
                InputEvent.ofText(-5, "\u001b:wq\r\"报告\"\\"));
        assertThat(outLines()).containsExactly(
                "{\"kind\":\"record\",\"type\":\"i\",\"ts\":-5,\"text\":\"\\u001b:wq\\r\\\"报告\\\"\\\\\"}",
                "{\"kind\":\"notice\",\"code\":5,\"reason\":\"CLOSED\",\"text\":\"say \\\"bye\\\"\\n\"}");
    }

    @Test
    void jsonlIsUtf8() throws IOException {
        feed(new JsonlFormatter(out), END, InputEvent.ofText(T0, "数据"));
        assertThat(out.toByteArray()).containsSequence("数据".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void formattersRefuseUseAfterTheEnd() throws IOException {
        for (OutputFormat format : OutputFormat.values()) {
            OutputFormatter f = format.create(new ByteArrayOutputStream(), null, 80, 24, 0);
            f.end(END);
            assertThatThrownBy(() -> f.record(TerminalData.ofText(T0, "x"))).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> f.end(END)).isInstanceOf(IllegalStateException.class);
        }
    }

    // ---- terminal

    @Test
    void terminalWritesTerminalDataBytesOnlyAndTellsTheEndOnDiagnostics() throws IOException {
        byte[] ni = "你".getBytes(StandardCharsets.UTF_8);
        feed(new TerminalFormatter(out, diagnostics), END,
                TerminalData.ofText(T0, "\u001b[01;34m数据\u001b[0m/\r\n"),
                InputEvent.ofText(T0 + 1, "ls"),
                new ScreenFrame(T0 + 2, 0, 0, 1, 1, SampleSession.png(1, 1, 0, 0)),
                new TerminalData(T0 + 3, Arrays.copyOf(ni, 1)),
                new TerminalData(T0 + 4, Arrays.copyOfRange(ni, 1, 3)));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("\u001b[01;34m数据\u001b[0m/\r\n你");
        assertThat(diag.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactly("[session ended: END, code 3: 会话已结束！]");
    }

    @Test
    void terminalWithoutDiagnosticsPrintsNothingForTheNotice() throws IOException {
        feed(new TerminalFormatter(out, null), Notice.of(EndReason.CLOSED, "x"), TerminalData.ofText(T0, "a"));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a");
    }

    // ---- asciicast

    @Test
    void asciicastHeaderThenEventsWithTimesRelativeToTheFirstRecord() throws IOException {
        feed(new AsciicastFormatter(out, diagnostics), END,
                TerminalData.ofText(T0 + 999, "$ "),
                InputEvent.ofText(T0 + 2233, "ls"),
                TerminalData.ofText(T0 + 2234, "ls\r\n"),
                TerminalData.ofText(T0 + 13_000, "\u001b[1mbold\u001b[0m \"q\"\r\n"));
        assertThat(outLines()).containsExactly(
                "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1700000000}",
                "[0.000, \"o\", \"$ \"]",
                "[1.234, \"i\", \"ls\"]",
                "[1.235, \"o\", \"ls\\r\\n\"]",
                "[12.001, \"o\", \"\\u001b[1mbold\\u001b[0m \\\"q\\\"\\r\\n\"]");
        assertThat(diag.size()).isZero();
    }

    @Test
    void asciicastDecodesCharactersSplitAcrossRecordsWhole() throws IOException {
        byte[] text = "报告🚀".getBytes(StandardCharsets.UTF_8); // 3 + 3 + 4 bytes
        feed(new AsciicastFormatter(out, null), END,
                new TerminalData(T0, Arrays.copyOfRange(text, 0, 1)),
                new TerminalData(T0 + 10, Arrays.copyOfRange(text, 1, 4)),
                new TerminalData(T0 + 20, Arrays.copyOfRange(text, 4, 8)),
                new TerminalData(T0 + 30, Arrays.copyOfRange(text, 8, 10)));
        assertThat(outLines()).containsExactly(
                "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1700000000}",
                "[0.000, \"o\", \"\"]",
                "[0.010, \"o\", \"报\"]",
                "[0.020, \"o\", \"告\"]",
                "[0.030, \"o\", \"🚀\"]");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\ufffd");
    }

    @Test
    void asciicastEndingInsideACharacterGivesOneReplacementCharacter() throws IOException {
        feed(new AsciicastFormatter(out, null), Notice.of(EndReason.TRUNCATED, "x"),
                new TerminalData(T0, new byte[] {'a', (byte) 0xe4, (byte) 0xb8}));
        assertThat(outLines()).containsExactly(
                "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1700000000}",
                "[0.000, \"o\", \"a\"]",
                "[0.000, \"o\", \"\ufffd\"]");
    }

    @Test
    void asciicastIdleLimitShortensLongGaps() throws IOException {
        feed(new AsciicastFormatter(out, null, 120, 40, 2000), END,
                TerminalData.ofText(T0, "a"),
                TerminalData.ofText(T0 + 1500, "b"),
                TerminalData.ofText(T0 + 61_500, "c"),
                InputEvent.ofText(T0 + 61_750, "d"),
                TerminalData.ofText(T0 + 70_000, "e"));
        assertThat(outLines()).containsExactly(
                "{\"version\": 2, \"width\": 120, \"height\": 40, \"timestamp\": 1700000000}",
                "[0.000, \"o\", \"a\"]",
                "[1.500, \"o\", \"b\"]",
                "[3.500, \"o\", \"c\"]",
                "[3.750, \"i\", \"d\"]",
                "[5.750, \"o\", \"e\"]");
    }

    @Test
    void asciicastTimesNeverDecrease() throws IOException {
        feed(new AsciicastFormatter(out, null), END,
                TerminalData.ofText(T0 + 5000, "a"),
                TerminalData.ofText(T0 + 4000, "b"),
                TerminalData.ofText(T0 + 5500, "c"),
                TerminalData.ofText(T0 + 5200, "d"));
        assertThat(outLines()).containsExactly(
                "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1700000005}",
                "[0.000, \"o\", \"a\"]",
                "[0.000, \"o\", \"b\"]",
                "[0.500, \"o\", \"c\"]",
                "[0.500, \"o\", \"d\"]");
    }

    @Test
    void asciicastSkipsScreenFramesAndCountsThemOnDiagnostics() throws IOException {
        byte[] png = SampleSession.png(2, 2, 0, 0);
        feed(new AsciicastFormatter(out, diagnostics), END,
                new ScreenFrame(T0 + 2500, 0, 0, 2, 2, png),
                TerminalData.ofText(T0 + 3000, "x"),
                new ScreenFrame(T0 + 3500, 0, 0, 2, 2, png));
        assertThat(outLines()).containsExactly(
                "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1700000002}",
                "[0.500, \"o\", \"x\"]");
        assertThat(diag.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .startsWith("asciicast: skipped 2 screen frames");
    }

    @Test
    void asciicastWithoutRecordsIsAHeaderWithoutTimestamp() throws IOException {
        new AsciicastFormatter(out, null).end(Notice.of(EndReason.REFUSED, "x"));
        assertThat(outLines()).containsExactly("{\"version\": 2, \"width\": 80, \"height\": 24}");
    }

    @Test
    void asciicastHeaderIsWrittenWhenTheFirstRecordArrives() throws IOException {
        AsciicastFormatter f = new AsciicastFormatter(out, null);
        assertThat(out.size()).isZero();
        f.record(TerminalData.ofText(-1500, "x"));
        assertThat(outLines()).containsExactly(
                "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": -2}",
                "[0.000, \"o\", \"x\"]");
    }

    @Test
    void secondsHaveThreeDecimals() {
        assertThat(AsciicastFormatter.seconds(0)).isEqualTo("0.000");
        assertThat(AsciicastFormatter.seconds(7)).isEqualTo("0.007");
        assertThat(AsciicastFormatter.seconds(1234)).isEqualTo("1.234");
        assertThat(AsciicastFormatter.seconds(60_050)).isEqualTo("60.050");
    }

    // ---- sink adapter

    @Test
    void formatterSinkFeedsTheFormatterAndCompletesWithTheNotice() {
        FormatterSink sink = new FormatterSink(new JsonlFormatter(out));
        assertThat(sink.send(TerminalData.ofText(T0, "ls\r\n")).toCompletableFuture()).isCompleted();
        sink.end(END);
        assertThat(sink.notice()).isCompletedWithValue(END);
        assertThat(outLines()).hasSize(2);
        assertThat(sink.send(TerminalData.ofText(T0, "late")).toCompletableFuture()).isCompletedExceptionally();
    }
}
