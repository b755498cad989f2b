package io.github.sessionbridge.core.integrity;

import static io.github.sessionbridge.core.integrity.SignedRecordings.manifestOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.integrity.internal.ManifestFormat;
import io.github.sessionbridge.core.integrity.internal.ManifestVerifier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest: written as a recording is, verified in one pass, and every kind of tampering caught with its place. */
class ManifestTest {
    static final int UNITS = 3000;
    static final int CHUNK = 1024;
    static final long UNIT_LEN = SignedRecordings.unit(0).encodedLength();

    final ManifestSigner signer = SignedRecordings.newSigner().checkpointEvery(Duration.ofHours(1));
    final ManifestKeys trusted = ManifestKeys.of(List.of(signer.publicKey()));

    @TempDir
    Path dir;

    Path write(String name) throws IOException {
        Path f = dir.resolve(name);
        SignedRecordings.write(f, signer, UNITS, CHUNK, -1);
        return f;
    }

    Verification verify(Path file, ManifestKeys keys) throws IOException {
        Path m = manifestOf(file);
        try (FileChannel rec = FileChannel.open(file);
             FileChannel man = Files.exists(m) ? FileChannel.open(m) : null) {
            return ManifestVerifier.verify(rec, man, m + " not found", keys);
        }
    }

    static long chunkOffset(int chunk) { // chunk from 1; chunk 1 holds the magic
        return chunk == 1 ? 0 : 8 + (long) (chunk - 1) * CHUNK * UNIT_LEN;
    }

    @Test
    void anUntouchedRecordingIsIntactAndItsManifestIsTheDocumentedFormat() throws IOException {
        Path f = write("a.rec");
        assertThat(verify(f, trusted)).isEqualTo(new Verification.Intact(UNITS, Files.size(f), signer.keyId(), true));
        assertThat(verify(f, ManifestKeys.embedded())).isEqualTo(new Verification.Intact(UNITS, Files.size(f), signer.keyId(), false));
        List<String> lines = Files.readAllLines(manifestOf(f));
        assertThat(lines.get(0)).isEqualTo("session-bridge-manifest 1");
        assertThat(lines.get(1)).startsWith("key " + signer.keyId() + " ");
        assertThat(lines.get(2)).startsWith("chunk 1 0 1024 0 " + (8 + CHUNK * UNIT_LEN) + " ");
        assertThat(lines.get(3)).startsWith("chunk 2 1024 1024 " + chunkOffset(2) + " " + CHUNK * UNIT_LEN + " ");
        assertThat(lines.get(4)).startsWith("chunk 3 2048 952 " + chunkOffset(3) + " " + 952 * UNIT_LEN + " ");
        assertThat(lines.get(5)).startsWith("final 3000 " + Files.size(f) + " ");
        assertThat(lines).hasSize(6);
        assertThat(signer.keyId()).matches("[0-9a-f]{32}");
    }

    @Test
    void aFlippedByteIsFoundInItsChunk() throws IOException {
        Path f = write("a.rec");
        long at = chunkOffset(2) + 500 * UNIT_LEN + 20;
        flip(f, at);
        Verification v = verify(f, trusted);
        assertThat(v).isEqualTo(new Verification.Tampered(1025, 2048, chunkOffset(2), "chunk 2 (units 1025–2048, bytes "
                + chunkOffset(2) + "–" + (chunkOffset(3) - 1) + ") does not match the manifest's chain"));
        assertThat(v.intact()).isFalse();
        flip(f, at);
        flip(f, 3); // the magic
        assertThat(verify(f, trusted)).isInstanceOf(Verification.Tampered.class)
                .extracting(t -> ((Verification.Tampered) t).fromUnit()).isEqualTo(1L);
    }

    @Test
    void aCutRecordingIsTruncatedAfterItsLastSignedCheckpoint() throws IOException {
        Path f = write("a.rec");
        truncate(f, chunkOffset(3) + 10);
        Verification v = verify(f, trusted);
        assertThat(v).isInstanceOf(Verification.Truncated.class);
        assertThat(v.message()).contains("the recording ends at byte " + (chunkOffset(3) + 10) + ", inside chunk 3 (units 2049–3000");
        // no checkpoint before the final line: nothing is vouched for
        assertThat(((Verification.Truncated) v).verifiedUnits()).isZero();

        // checkpointing every unit: the cut is found after the exact unit
        ManifestSigner every = signer.checkpointEvery(Duration.ZERO);
        Path g = dir.resolve("b.rec");
        SignedRecordings.write(g, every, 100, CHUNK, -1);
        truncate(g, 8 + 41 * UNIT_LEN + 3); // inside unit 42
        assertThat(verify(g, trusted)).isEqualTo(new Verification.Truncated(41, 8 + 41 * UNIT_LEN,
                "the recording ends at byte " + (8 + 41 * UNIT_LEN + 3) + ", inside chunk 42 (unit 42, bytes " + (8 + 41 * UNIT_LEN)
                        + "–" + (8 + 42 * UNIT_LEN - 1) + ")"));
        assertThat(verify(g, trusted).message()).startsWith("truncated after unit 41 (byte " + (8 + 41 * UNIT_LEN) + "): ");
    }

