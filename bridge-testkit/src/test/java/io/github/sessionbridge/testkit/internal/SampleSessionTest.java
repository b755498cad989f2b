package io.github.sessionbridge.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingReader;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.Utf8StreamDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSessionTest {

    private static List<Unit> read(byte[] bytes) throws IOException {
        List<Unit> units = new ArrayList<>();
        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(bytes))) {
            for (Unit u = reader.next(); u != null; u = reader.next()) {
                units.add(u);
            }
        }
        return units;
    }

    private static List<SessionRecord> records(List<Unit> units) {
        return units.stream().filter(SessionRecord.class::isInstance).map(SessionRecord.class::cast).toList();
    }

    @Test
    void isDeterministic() throws IOException {
        byte[] first = SampleSession.bytes();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        SampleSession.write(second);
        assertThat(second.toByteArray()).isEqualTo(first);
        assertThat(SampleSession.units()).isEqualTo(SampleSession.units());
        assertThat(SampleSession.openStream().readAllBytes()).isEqualTo(first);
        assertThat(SampleSession.graphicalBytes()).isEqualTo(SampleSession.graphicalBytes());
    }

    @Test
    void parsesCleanlyAsTheSameUnitsEndingWithEnd() throws IOException {
        byte[] bytes = SampleSession.bytes();
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("SESSREC1");
        List<Unit> units = read(bytes);
        assertThat(units).isEqualTo(SampleSession.units());
        assertThat(units.get(units.size() - 1)).isEqualTo(Control.END);
        assertThat(units.subList(0, units.size() - 1)).allMatch(SessionRecord.class::isInstance);
        assertThat(records(units)).noneMatch(ScreenFrame.class::isInstance);
        assertThat(bytes.length).isBetween(4_000, 100_000);
    }

    @Test
    void lastsTwentyToSixtySecondsWithTimestampsThatNeverGoBack() {
        List<SessionRecord> records = records(SampleSession.units());
        long first = records.get(0).timestamp();
        long last = records.get(records.size() - 1).timestamp();
        assertThat(first).isEqualTo(SampleSession.START);
        assertThat(last - first).isBetween(20_000L, 60_000L);
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).timestamp()).isGreaterThanOrEqualTo(records.get(i - 1).timestamp());
        }
    }

    @Test
    void terminalTextHasColoursChineseAndFullScreenApps() {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        StringBuilder text = new StringBuilder();
        for (SessionRecord r : records(SampleSession.units())) {
            if (r instanceof TerminalData d) {
                text.append(decoder.decode(d));
            }
        }
        assertThat(decoder.hasPendingBytes()).isFalse();
        assertThat(text.toString())
                .doesNotContain("\ufffd")
                .contains("\u001b[01;32mops@web-01")                         // coloured prompt
                .contains("\u001b[01;34m数据\u001b[0m/", "报告.txt", "会议纪要.md") // ls --color
                .contains("top - 09:1", "\u001b[7m    PID USER")             // top
                .contains("\u001b[?1049h", "\u001b[?1049l", "-- INSERT --")  // alternate screen, editor
                .contains("3. 今天完成了服务器巡检，一切正常。")
                .contains("\b\u001b[K")                                      // a typo fixed with backspaces
                .contains("请在 09:30 前完成巡检并退出会话。")
                .contains("巡检完成，准备退出 🚀\r\n")
                .endsWith("logout\r\n");
        assertThat(text.toString().split("top - 09:1", -1)).hasSizeGreaterThanOrEqualTo(4); // refreshed several times
    }

    @Test
    void someTerminalDataRecordsEndInsideAMultiByteCharacter() {
        int splitChinese = 0;
        int splitFourByte = 0;
        for (SessionRecord r : records(SampleSession.units())) {
            if (r instanceof TerminalData) {
                byte[] c = r.content();
                int lead = lastLeadByte(c);
                if (lead >= 0 && c.length - lead < sequenceLength(c[lead])) {
                    if (sequenceLength(c[lead]) == 3) {
                        splitChinese++;
                    } else if (sequenceLength(c[lead]) == 4) {
                        splitFourByte++;
                    }
                }
            }
        }
        assertThat(splitChinese).isGreaterThanOrEqualTo(3);
        assertThat(splitFourByte).isGreaterThanOrEqualTo(1);
    }

    private static int lastLeadByte(byte[] c) {
        for (int i = c.length - 1; i >= Math.max(0, c.length - 4); i--) {
            if ((c[i] & 0xc0) != 0x80) {
                return (c[i] & 0x80) == 0 ? -1 : i;
            }
        }
        return -1;
    }

    private static int sequenceLength(byte lead) {
        int b = lead & 0xff;
        return b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    }

    @Test
    void hasAnInputEventForEveryCommandRun() {
        List<String> inputs = records(SampleSession.units()).stream()
                .filter(InputEvent.class::isInstance).map(r -> ((InputEvent) r).text()).toList();
        assertThat(inputs).contains("ls -lF --color=auto", "cat 报告.txt", "top", "q", "vi 报告.txt",
                "3. 今天完成了服务器巡检，一切正常。", "\u001b", ":wq", "echo \"巡检完成，准备退出 🚀\"", "exit");
    }

    @Test
    void graphicalSampleHasValidPngFrames() throws IOException {
        List<Unit> units = read(SampleSession.graphicalBytes());
        assertThat(units).isEqualTo(SampleSession.graphicalUnits());
        assertThat(units.get(units.size() - 1)).isEqualTo(Control.END);
        List<ScreenFrame> frames = units.stream().filter(ScreenFrame.class::isInstance).map(ScreenFrame.class::cast).toList();
        assertThat(frames).hasSizeGreaterThanOrEqualTo(3);
        assertThat(units).anyMatch(InputEvent.class::isInstance);
        for (ScreenFrame f : frames) {
            assertThat(f.imageFormat()).isEqualTo(ScreenFrame.ImageFormat.PNG);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(f.content()));
            assertThat(image.getWidth()).isEqualTo(f.width());
            assertThat(image.getHeight()).isEqualTo(f.height());
        }
    }

    @Test
    void mainWritesTheSampleToAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sample.rec");
        SampleSession.main(new String[] {file.toString()});
        assertThat(Files.readAllBytes(file)).isEqualTo(SampleSession.bytes());
        SampleSession.main(new String[] {"--graphical", file.toString()});
        assertThat(Files.readAllBytes(file)).isEqualTo(SampleSession.graphicalBytes());
    }
}
