package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.integrity.ManifestKeys;
import io.github.sessionbridge.core.integrity.ManifestSigner;
import io.github.sessionbridge.core.integrity.Verification;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingResult;
import io.github.sessionbridge.core.recording.RecordingTap;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Live bridges recorded by a signing tap over real sockets: every recording gets a manifest that verifies. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignedRecordingTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final long TS = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final ManifestSigner signer;
    private final ManifestKeys trusted;

    SignedRecordingTest() throws Exception {
        signer = ManifestSigner.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        trusted = ManifestKeys.of(List.of(signer.publicKey()));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private SessionBridge bridge(Unit[] units, RecordingTap tap) throws IOException {
        LoopbackCServer s = new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.send(units);
        });
        closeables.add(s);
        SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("SSH", s.port()).tap(tap).build());
        closeables.add(0, sb);
        return sb;
    }

    private static Unit[] session(int n) {
        Unit[] units = new Unit[n + 1];
        for (int i = 0; i < n; i++) {
            units[i] = TerminalData.ofText(TS + i, "line " + i + " \u001b[1mbold\u001b[0m 报告\r\n");
        }
        units[n] = Control.END;
        return units;
    }

    @Test
    void everyRecordingOfASigningTapVerifiesAsIntact() throws Exception {
        SessionBridge sb = bridge(session(3000), RecordingTap.signed(RecordingPolicy.all(dir), signer));
        TestSink sink = new TestSink();
        sb.monitor(Caller.of("alice", "ws"), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        sb.close();
        List<Path> recs;
        try (var s = Files.list(dir)) {
            recs = s.filter(p -> p.toString().endsWith(".rec")).toList();
        }
        assertThat(recs).hasSize(1);
        Path file = recs.get(0);
        assertThat(file.resolveSibling(file.getFileName() + ".manifest")).exists();
        Verification v = Recording.open(file).verify(trusted);
        assertThat(v).isEqualTo(new Verification.Intact(3001, Files.size(file), signer.keyId(), true));
        // the recording is still exactly protocol §5: the units relayed, then '3'
        assertThat(Recording.open(file).info().records()).isEqualTo(3000);
        // chunk lines: 3001 units in chunks of 1024
        assertThat(Files.readAllLines(file.resolveSibling(file.getFileName() + ".manifest")))
                .filteredOn(l -> l.startsWith("chunk ")).hasSize(3);
    }

    @Test
    void aPlayerRequiringAManifestPlaysOnlyWhatVerifies() throws Exception {
        Path file = dir.resolve("s-3.rec");
        SessionBridge sb = bridge(session(100), RecordingTap.signed(bridge -> Optional.of(RecordingTarget.file(file)), signer));
        TestSink live = new TestSink();
        sb.monitor(Caller.of("alice", "ws"), "SSH", "s-3", live);
        live.awaitEnd(WAIT);
        sb.close();
        PlaybackOptions strict = PlaybackOptions.builder().speed(16).requireManifest(trusted).build();
        TestSink ok = new TestSink();
        assertThat(io.github.sessionbridge.core.playback.SessionPlayer.play(Recording.open(file), ok, strict).ended()
                .toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.END);
        assertThat(ok.records()).isEqualTo(live.records());

        ManifestKeys other = ManifestKeys.of(List.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
        TestSink wrongKey = new TestSink();
        assertThat(io.github.sessionbridge.core.playback.SessionPlayer.play(Recording.open(file), wrongKey,
                PlaybackOptions.builder().requireManifest(other).build()).ended().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(EndReason.UNVERIFIED);
        assertThat(wrongKey.awaitEnd(WAIT).reason()).isEqualTo(EndReason.UNVERIFIED);
        assertThat(wrongKey.records()).isEmpty();

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 1; // the last record's last byte (before the final '3')
        Files.write(file, bytes);
        TestSink tampered = new TestSink();
        assertThat(io.github.sessionbridge.core.playback.SessionPlayer.play(Recording.open(file), tampered, strict).ended()
                .toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.UNVERIFIED);
        assertThat(tampered.records()).isEmpty();
        TestSink lax = new TestSink();
        assertThat(io.github.sessionbridge.core.playback.SessionPlayer.play(Recording.open(file), lax,
                PlaybackOptions.builder().speed(16).build()).ended().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("without the option, the same file plays").isEqualTo(EndReason.END);
    }

    @Test
    void aRecordingStoppedEarlyVerifiesAsTruncatedAfterItsLastWholeUnit() throws Exception {
        // checkpoint after every unit; the target fails its 50th write (a full disk)
        Path file = dir.resolve("s-2.rec");
        CompletableFuture<RecordingResult> result = new CompletableFuture<>();
        RecordingTarget failing = new RecordingTarget() {
            final RecordingTarget real = RecordingTarget.file(file);

            @Override
            public java.nio.channels.WritableByteChannel open() throws IOException {
                java.nio.channels.WritableByteChannel ch = real.open();
                return new java.nio.channels.WritableByteChannel() {
                    int writes;

                    @Override
                    public int write(java.nio.ByteBuffer src) throws IOException {
                        if (++writes == 50) {
                            throw new IOException("No space left on device");
                        }
                        return ch.write(src);
                    }

                    @Override
                    public boolean isOpen() {
                        return ch.isOpen();
                    }

                    @Override
                    public void close() throws IOException {
                        ch.close();
                    }
                };
            }

            @Override
            public Optional<java.nio.channels.WritableByteChannel> openManifest() throws IOException {
                return real.openManifest();
            }
        };
        RecordingPolicy policy = new RecordingPolicy() {
            @Override
            public Optional<RecordingTarget> target(Bridge bridge) {
                return Optional.of(failing);
            }

            @Override
            public void finished(Bridge bridge, RecordingResult r) {
                result.complete(r);
            }
        };
        SessionBridge sb = bridge(session(200), RecordingTap.signed(policy, signer.checkpointEvery(Duration.ZERO)));
        TestSink sink = new TestSink();
        sb.monitor(Caller.of("alice", "ws"), "SSH", "s-2", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).as("the bridge goes on").isEqualTo(EndReason.END);
        RecordingResult r = result.get(10, TimeUnit.SECONDS);
        assertThat(r.complete()).isFalse();
        Verification v = Recording.open(file).verify(trusted);
        assertThat(v).isInstanceOf(Verification.Truncated.class);
        // the magic is write 1, each unit two writes (header, content): 24 units were written whole
        assertThat(((Verification.Truncated) v).verifiedUnits()).isEqualTo(r.units()).isEqualTo(24);
    }
}
