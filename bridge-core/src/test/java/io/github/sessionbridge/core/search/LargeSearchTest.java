package io.github.sessionbridge.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.ForkedJvm;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB recording, and recordings crafted against the search (a line of 64 MiB without a newline, endless
 * escape sequences and strings, a million hits), searched in a JVM with a 64 MiB heap, and the 64 MiB line
 * exported as text: generated here, streamed to disk; the work runs in a forked {@code java -Xmx64m}
 * ({@link LargeSearchMain}), which counts the hits it is streamed without keeping them.
 */
class LargeSearchTest {

    static final long SIZE = 1024L * 1024 * 1024;
    static final int NEEDLE_EVERY = 4096; // records
    static final long T0 = Recs.T0;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aGibibyteAndHostileRecordingsAreSearchedIn64MiB() throws Exception {
        Path large = dir.resolve("large.rec");
        long t0 = System.nanoTime();
        long[] needles = generate(large, SIZE);
        Path line = hugeLine(dir.resolve("line.rec"));
        Path escapes = endlessEscapes(dir.resolve("escapes.rec"));
        Path million = millionHits(dir.resolve("million.rec"));
        System.out.println("generated " + Files.size(large) + " bytes and hostile files in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(Files.size(large)).isGreaterThanOrEqualTo(SIZE);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", ForkedJvm.classPath(LargeSearchMain.class),
                LargeSearchMain.class.getName(), line.toString(),
                large.toString(), "报告 NEEDLE", "--",
                line.toString(), "needle", "--",
                line.toString(), "n[e]+dle|x{3,}", "regex", "--",
                escapes.toString(), "after the storm", "--",
                million.toString(), "hit", "--",
                million.toString(), "\\bh.t\\b", "regex")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(280, TimeUnit.SECONDS)).isTrue();
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();

