package io.github.sessionbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.integrity.ManifestSigner;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingTap;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import io.github.sessionbridge.testkit.internal.SampleSession;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify FILE [--key PUBLIC_KEY_FILE]}: each outcome of tools.md, on recordings made by a signing live bridge. */
class VerifyCommandTest {
    @TempDir
    Path dir;
    Path rec;
    Path pub;
    Path otherPub;
    ManifestSigner signer;

    @BeforeEach
    void recordASignedSession() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        signer = ManifestSigner.of(pair);
        pub = dir.resolve("manifest.pub");
        Files.writeString(pub, pem(pair.getPublic().getEncoded()));
        otherPub = dir.resolve("other.pub");
        Files.writeString(otherPub, pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()));
        rec = record("s-42.rec", signer);
    }

    Path record(String name, ManifestSigner with) throws Exception {
        Path sample = dir.resolve("sample-" + name);
        Files.write(sample, SampleSession.bytes());
        Path out = dir.resolve(name);
        try (FakeCServer c = FakeCServer.builder().start()) {
            c.session("s-42").streams(sample);
            RecordingPolicy policy = bridge -> Optional.of(RecordingTarget.file(out));
            try (SessionBridge sb = SessionBridge.create(c.bridgeConfig().tap(RecordingTap.signed(policy, with)).build())) {
                RecordingClientSink sink = new RecordingClientSink();
                sb.monitor(Caller.of("auditor", "test"), "SSH", "s-42", sink);
                sink.awaitNotice(Duration.ofSeconds(10));
            }
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(SampleSession.bytes());
        return out;
    }

    static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    Path manifest(Path f) {
        return f.resolveSibling(f.getFileName() + ".manifest");
    }

    @Test
    void anIntactRecordingExitsZeroWithOneLineOnStdout() {
        CliRun.Result r = CliRun.run("verify", rec.toString(), "--key", pub.toString());
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).containsExactly(rec + ": intact: " + (SampleSession.units().size()) + " units, "
                + SampleSession.bytes().length + " bytes, signed by key " + signer.keyId());
        CliRun.Result unpinned = CliRun.run("verify", rec.toString());
        assertThat(unpinned.status()).isZero();
        assertThat(unpinned.stdout()).contains("the manifest's own key: not checked against a trusted key");
        assertThat(CliRun.run("verify", rec.toString(), "--key", otherPub.toString(), "--key", pub.toString()).status())
                .as("rotation: any trusted key").isZero();
    }

    @Test
    void aFlippedByteExitsOneSayingWhere() throws Exception {
        try (FileChannel ch = FileChannel.open(rec, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'X'}), 40);
        }
        CliRun.Result r = CliRun.run("verify", rec.toString(), "--key", pub.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderrLines()).hasSize(1);
        assertThat(r.stderr()).startsWith(rec + ": tampered: chunk 1 (units 1–");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aCutOrAppendedRecordingExitsOne() throws Exception {
        Path copy = Files.copy(rec, dir.resolve("copy.rec"));
        Files.copy(manifest(rec), manifest(copy));
        Files.write(copy, new byte[] {'5'}, StandardOpenOption.APPEND);
        CliRun.Result appended = CliRun.run("verify", copy.toString(), "--key", pub.toString());
        assertThat(appended.status()).isEqualTo(1);
        assertThat(appended.stderrLines()).singleElement().asString().contains("tampered: 1 bytes follow the last signed unit");
        try (FileChannel ch = FileChannel.open(rec, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(rec) - 100);
        }
        CliRun.Result cut = CliRun.run("verify", rec.toString(), "--key", pub.toString());
        assertThat(cut.status()).isEqualTo(1);
        assertThat(cut.stderrLines()).singleElement().asString().contains(": truncated after unit ")
                .contains("the recording ends at byte " + (SampleSession.bytes().length - 100));
    }

    @Test
    void aManifestReplacedOrReSignedWithAnotherKeyExitsOne() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path forged = record("forged.rec", ManifestSigner.of(other));
        Files.copy(manifest(forged), manifest(rec), StandardCopyOption.REPLACE_EXISTING);
        CliRun.Result r = CliRun.run("verify", rec.toString(), "--key", pub.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.stderrLines()).singleElement().asString().contains(": wrong key: the manifest is signed by key "
                + ManifestSigner.of(other).keyId() + ", not by a trusted key [" + signer.keyId() + "]");
        Files.delete(manifest(rec));
        CliRun.Result unsigned = CliRun.run("verify", rec.toString(), "--key", pub.toString());
        assertThat(unsigned.status()).isEqualTo(1);
        assertThat(unsigned.stderrLines()).singleElement().asString().contains(": unsigned: no manifest (" + manifest(rec) + " not found)");
    }

    @Test
    void usageErrorsExit64() throws Exception {
        assertThat(CliRun.run("verify").status()).isEqualTo(64);
        CliRun.Result noKey = CliRun.run("verify", rec.toString(), "--key", dir.resolve("nope.pub").toString());
        assertThat(noKey.status()).isEqualTo(64);
        assertThat(noKey.stderrLines()).singleElement().asString().contains("--key: no such file");
        CliRun.Result badKey = CliRun.run("verify", rec.toString(), "--key", rec.toString());
        assertThat(badKey.status()).isEqualTo(64);
        assertThat(badKey.stderr()).contains("not an Ed25519 public key");
        Path notRec = Files.writeString(dir.resolve("x.txt"), "hello");
        assertThat(CliRun.run("verify", notRec.toString()).status()).isEqualTo(64);
    }
}
