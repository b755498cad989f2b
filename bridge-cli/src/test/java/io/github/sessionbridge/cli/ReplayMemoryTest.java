package io.github.sessionbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's reproductions of the command line, in JVMs with small heaps: {@code replay --speed 16
 * --format jsonl} of a recording that sets every DEC private mode number at {@code -Xmx64m}, and both
 * export formats of a 48-byte recording whose record claims 16 MiB at {@code -Xmx12m}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplayMemoryTest {

    @TempDir
    Path dir;

    /** Exit status, standard output's last line, standard error. */
    record Run(int status, String lastLine, String err) {
    }

    private Run replay(String heap, String... args) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "replay"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(out);
        return new Run(p.exitValue(), lines.isEmpty() ? "" : lines.get(lines.size() - 1), Files.readString(err));
    }

    @Test
    void aRecordingOfEveryModeNumberReplaysAsJsonlToItsEndIn64MiB() throws Exception {
        Path file = dir.resolve("modes.rec");
        long ts = 1_700_000_000_000L;
        try (RecordingWriter w = RecordingWriter.create(file)) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            long sinceClear = 0;
            for (int k = 1; k <= 2 * 99_999; k++) {
                int n = k <= 99_999 ? k : k - 99_999;
                if (n == 69) {
                    continue; // left/right margins would turn keyframes off at once
                }
                byte[] s = ("\u001b[?" + n + (k <= 99_999 ? "h" : "l")).getBytes(StandardCharsets.US_ASCII);
                b.writeBytes(s);
                sinceClear += s.length;
                if (sinceClear >= 16 * 1024) {
                    b.writeBytes("\u001b[H\u001b[2J".getBytes(StandardCharsets.US_ASCII));
                    sinceClear = 0;
                }
                if (b.size() >= 4096) {
                    w.write(new TerminalData(ts, b.toByteArray()));
                    b.reset();
                    ts += 10;
                }
            }
            w.write(new TerminalData(ts, b.toByteArray()));
            w.write(Control.END);
        }
        assertThat(Files.size(file)).isGreaterThan(1_500_000L);
        Run r = replay("-Xmx64m", file.toString(), "--speed", "16", "--format", "jsonl");
        assertThat(r.err()).doesNotContain("OutOfMemoryError");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lastLine()).contains("\"kind\":\"notice\"", "\"reason\":\"END\"");
    }

    @Test
    void aRecordClaiming16MiBInA48ByteFileIsTruncatedInBothFormatsIn12MiB() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
        int length = 16 * 1024 * 1024;
        b.writeBytes(new byte[] {'d', (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        b.writeBytes(new byte[] {0, 0, 1, (byte) 0x8b, (byte) 0xcf, (byte) 0xe5, (byte) 0x68, 0});
        b.writeBytes("only 27 bytes of 16 MiB....".getBytes(StandardCharsets.US_ASCII));
        Path file = Files.write(dir.resolve("claim.rec"), b.toByteArray());
        assertThat(Files.size(file)).isEqualTo(48);
        Run jsonl = replay("-Xmx12m", file.toString(), "--format", "jsonl");
        assertThat(jsonl.err()).doesNotContain("OutOfMemoryError").contains("TRUNCATED");
        assertThat(jsonl.status()).as(jsonl.err()).isEqualTo(1);
        assertThat(jsonl.lastLine()).contains("\"reason\":\"TRUNCATED\"");
        Run cast = replay("-Xmx12m", file.toString(), "--format", "asciicast");
        assertThat(cast.err()).doesNotContain("OutOfMemoryError").contains("TRUNCATED");
        assertThat(cast.status()).as(cast.err()).isEqualTo(1);
    }
}
