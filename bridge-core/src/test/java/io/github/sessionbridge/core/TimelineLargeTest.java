package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB session dumped by the C server as fast as TCP takes it goes through a timeline in a JVM with a
 * 64 MiB heap, is seeked back to the start and played to its end again (the work runs in a forked
 * {@code java -Xmx64m}).
 */
class TimelineLargeTest {
    static final long SIZE = 1L << 30;
    static final int RECORD = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aOneGibStreamIsSpooledSeekedBackToTheStartAndPlayedToItsEndIn64MiB() throws Exception {
        Path file = dir.resolve("big.rec");
        long records = generate(file);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", ForkedJvm.classPath(TimelineLargeMain.class),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", TimelineLargeMain.class.getName(), file.toString(),
                dir.resolve("spool").toString(), Long.toString(records))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = Pattern.compile("OK reason=(\\w+) duration=(\\d+) seekedTo=(\\d+) sentBeforeSeek=(\\d+) sentAfterSeek=(\\d+)"
                + " expected=(\\d+) maxHeap=(\\d+) peakHeap=(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(m.group(1)).isEqualTo("END");
        assertThat(Long.parseLong(m.group(3))).isZero();
        // the seek to 0 sends the screen at 0 (the first record, a keyframe), then playback sends every other record
        assertThat(Long.parseLong(m.group(5))).isEqualTo(records - 1);
        assertThat(Long.parseLong(m.group(7))).isLessThanOrEqualTo(64L << 20);
        assertThat(Long.parseLong(m.group(8))).isLessThan(64L << 20);
        try (var s = Files.list(dir.resolve("spool"))) {
            assertThat(s.toList()).as("the spool is deleted when the timeline ends").isEmpty();
        }
    }

    /** 1 GiB of terminal output in 64 KiB records, 1 ms apart (16 s of session), a screen clear every 256. */
    static long generate(Path file) throws Exception {
        byte[] body = new byte[RECORD];
        Arrays.fill(body, (byte) 'x');
        for (int i = 79; i < body.length; i += 80) {
            body[i] = '\n';
        }
        byte[] clear = "\u001b[H\u001b[2J".getBytes(StandardCharsets.US_ASCII);
        long n = 0;
        try (RecordingWriter w = RecordingWriter.create(file)) {
            while (w.bytesWritten() < SIZE) {
                byte[] b = body;
                if (n % 256 == 0) {
                    b = body.clone();
                    System.arraycopy(clear, 0, b, 0, clear.length);
                }
                w.write(new TerminalData(1_700_000_000_000L + n, b));
                n++;
            }
            w.write(Control.END);
        }
        return n;
    }
}
