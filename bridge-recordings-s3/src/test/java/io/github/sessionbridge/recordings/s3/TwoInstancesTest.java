package io.github.sessionbridge.recordings.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.FakeCServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two bastion instances in two JVMs record the same session at the same time into one bucket: two objects,
 * no name collision, and each instance verifies and plays the other's recording.
 */
class TwoInstancesTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void twoJvmsWriteOneBucketAndEachPlaysTheOthersRecording() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path priv = Files.writeString(dir.resolve("k.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Path pub = Files.writeString(dir.resolve("k.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Path src = dir.resolve("session.rec");
        try (RecordingWriter w = RecordingWriter.create(src)) {
            for (Unit u : S3StoreTest.session(3000, 200)) {
                w.write(u);
            }
        }
        try (S3ProxyServer server = new S3ProxyServer(Files.createDirectory(dir.resolve("s3"))).start();
             S3Client s3 = server.client(Duration.ofSeconds(10));
             FakeCServer c = FakeCServer.builder().start()) {
            s3.createBucket(b -> b.bucket(S3StoreTest.BUCKET));
            c.session("s-42").streams(src);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Process> ps = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                ps.add(new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", InstanceMain.class.getName(),
                        String.valueOf(server.port()), String.valueOf(c.port()), "s-42", dir.resolve("spool-" + name).toString(),
                        priv.toString(), pub.toString()).redirectErrorStream(true).start());
            }
            List<String> outs = new ArrayList<>();
            for (Process p : ps) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(out).isZero();
                outs.add(out);
            }
            List<String> recs = s3.listObjectsV2(b -> b.bucket(S3StoreTest.BUCKET).prefix("audit/")).contents().stream()
                    .map(S3Object::key).filter(k -> k.endsWith(".rec")).sorted().toList();
            assertThat(recs).hasSize(2);
            String ownA = line(outs.get(0), "OWN ");
            String ownB = line(outs.get(1), "OWN ");
            assertThat(ownA).isNotEqualTo(ownB).startsWith("audit/s-42-");
            assertThat(recs).containsExactlyInAnyOrder(ownA, ownB);
            assertThat(line(outs.get(0), "OTHER ")).isEqualTo(ownB + " records=3000");
            assertThat(line(outs.get(1), "OTHER ")).isEqualTo(ownA + " records=3000");
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length()))
                .orElseThrow(() -> new AssertionError("no " + prefix + "line in:\n" + out));
    }
}
