package io.github.sessionbridge.recordings.s3;

import static io.github.sessionbridge.recordings.s3.S3StoreTest.BUCKET;
import static io.github.sessionbridge.recordings.s3.S3StoreTest.await;
import static io.github.sessionbridge.recordings.s3.S3StoreTest.record;
import static io.github.sessionbridge.recordings.s3.S3StoreTest.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.integrity.ManifestKeys;
import io.github.sessionbridge.core.integrity.ManifestSigner;
import io.github.sessionbridge.core.integrity.Verification;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingResult;
import io.github.sessionbridge.core.recording.RecordingTap;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The object store's faults, provoked on a real S3Proxy: it answers 500 and 503, is slow, stops in the middle of
 * a multipart upload and starts again; the store is closed and opened again on its spool; the spool fills up.
 * The live bridge never notices; nothing is lost; what lands in the bucket verifies.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class S3FaultsTest {
    @TempDir
    Path dir;
    S3ProxyServer server;
    S3Client s3;
    ManifestSigner signer;
    ManifestKeys trusted;

    @BeforeEach
    void startServer() throws Exception {
        server = new S3ProxyServer(Files.createDirectory(dir.resolve("s3"))).start();
        s3 = server.client(Duration.ofSeconds(5));
        s3.createBucket(b -> b.bucket(BUCKET));
        signer = ManifestSigner.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        trusted = ManifestKeys.of(List.of(signer.publicKey()));
    }

    @AfterEach
    void tearDown() throws Exception {
        s3.close();
        server.close();
    }

    S3RecordingStore store(long spoolLimit) throws Exception {
        return S3RecordingStore.builder(s3, BUCKET).prefix("audit/").spool(dir.resolve("spool"))
                .partSize(S3RecordingStore.Builder.MIN_PART_SIZE).spoolLimit(spoolLimit).build();
    }

    String onlyKey() {
        List<String> keys = s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key)
                .filter(k -> k.endsWith(".rec")).toList();
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    /** What the recording in the bucket holds must be what the bridge relayed, and verify. */
    void assertLanded(S3RecordingStore store, RecordingClientSink live) throws Exception {
        Recording rec = store.open(onlyKey());
        assertThat(rec.verify(trusted)).isInstanceOf(Verification.Intact.class);
        assertThat(rec.info().records()).isEqualTo(live.records().size());
    }

    @Test
    void answers500And503DelayTheUploadButLoseNothing() throws Exception {
        try (S3RecordingStore store = store(1L << 30)) {
            server.failStatus = 500;
            RecordingClientSink live = record(store, signer, "s-500", session(8000, 1000)); // ~8 MiB: two parts
            assertThat(live.notice().orElseThrow().reason()).isEqualTo(EndReason.END);
            await(() -> store.stats().failedAttempts() >= 2, Duration.ofSeconds(30), "failed attempts");
            S3StoreStats failing = store.stats();
            assertThat(failing.pending()).isEqualTo(1);
            assertThat(failing.spoolBytes()).isGreaterThan(8_000_000);
            assertThat(failing.lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("500"));
            server.failStatus = 503;
            await(() -> store.stats().lastFailure().orElse("").contains("Status Code: 503"), Duration.ofSeconds(30), "503s");
            server.failStatus = 0;
            await(() -> store.stats().pending() == 0, Duration.ofSeconds(60), "the upload after the faults");
            assertThat(store.stats().spoolBytes()).isZero();
            assertLanded(store, live);
        }
    }

    @Test
    void aSlowStoreNeverSlowsTheBridge() throws Exception {
        try (S3RecordingStore store = store(1L << 30)) {
            server.delayMillis = 1500;
            RecordingClientSink live = record(store, signer, "s-slow", session(6000, 1000));
            // the bridge has ended, with every record relayed, while the upload has not even got its first part in
            assertThat(live.notice().orElseThrow().reason()).isEqualTo(EndReason.END);
            assertThat(live.records()).hasSize(6000);
            assertThat(store.stats().pending()).isEqualTo(1);
            assertThat(store.stats().uploaded()).isZero();
            server.delayMillis = 0;
            await(() -> store.stats().pending() == 0, Duration.ofSeconds(60), "the upload");
            assertLanded(store, live);
        }
    }

    @Test
    void theServerStopsMidUploadAndTheStoreRestartsOnItsSpool() throws Exception {
        RecordingClientSink live;
        try (S3RecordingStore store = store(1L << 30)) {
            server.delayMillis = 300;
            live = record(store, signer, "s-stop", session(16_000, 1000)); // ~16 MiB: four parts
            await(() -> store.stats().partsUploaded() >= 1, Duration.ofSeconds(60), "a first part");
            server.stop(); // mid-upload
            long failed = store.stats().failedAttempts();
            await(() -> store.stats().failedAttempts() > failed, Duration.ofSeconds(30), "failures while it is down");
            assertThat(store.stats().pending()).isEqualTo(1);
        } // the store closes with the upload unfinished: its state stays in the spool
        server.delayMillis = 0;
        server.start(); // the same port, the same directory
        try (S3RecordingStore again = store(1L << 30)) {
            assertThat(again.stats().pending()).as("taken over from the spool").isEqualTo(1);
            await(() -> again.stats().pending() == 0, Duration.ofSeconds(60), "the resumed upload");
            assertThat(again.stats().partsUploaded()).as("resumed, not started over").isLessThan(4);
            assertLanded(again, live);
        }
    }

    @Test
    void aFullSpoolStopsTheRecordingNotTheBridgeAndSaysSo() throws Exception {
        server.stop(); // nothing leaves the spool
        try (S3RecordingStore store = store(2L << 20)) {
            CompletableFuture<RecordingResult> result = new CompletableFuture<>();
            RecordingPolicy policy = new RecordingPolicy() {
                @Override
                public Optional<RecordingTarget> target(io.github.sessionbridge.core.Bridge bridge) {
                    return store.policy().target(bridge);
                }

                @Override
                public void finished(io.github.sessionbridge.core.Bridge bridge, RecordingResult r) {
                    result.complete(r);
                }
            };
            List<Unit> units = session(4000, 1000); // ~4 MiB into a 2 MiB spool
            Path src = dir.resolve("src.rec");
            try (RecordingWriter w = RecordingWriter.create(src)) {
                for (Unit u : units) {
                    w.write(u);
                }
            }
            RecordingClientSink live = new RecordingClientSink();
            try (FakeCServer c = FakeCServer.builder().start()) {
                c.session("s-full").streams(src);
                try (SessionBridge sb = SessionBridge.create(c.bridgeConfig().tap(RecordingTap.signed(policy, 64L << 20, signer)).build())) {
                    sb.monitor(Caller.of("auditor", "test"), "SSH", "s-full", live);
                    assertThat(live.awaitNotice(Duration.ofSeconds(30)).reason()).isEqualTo(EndReason.END);
                }
            }
            assertThat(live.records()).hasSize(4000);
            RecordingResult r = result.get(10, TimeUnit.SECONDS);
            assertThat(r.complete()).isFalse();
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("spool").contains("is full"));
            S3StoreStats st = store.stats();
            assertThat(st.spoolFull()).isTrue();
            assertThat(st.refusedWrites()).isPositive();
            assertThat(st.spoolBytes()).isLessThanOrEqualTo(2L << 20);
            server.start();
            await(() -> store.stats().pending() == 0, Duration.ofSeconds(60), "the upload of what was spooled");
            assertThat(store.stats().spoolFull()).isFalse();
            Verification v = store.open(onlyKey()).verify(trusted);
            assertThat(v).isInstanceOf(Verification.Truncated.class);
            assertThat(((Verification.Truncated) v).verifiedUnits()).isEqualTo(r.units());
        }
    }
}
