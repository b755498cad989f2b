package io.github.sessionbridge.recordings.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.integrity.ManifestKeys;
import io.github.sessionbridge.core.integrity.ManifestSigner;
import io.github.sessionbridge.core.integrity.Verification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 1 GiB signed recording in a real S3 API server (S3Proxy, filesystem backend in the test's directory) is
 * verified, played, seeked and played to its end by the player over the bucket's range requests, then served
 * by a C server reading it from the bucket and played and seeked through a timeline, all in a forked
 * {@code java -Xmx64m} ({@link S3LargeMain}), every record it plays compared byte for byte.
 */
class S3LargeRecordingTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 540, unit = TimeUnit.SECONDS)
    void aOneGibObjectPlaysSeeksAndPlaysThroughATimelineIn64MiB() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path pub = Files.writeString(dir.resolve("k.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Path file = dir.resolve("big.rec");
        Path manifest = dir.resolve("big.rec.manifest");
        long t0 = System.nanoTime();
        BigSession.write(file, BigSession.RECORDS, ManifestSigner.of(pair));
        long size = Files.size(file);
        assertThat(size).isGreaterThan(1L << 30);
        String key = "audit/big.rec";
        try (S3ProxyServer server = new S3ProxyServer(Files.createDirectory(dir.resolve("s3"))).start();
             S3Client s3 = server.client(Duration.ofSeconds(60))) {
            s3.createBucket(b -> b.bucket(S3StoreTest.BUCKET));
            s3.putObject(b -> b.bucket(S3StoreTest.BUCKET).key(key), RequestBody.fromFile(file));
            s3.putObject(b -> b.bucket(S3StoreTest.BUCKET).key(key + ".manifest"), RequestBody.fromFile(manifest));
            Files.delete(file);
            long tStored = System.nanoTime();
            System.out.println("generated and stored " + size + " bytes in " + (tStored - t0) / 1_000_000 + " ms");
            assertThat(s3.headObject(b -> b.bucket(S3StoreTest.BUCKET).key(key)).contentLength()).isEqualTo(size);

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", S3LargeMain.class.getName(), String.valueOf(server.port()),
                    key, pub.toString(), Files.createDirectory(dir.resolve("spool")).toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(480, TimeUnit.SECONDS)).isTrue();
            System.out.println(out);
            assertThat(p.exitValue()).as(out).isZero();
            Matcher m = Pattern.compile("OK player: records=(\\d+) duration=(\\d+) maxSeekBytes=(\\d+) .* timeline: duration=(\\d+)"
                    + " seekBytes=(\\d+) .* maxHeap=(\\d+) peakHeap=(\\d+)").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(Long.parseLong(m.group(1))).isEqualTo(BigSession.RECORDS);
            assertThat(Long.parseLong(m.group(2))).isEqualTo(BigSession.RECORDS - 1);
            assertThat(Long.parseLong(m.group(4))).isEqualTo(BigSession.RECORDS - 1);
            assertThat(Long.parseLong(m.group(6))).isLessThanOrEqualTo(64L << 20);
            assertThat(Long.parseLong(m.group(7))).isLessThan(64L << 20);
            // a seek sends from the keyframe before its target (at most 256 records of 64 KiB), not the history
            assertThat(Long.parseLong(m.group(3))).isLessThan(17L << 20);
            assertThat(Long.parseLong(m.group(5))).isLessThan(17L << 20);
        }
    }
}
