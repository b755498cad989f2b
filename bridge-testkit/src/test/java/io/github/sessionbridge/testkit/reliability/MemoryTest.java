package io.github.sessionbridge.testkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Memory under hostile peers, in a JVM of its own with a 64 MiB heap: a peer claiming a 4 GiB
 * record, and 1,000 sessions each holding a partial record that claims 16 MiB, must not exhaust it
 * (see {@link MemoryProbe}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MemoryTest {

    @Test
    void a_64_MiB_heap_holds_1000_partial_16_MiB_records_and_refuses_a_4_GiB_claim() throws Exception {
        int sessions = Integer.getInteger("memory.sessions", 1000);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Xss512k", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", ForkedJvm.classPath(MemoryProbe.class), MemoryProbe.class.getName(), String.valueOf(sessions)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(150, TimeUnit.SECONDS)) {
                throw new AssertionError("the memory probe did not finish within 150 s; output so far:\n" + out);
            }
        } catch (IOException | InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        Figures figures = new Figures("memory");
        out.lines().filter(l -> l.startsWith("figure ")).forEach(l -> {
            int colon = l.indexOf(": ");
            figures.put(l.substring(7, colon), l.substring(colon + 2));
        });
        figures.put("probe exit status", p.exitValue());
        figures.write();
        assertThat(p.exitValue()).as("memory probe exit status; its output:\n%s", out).isZero();
        assertThat(out).contains("figure sessions holding a partial 16 MiB record: " + sessions).contains("OK");
    }
}
