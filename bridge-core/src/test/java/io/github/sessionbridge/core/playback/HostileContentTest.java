package io.github.sessionbridge.core.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.ForkedJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session content crafted by the audited operator cannot make its recording unplayable: issue 14's
 * recording (every DEC private mode number set, a clear every 16 KiB, and worse) plays, seeks and exports
 * to its end in a forked JVM with a 64 MiB heap, four players at once.
 */
class HostileContentTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aRecordingOfEveryModeNumberPlaysSeeksAndExportsToItsEndIn64MiB() throws Exception {
        Path file = HostileRecordings.write(dir.resolve("hostile.rec"));
        assertThat(Files.size(file)).isGreaterThan(2_500_000L);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", ForkedJvm.classPath(HostilePlaybackMain.class),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", HostilePlaybackMain.class.getName(), file.toString(), "4")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(200, TimeUnit.SECONDS)).isTrue();
        System.out.println("hostile recording of " + Files.size(file) + " bytes: " + out);
        assertThat(out).doesNotContain("OutOfMemoryError");
        assertThat(p.exitValue()).as(out).isZero();
        Matcher m = Pattern.compile("OK players=4 .*castEnding=END .*peakHeap=(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Long.parseLong(m.group(1))).isLessThan(64L * 1024 * 1024);
    }
}
