package io.github.sessionbridge.core.playback;

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
 * A recording of several hundred MiB plays, seeks and exports in a JVM with a 64 MiB heap: generated here,
 * streamed; the work runs in a forked {@code java -Xmx64m}.
 */
class LargeRecordingTest {
    static final long SIZE = 320L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aRecordingFarLargerThanTheHeapPlaysSeeksAndExportsIn64MiB() throws Exception {
        Path file = dir.resolve("large.rec");
        long t0 = System.nanoTime();
        generate(file, SIZE);
        System.out.println("generated " + Files.size(file) + " bytes in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(Files.size(file)).isGreaterThan(SIZE);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", ForkedJvm.classPath(LargeRecordingMain.class),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", LargeRecordingMain.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = Pattern.compile("OK size=(\\d+) records=(\\d+) .*maxSeekBytes=(\\d+) .*castEvents=(\\d+) skippedFrames=(\\d+)"
                + " maxHeap=(\\d+) peakHeap=(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(Files.size(file));
        assertThat(Long.parseLong(m.group(6))).isLessThanOrEqualTo(64L * 1024 * 1024);
        assertThat(Long.parseLong(m.group(7))).isLessThan(64L * 1024 * 1024);
        assertThat(Long.parseLong(m.group(3))).as("a seek sends what follows a keyframe, not the whole history")
                .isLessThan(16L * 1024 * 1024);
        assertThat(Long.parseLong(m.group(5))).isPositive();
    }

    /** A long shell session with clears, editors, frames and a few multi-MiB records, streamed to disk. */
    static void generate(Path file, long size) throws Exception {
        Random rnd = new Random(1);
        long ts = TermSessions.T0;
        byte[] png = new byte[64 * 1024];
        png[0] = (byte) 0x89;
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            lines.add(("\u001b[3" + (i % 8) + "m" + i + " 报告 drwxr-xr-x 日志 \u001b[0m" + "x".repeat(rnd.nextInt(70)) + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
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
                int count = n % 5000 == 4999 ? 40_000 : 40 + rnd.nextInt(80);
                for (int i = 0; i < count; i++) {
                    b.writeBytes(lines.get(rnd.nextInt(lines.size())));
                }
                w.write(new TerminalData(ts, b.toByteArray()));
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
        }
    }
}