    @Test
    void bytesAppendedAfterTheLastSignedUnitAreTampering() throws IOException {
        Path f = write("a.rec");
        long size = Files.size(f);
        Files.write(f, SignedRecordings.unit(9999).toString().getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        Verification v = verify(f, trusted);
        assertThat(v).isInstanceOf(Verification.Tampered.class);
        assertThat((Verification.Tampered) v).extracting(Verification.Tampered::fromUnit, Verification.Tampered::offset)
                .containsExactly(3001L, size);
        assertThat(v.message()).contains("bytes follow the last signed unit (3000, ending at byte " + size + ")");
    }

    @Test
    void twoSwappedChunksAreFoundAtTheFirst() throws IOException {
        Path f = dir.resolve("a.rec");
        SignedRecordings.write(f, signer, 4 * CHUNK, CHUNK, -1);
        byte[] all = Files.readAllBytes(f);
        int len = (int) (CHUNK * UNIT_LEN);
        byte[] two = java.util.Arrays.copyOfRange(all, (int) chunkOffset(2), (int) chunkOffset(2) + len);
        System.arraycopy(all, (int) chunkOffset(3), all, (int) chunkOffset(2), len);
        System.arraycopy(two, 0, all, (int) chunkOffset(3), len);
        Files.write(f, all);
        assertThat(verify(f, trusted)).isInstanceOf(Verification.Tampered.class)
                .satisfies(v -> assertThat(v.message()).startsWith("tampered: chunk 2 (units 1025–2048"));
    }

    @Test
    void aReplacedManifestIsCaught() throws IOException {
        Path f = write("a.rec");
        Path other = dir.resolve("other.rec");
        SignedRecordings.write(other, signer, 10, CHUNK, -1, "other "); // the same key, another recording
        Files.copy(manifestOf(other), manifestOf(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(verify(f, trusted)).isInstanceOf(Verification.Tampered.class)
                .satisfies(v -> assertThat(v.message()).startsWith("tampered: chunk 1 (units 1–10"));

        // a new manifest made by a forger for the altered recording, signed with the forger's own key
        Path forged = dir.resolve("forged.rec");
        ManifestSigner forger = SignedRecordings.newSigner();
        SignedRecordings.write(forged, forger, UNITS, CHUNK, -1);
        Verification v = verify(forged, trusted);
        assertThat(v).isEqualTo(new Verification.WrongKey(forger.keyId(), "the manifest is signed by key " + forger.keyId()
                + ", not by a trusted key [" + signer.keyId() + "]"));
        assertThat(verify(forged, ManifestKeys.embedded()).intact()).as("embedded trust does not catch a forger").isTrue();

        Files.delete(manifestOf(f));
        assertThat(verify(f, trusted)).isEqualTo(new Verification.Unsigned("no manifest (" + manifestOf(f) + " not found)"));
    }

    @Test
    void reSigningWithAnotherKeyUnderTheTrustedKeysIdIsAWrongKey() throws IOException {
        Path f = write("a.rec");
        ManifestSigner forger = SignedRecordings.newSigner();
        List<String> lines = new ArrayList<>(Files.readAllLines(manifestOf(f)));
        String[] last = lines.get(lines.size() - 1).split(" ");
        byte[] sig = forger.sign(ManifestFormat.signedText("final", Long.parseLong(last[1]), Long.parseLong(last[2]), last[3], signer.keyId()));
        last[4] = Base64.getEncoder().encodeToString(sig);
        lines.set(lines.size() - 1, String.join(" ", last));
        Files.write(manifestOf(f), lines);
        assertThat(verify(f, trusted)).isEqualTo(new Verification.WrongKey(signer.keyId(),
                "the final signature at unit 3000 does not verify with key " + signer.keyId()));
    }

    @Test
    void aManifestWithoutSignaturesIsUnsigned() throws IOException {
        Path f = write("a.rec");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifestOf(f)));
        lines.remove(lines.size() - 1);
        Files.write(manifestOf(f), lines);
        assertThat(verify(f, trusted)).isEqualTo(new Verification.Unsigned(
                "the manifest holds no signature (its 3 chunks cover 3000 units)"));
        Files.write(manifestOf(f), new byte[0]);
        assertThat(verify(f, trusted)).isEqualTo(new Verification.Unsigned("the manifest is empty"));
    }

    @Test
    void aCrashLeavesThePrefixUpToTheLastCheckpointVerifiable() throws IOException {
        Path f = dir.resolve("crash.rec");
        // a checkpoint every 100 ms of the test clock (1 ms a unit): after units 100, 200, ...
        SignedRecordings.write(f, signer.checkpointEvery(Duration.ofMillis(100)), 1000, CHUNK, 457);
        Verification v = verify(f, trusted);
        assertThat(v).isInstanceOf(Verification.Truncated.class);
        Verification.Truncated t = (Verification.Truncated) v;
        assertThat(t.verifiedUnits()).isEqualTo(400);
        assertThat(t.verifiedBytes()).isEqualTo(8 + 400 * UNIT_LEN);
        assertThat(t.detail()).contains("without its final line").contains((57 * UNIT_LEN) + " bytes after the checkpoint");
    }

    @Test
    void aHostileManifestIsMalformedNeverBelieved() throws IOException {
        Path f = write("a.rec");
        List<String> good = Files.readAllLines(manifestOf(f));
        String[][] cases = {
            {"chunk 1 0 1024 5 10 " + "0".repeat(64), "does not follow"},
            {"chunk 1 0 1024 0 9223372036854775807 " + "0".repeat(64), "the recording ends at byte"},
            {"chunk 1 0 1024 0 -5 x", "a number is not one"},
            {"x".repeat(100_000), "not a chunk"},
            {"chunk 2 0 1024 0 10 " + "0".repeat(64), "chunk line 2 does not follow chunk 0"},
            {"final 1 8 " + "0".repeat(64) + " AAAA", "contradicts its chunks"},
        };
        for (String[] c : cases) {
            List<String> lines = new ArrayList<>(good.subList(0, 2));
            lines.add(c[0]);
            lines.addAll(good.subList(3, good.size()));
            Files.write(manifestOf(f), lines);
            assertThat(verify(f, trusted).message()).as(c[0].substring(0, Math.min(60, c[0].length()))).contains(c[1]);
        }
        Files.write(manifestOf(f), List.of("session-bridge-manifest 1", "key " + signer.keyId() + " AAAA"));
        assertThat(verify(f, trusted).message()).contains("holds no Ed25519 public key");
        Files.write(manifestOf(f), List.of("session-bridge-manifest 2"));
        assertThat(verify(f, trusted).message()).isEqualTo("tampered: the manifest is malformed at line 1: it does not start with "
                + "\"session-bridge-manifest 1\"");
    }

    @Test
    void keysLoadFromOpensslStylePemFilesAndRotateById() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path priv = dir.resolve("k.key");
        Path pub = dir.resolve("k.pub");
        Files.writeString(priv, ManifestFormat.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(pub, ManifestFormat.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        ManifestSigner loaded = ManifestSigner.load(priv, pub);
        Path f = dir.resolve("new.rec");
        SignedRecordings.write(f, loaded, 10, CHUNK, -1);
        Path old = write("old.rec");
        ManifestKeys both = ManifestKeys.of(List.of(loaded.publicKey(), signer.publicKey()));
        assertThat(ManifestKeys.load(List.of(pub)).keyIds()).containsExactly(loaded.keyId());
        assertThat(verify(f, both).intact()).isTrue();
        assertThat(verify(old, both).intact()).isTrue();
        assertThat(verify(old, ManifestKeys.load(List.of(pub)))).isInstanceOf(Verification.WrongKey.class);
        assertThatThrownBy(() -> ManifestSigner.load(pub, priv)).isInstanceOf(IOException.class)
                .hasMessageContaining(priv + ": a PEM file without a \"-----BEGIN PUBLIC KEY-----\" block");
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThatThrownBy(() -> ManifestSigner.of(new java.security.KeyPair(other.getPublic(), pair.getPrivate())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the private key's");
    }

    static void flip(Path f, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
            ch.write(b, at);
        }
    }

    static void truncate(Path f, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }
}
