package io.github.sessionbridge.core.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.playback.internal.MediaTime;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** asciicast v2 export round trips: what the lines say, decoded, is what the recording holds. */
class AsciicastWriterTest {
    private static final Pattern EVENT = Pattern.compile("\\[(\\d+\\.\\d{3}), \"([oi])\", (\".*\")]");

    @TempDir
    Path dir;

    /** Decodes a JSON string literal (as asciinema's player does). */
    static String unquote(String literal) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    @Test
    void exportOfAGeneratedSessionRoundTripsTextTimesAndInputs() throws Exception {
        List<SessionRecord> records = new ArrayList<>(TermSessions.generate(11, 150));
        records.add(3, new ScreenFrame(TermSessions.T0 + 1, 0, 0, 10, 10, new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
        Path file = TermSessions.write(dir.resolve("a.rec"), records);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsciicastWriter.Result r = AsciicastWriter.export(Recording.open(file), out,
                AsciicastWriter.options().width(120).height(40).title("s-42 \"审计\"").idleLimit(Duration.ofSeconds(2)).build());
        assertThat(r.ending()).isEqualTo(EndReason.END);
        assertThat(r.skippedFrames()).isEqualTo(1);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("{\"version\": 2, \"width\": 120, \"height\": 40, \"timestamp\": "
                + TermSessions.T0 / 1000 + ", \"title\": \"s-42 \\\"审计\\\"\"}");
        assertThat(lines).hasSize((int) r.events() + 1);

        StringBuilder output = new StringBuilder();
        List<String> inputs = new ArrayList<>();
        double previous = 0;
        for (String line : lines.subList(1, lines.size())) {
            Matcher m = EVENT.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            double t = Double.parseDouble(m.group(1));
            assertThat(t).isGreaterThanOrEqualTo(previous);
            previous = t;
            if (m.group(2).equals("o")) {
                output.append(unquote(m.group(3)));
            } else {
                inputs.add(unquote(m.group(3)));
            }
        }
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        List<String> expectedInputs = new ArrayList<>();
        for (SessionRecord rec : records) {
            if (rec instanceof TerminalData) {
                terminal.writeBytes(rec.content());
            } else if (rec instanceof InputEvent e) {
                expectedInputs.add(e.text());
            }
        }
        assertThat(output.toString()).isEqualTo(terminal.toString(StandardCharsets.UTF_8)).doesNotContain("\ufffd");
        assertThat(inputs).isEqualTo(expectedInputs);
        assertThat(Math.round(previous * 1000)).isEqualTo(TermSessions.duration(records, 2_000));
        assertThat(TermSessions.duration(records, 2_000)).isLessThan(TermSessions.duration(records, MediaTime.NO_LIMIT));
    }

    @Test
    void aCharacterCutByARecordComesOutWholeAndAnIncompleteEndBecomesOneReplacement() throws Exception {
        byte[] zhong = "中".getBytes(StandardCharsets.UTF_8);
        List<Unit> units = List.of(new TerminalData(TermSessions.T0, new byte[] {'a', zhong[0]}),
                new TerminalData(TermSessions.T0 + 1500, new byte[] {zhong[1], zhong[2], 'b', zhong[0]}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsciicastWriter w = new AsciicastWriter(out, AsciicastWriter.options().build());
        for (Unit u : units) {
            w.write((SessionRecord) u);
        }
        w.finish();
        w.finish();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": 1700000000}",
                "[0.000, \"o\", \"a\"]",
                "[1.500, \"o\", \"中b\"]",
                "[1.500, \"o\", \"\ufffd\"]");
    }

    @Test
    void anEmptyRecordingIsAHeaderWithoutTimestamp() throws Exception {
        Path file = TermSessions.write(dir.resolve("e.rec"), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsciicastWriter.Result r = AsciicastWriter.export(Recording.open(file), out, AsciicastWriter.options().build());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"version\": 2, \"width\": 80, \"height\": 24}\n");
        assertThat(r.events()).isZero();
    }
}
