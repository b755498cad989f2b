package io.github.sessionbridge.recordings.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.integrity.ManifestKeys;
import io.github.sessionbridge.core.integrity.ManifestSigner;
import io.github.sessionbridge.core.integrity.Verification;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import io.github.sessionbridge.core.recording.RecordingTap;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Live bridges recorded into a real S3 API server (S3Proxy on 127.0.0.1), read back with range requests. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class S3StoreTest {
    static final String BUCKET = "recordings";
    static final long TS = 1_700_000_000_000L;

    @TempDir
    Path dir;
    S3ProxyServer server;
    S3Client s3;
    ManifestSigner signer;
    ManifestKeys trusted;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new S3ProxyServer(Files.createDirectory(dir.resolve("s3"))).start();
        s3 = server.client(Duration.ofSeconds(10));
        s3.createBucket(b -> b.bucket(BUCKET));
        signer = ManifestSigner.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        trusted = ManifestKeys.of(List.of(signer.publicKey()));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        s3.close();
        server.close();
    }

    S3RecordingStore store(Path spool, long partSize) throws Exception {
        S3RecordingStore st = S3RecordingStore.builder(s3, BUCKET).prefix("audit/").spool(spool).partSize(partSize).build();
        closeables.add(0, st);
        return st;
    }

    static List<Unit> session(int records, int bytesEach) {
        List<Unit> units = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < records; i++) {
            line.setLength(0);
            line.append("line ").append(i).append(' ');
            while (line.length() < bytesEach - 2) {
                line.append((char) ('a' + (i + line.length()) % 26));
            }
            units.add(TerminalData.ofText(TS + i * 10L, line.append("\r\n").toString()));
        }
        units.add(io.github.sessionbridge.protocol.Control.END);
        return units;
    }

    /** Records {@code units} through a live bridge into {@code store}; returns the sink that watched it. */
    static RecordingClientSink record(S3RecordingStore store, ManifestSigner signer, String sid, List<Unit> units) throws Exception {
        Path rec = Files.createTempFile("session", ".rec");
        try (var w = io.github.sessionbridge.protocol.RecordingWriter.create(rec.resolveSibling(rec.getFileName() + ".src"))) {
            for (Unit u : units) {
                w.write(u);
            }
        }
        Path src = rec.resolveSibling(rec.getFileName() + ".src");
        try (FakeCServer c = FakeCServer.builder().start()) {
            c.session(sid).streams(src);
            try (SessionBridge sb = SessionBridge.create(c.bridgeConfig().tap(RecordingTap.signed(store.policy(), 64L << 20, signer)).build())) {
                RecordingClientSink sink = new RecordingClientSink();
                sb.monitor(Caller.of("auditor", "test"), "SSH", sid, sink);
                sink.awaitNotice(Duration.ofSeconds(30));
                return sink;
            }
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(rec);
        }
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    List<String> keys() {
        // jclouds' filesystem backend lists the prefix's directory as an object "audit/"
        return s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).filter(k -> !k.endsWith("/")).sorted()
                .toList();
    }

    @Test
    void aSmallRecordingIsOnePutAndPlaysVerifiesFromTheBucket() throws Exception {
        S3RecordingStore store = store(dir.resolve("spool"), S3RecordingStore.Builder.MIN_PART_SIZE);
        List<Unit> units = session(500, 80);
        RecordingClientSink live = record(store, signer, "s-1", units);
        await(() -> store.stats().pending() == 0, Duration.ofSeconds(30), "the upload");
        List<String> keys = keys();
        assertThat(keys).hasSize(2);
        String key = keys.get(0);
        assertThat(key).startsWith("audit/s-1-").endsWith(".rec");
        assertThat(keys.get(1)).isEqualTo(key + ".manifest");
        Recording rec = store.open(key);
        assertThat(rec.name()).isEqualTo("s3://recordings/" + key);
        assertThat(rec.verify(trusted)).isInstanceOf(Verification.Intact.class);
        assertThat(rec.info().records()).isEqualTo(500);
        RecordingClientSink played = new RecordingClientSink();
        SessionPlayer p = SessionPlayer.play(rec, played, PlaybackOptions.builder().speed(16).build());
        played.awaitNotice(Duration.ofSeconds(30));
        assertThat(played.records()).isEqualTo(live.records());
        S3StoreStats st = store.stats();
        assertThat(st.uploaded()).isEqualTo(1);
        assertThat(st.spoolBytes()).isZero();
        assertThat(st.partsUploaded()).isZero();
        p.close();
    }

    @Test
    void aLargeRecordingGoesUpInPartsWhileItIsWritten() throws Exception {
        S3RecordingStore store = store(dir.resolve("spool"), S3RecordingStore.Builder.MIN_PART_SIZE);
        List<Unit> units = session(14_000, 1000); // ~14 MiB: two full parts and a last one
        record(store, signer, "s-2", units);
        await(() -> store.stats().pending() == 0, Duration.ofSeconds(60), "the upload");
        assertThat(store.stats().partsUploaded()).isEqualTo(3);
        String key = keys().get(0);
        Recording rec = store.open(key);
        assertThat(rec.verify(trusted)).isInstanceOf(Verification.Intact.class);
        assertThat(rec.info().records()).isEqualTo(14_000);
    }
}
