package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.PlaybackOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.ForkedJvm;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file's claim is checked against the bytes that exist before anything is allocated for it: a
 * 48-byte recording whose one record claims 16 MiB plays and exports as TRUNCATED in a JVM whose
 * heap is smaller than the claim ({@code -Xmx12m}), from the file and from a stream.
 */
class ClaimedLengthTest {

    @TempDir
    Path dir;

    /** The 48 bytes: the magic, a 'd' header claiming 16 MiB, its timestamp and 27 content bytes. */
    static byte[] claiming16MiB() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
        int length = 16 * 1024 * 1024;
        b.write('d');
        b.write(length >>> 24);
        b.write(length >>> 16);
        b.write(length >>> 8);
        b.write(length);
        long ts = TermSessions.T0;
        for (int i = 7; i >= 0; i--) {
            b.write((int) (ts >>> (8 * i)));
        }
        b.writeBytes("only 27 bytes of 16 MiB....".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    @Test
    void aLargeRecordReadFromAStreamGrowsToItsWholeContent() throws Exception {
        byte[] big = new byte[700_001];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        Path file = dir.resolve("big.rec");
        TermSessions.write(file, java.util.List.of(new TerminalData(TermSessions.T0, big), TerminalData.ofText(TermSessions.T0 + 5, "!")));
        for (boolean stream : new boolean[] {false, true}) {
            ManualScheduler scheduler = new ManualScheduler();
            CapturingSink sink = new CapturingSink(scheduler::nanoTime);
            try (java.io.InputStream in = Files.newInputStream(file)) {
                Recording rec = stream ? Recording.ofStream(in, "stdin") : Recording.open(file);
                SessionPlayer.play(rec, sink, PlaybackOptions.builder().scheduler(scheduler).build());
                scheduler.advanceMillis(1000);
                scheduler.runAll(100_000);
            }
            assertThat(sink.terminalBytes()).as("from a stream: %s", stream).hasSize(big.length + 1).startsWith(big);
            assertThat(sink.notices).singleElement().extracting(n -> n.reason()).isEqualTo(io.github.sessionbridge.core.EndReason.END);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRecordClaimingMoreThanTheFileHoldsIsTruncatedWithoutAllocatingTheClaim() throws Exception {
        byte[] bytes = claiming16MiB();
        assertThat(bytes).hasSize(48);
        Path file = Files.write(dir.resolve("claim.rec"), bytes);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx12m", "-XX:+UseSerialGC", "-cp", ForkedJvm.classPath(ClaimedLengthMain.class),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", ClaimedLengthMain.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
        System.out.println(out);
        assertThat(out).doesNotContain("OutOfMemoryError");
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("asciicast-file TRUNCATED", "asciicast-stream TRUNCATED", "play-file TRUNCATED",
                "play-stream TRUNCATED", "DONE");
    }
}
