package io.github.sessionbridge.recordings.s3;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.integrity.ManifestKeys;
import io.github.sessionbridge.core.integrity.ManifestSigner;
import io.github.sessionbridge.core.integrity.Verification;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingResult;
import io.github.sessionbridge.core.recording.RecordingTap;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.testkit.RecordingClientSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bastion instance, in its own JVM ({@link TwoInstancesTest}): a SessionBridge recording session SID from
 * the C server at CPORT into the bucket on S3Proxy at S3PORT, through its own spool; then it waits for the
 * other instance's recording of the same session, verifies it and plays it through a player requiring a valid
 * manifest. Prints {@code OWN key}, {@code OTHER key records=N}, then {@code OK}.
 * Arguments: S3PORT CPORT SID SPOOL PRIVATE-KEY PUBLIC-KEY.
 */
public final class InstanceMain {
    public static void main(String[] args) throws Exception {
        int s3Port = Integer.parseInt(args[0]);
        int cPort = Integer.parseInt(args[1]);
        String sid = args[2];
        ManifestSigner signer = ManifestSigner.load(Path.of(args[4]), Path.of(args[5]));
        ManifestKeys trusted = ManifestKeys.load(List.of(Path.of(args[5])));
        try (S3Client s3 = S3ProxyServer.client(s3Port, Duration.ofSeconds(10));
             S3RecordingStore store = S3RecordingStore.builder(s3, S3StoreTest.BUCKET).prefix("audit/").spool(Path.of(args[3])).build()) {
            RecordingClientSink live = new RecordingClientSink();
            java.util.concurrent.CompletableFuture<String> ownTarget = new java.util.concurrent.CompletableFuture<>();
            RecordingPolicy policy = new RecordingPolicy() {
                @Override
                public java.util.Optional<RecordingTarget> target(io.github.sessionbridge.core.Bridge bridge) {
                    return store.policy().target(bridge);
                }

                @Override
                public void finished(io.github.sessionbridge.core.Bridge bridge, RecordingResult result) {
                    ownTarget.complete(result.target());
                }
            };
            try (SessionBridge sb = SessionBridge.create(BridgeConfig.builder().host("127.0.0.1").tcp("SSH", cPort)
                    .tap(RecordingTap.signed(policy, 64L << 20, signer)).build())) {
                sb.monitor(Caller.of("auditor", "instance"), "SSH", sid, live);
                if (live.awaitNotice(Duration.ofSeconds(30)).reason() != EndReason.END) {
                    throw new AssertionError("the live session did not end with END: " + live.notice());
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (store.stats().pending() > 0) {
                check(deadline, "own upload");
                Thread.sleep(20);
            }
            String own = ownTarget.get(10, TimeUnit.SECONDS).substring(("s3://" + S3StoreTest.BUCKET + "/").length());
            Set<String> mine = Set.of(own);
            System.out.println("OWN " + own);
            String other = null;
            while (other == null) {
                check(deadline, "the other instance's recording");
                for (String k : keys(s3, sid)) {
                    if (!mine.contains(k) && keys(s3, sid + "-").size() >= 2 && exists(s3, k + ".manifest")) {
                        other = k;
                    }
                }
                Thread.sleep(50);
            }
            Recording rec = store.open(other);
            Verification v = rec.verify(trusted);
            if (!v.intact()) {
                throw new AssertionError(other + ": " + v.message());
            }
            RecordingClientSink played = new RecordingClientSink();
            SessionPlayer p = SessionPlayer.play(rec, played, PlaybackOptions.builder().speed(16).requireManifest(trusted).build());
            EndReason r = p.ended().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (r != EndReason.END || !played.records().equals(live.records())) {
                throw new AssertionError("the other's recording played " + played.records().size() + " records and ended " + r
                        + "; live: " + live.records().size());
            }
            System.out.println("OTHER " + other + " records=" + played.records().size());
            System.out.println("OK");
        }
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    private static List<String> keys(S3Client s3, String sidPrefix) {
        return s3.listObjectsV2(b -> b.bucket(S3StoreTest.BUCKET).prefix("audit/" + sidPrefix)).contents().stream()
                .map(S3Object::key).filter(k -> k.endsWith(".rec")).toList();
    }

    private static boolean exists(S3Client s3, String key) {
        return !s3.listObjectsV2(b -> b.bucket(S3StoreTest.BUCKET).prefix(key)).contents().isEmpty();
    }
}