        Matcher m = Pattern.compile("SEARCH file=(\\S+) hits=(\\d+) first=(-?\\d+) last=(-?\\d+) ending=(\\w+) ms=(\\d+) excerpt=(\\S*)").matcher(out);
        List<String[]> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(7)});
        }
        assertThat(rows).as(out).hasSize(6);
        // the 1 GiB file: one needle every NEEDLE_EVERY records, at known playback times
        assertThat(rows.get(0)[1]).isEqualTo(String.valueOf(needles.length - 1));
        assertThat(Long.parseLong(rows.get(0)[2])).isEqualTo(needles[0]);
        assertThat(Long.parseLong(rows.get(0)[3])).isEqualTo(needles[needles.length - 2]);
        assertThat(rows.get(0)[5]).isEqualTo("$_find_me:_报告_needle_in_record_0");
        assertThat(rows.get(0)[4]).isEqualTo("END");
        // a 64 MiB line: every needle found, also those across the cuts of the line into pieces; a regex too
        assertThat(rows.get(1)[1]).isEqualTo(String.valueOf(HUGE_LINE_NEEDLES));
        assertThat(rows.get(2)[1]).isEqualTo(String.valueOf(HUGE_LINE_NEEDLES));
        // endless sequences hide nothing after them
        assertThat(rows.get(3)[1]).isEqualTo("3");
        assertThat(rows.get(4)[1]).isEqualTo("1000000");
        assertThat(rows.get(5)[1]).isEqualTo("1000000");
        Matcher text = Pattern.compile("TEXT lines=(\\d+) bytes=(\\d+)").matcher(out);
        assertThat(text.find()).as(out).isTrue();
        assertThat(text.group(1)).isEqualTo("1"); // the 64 MiB line, written in pieces with no break between them
        assertThat(Long.parseLong(text.group(2))).isEqualTo(HUGE_LINE_RECORDS * 1024L * 1024 + 1);
        Matcher ok = Pattern.compile("OK maxHeap=(\\d+) peakHeap=(\\d+)").matcher(out);
        assertThat(ok.find()).as(out).isTrue();
        assertThat(Long.parseLong(ok.group(1))).isLessThanOrEqualTo(64L * 1024 * 1024);
        assertThat(Long.parseLong(ok.group(2))).isLessThan(64L * 1024 * 1024);
    }

    /**
     * A long shell session with colours, clears, editors, frames and input events, streamed to disk; every
     * NEEDLE_EVERY-th record holds one needle line. Returns the needles' playback times (idle limit 2 s) and,
     * last, the number of records.
     */
    static long[] generate(Path file, long size) throws Exception {
        Random rnd = new Random(7);
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            lines.add(("\u001b[3" + (i % 8) + "m" + i + " 报告 drwxr-xr-x 日志 \u001b[0m" + "x".repeat(rnd.nextInt(70)) + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] png = new byte[32 * 1024];
        List<Long> needles = new ArrayList<>();
        long ts = T0;
        long playback = 0;
        long last = T0;
        try (RecordingWriter w = RecordingWriter.create(file)) {
            long n = 0;
            while (w.bytesWritten() < size) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                if (n % 40 == 0) {
                    b.writeBytes("\u001b[H\u001b[2J\u001b[3J".getBytes(StandardCharsets.US_ASCII));
                }
                if (n % 97 == 0) {
                    b.writeBytes("\u001b[?1049h\u001b[H\u001b[2Jeditor\u001b[5;5Htext\u001b[?1049l".getBytes(StandardCharsets.US_ASCII));
                }
                int count = 40 + rnd.nextInt(80);
                for (int i = 0; i < count; i++) {
                    b.writeBytes(lines.get(rnd.nextInt(lines.size())));
                }
                if (n % NEEDLE_EVERY == 1) {
                    b.writeBytes(("$ find me: 报告 needle in record 0\r\n$ rm -rf /srv/" + n + "\r\n").getBytes(StandardCharsets.UTF_8));
                }
                playback += n == 0 ? 0 : Math.min(ts - last, 2000);
                last = ts;
                w.write(new TerminalData(ts, b.toByteArray()));
                if (n % NEEDLE_EVERY == 1) {
                    needles.add(playback);
                }
                if (n % 50 == 0) {
                    w.write(new ScreenFrame(ts, 0, 0, 800, 600, png));
                }
                if (n % 30 == 0) {
                    w.write(InputEvent.ofText(ts, "ls -la"));
                }
                ts += 20 + rnd.nextInt(100);
                if (n % 300 == 0) {
                    ts += 60_000;
                }
                n++;
            }
            w.write(Control.END);
            needles.add(n);
        }
        return needles.stream().mapToLong(Long::longValue).toArray();
    }

    static final int HUGE_LINE_RECORDS = 64;
    static final int HUGE_LINE_NEEDLES = 16 * HUGE_LINE_RECORDS;

    /** 64 MiB of text in 1 MiB records without a line break, a needle every 64 KiB (so some straddle the cuts). */
    static Path hugeLine(Path file) throws Exception {
        byte[] chunk = new byte[1024 * 1024];
        try (RecordingWriter w = RecordingWriter.create(file)) {
            for (int r = 0; r < HUGE_LINE_RECORDS; r++) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) ('a' + (i % 7));
                }
                for (int k = 0; k < 16; k++) {
                    int at = k * 65536 + 1000 + ((r * 16 + k) * 37) % 2048; // a few straddle the cuts at multiples of 2048
                    System.arraycopy("needle".getBytes(StandardCharsets.US_ASCII), 0, chunk, at, 6);
                }
                w.write(new TerminalData(T0 + r, chunk));
            }
            w.write(Control.END);
        }
        return file;
    }

    /** An endless CSI, an endless OSC, an endless DCS (16 MiB each), each followed by a line with the needle. */
    static Path endlessEscapes(Path file) throws Exception {
        byte[] chunk = new byte[1024 * 1024];
        try (RecordingWriter w = RecordingWriter.create(file)) {
            long ts = T0;
            for (String start : new String[] {"\u001b[", "\u001b]0;", "\u001bP"}) {
                w.write(TerminalData.ofText(ts++, start));
                for (int r = 0; r < 16; r++) {
                    java.util.Arrays.fill(chunk, (byte) (start.equals("\u001b[") ? '7' : 'z'));
                    if (start.equals("\u001b[")) {
                        for (int i = 1; i < chunk.length; i += 2) {
                            chunk[i] = ';';
                        }
                    }
                    w.write(new TerminalData(ts++, chunk));
                }
                String end = start.equals("\u001b[") ? "m" : start.equals("\u001bP") ? "\u001b\\" : "\u0007";
                w.write(TerminalData.ofText(ts++, end + "\r\nafter the storm\r\n"));
            }
            w.write(Control.END);
        }
        return file;
    }

    /** A million hits: "hit " 50 times a line, 20,000 lines. */
    static Path millionHits(Path file) throws Exception {
        try (RecordingWriter w = RecordingWriter.create(file)) {
            String line = "hit ".repeat(50) + "\r\n";
            for (int r = 0; r < 2000; r++) {
                w.write(TerminalData.ofText(T0 + r, line.repeat(10)));
            }
            w.write(Control.END);
        }
        return file;
    }
}
