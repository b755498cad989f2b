package io.github.sessionbridge.core.integrity;

import io.github.sessionbridge.core.integrity.internal.ManifestFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Duration;
import java.util.Objects;

/**
 * The host's Ed25519 key pair that signs recordings' manifests, and how often a long recording is
 * checkpointed. Give it to the recording configuration; every recording it makes then gets a sidecar
 * manifest (see the {@linkplain io.github.sessionbridge.core.integrity package documentation} for the format).
 *
 * <pre>{@code
 * ManifestSigner signer = ManifestSigner.load(Path.of("/etc/bridge/manifest.key"), Path.of("/etc/bridge/manifest.pub"));
 * }</pre>
 *
 * <p>Key files are what {@code openssl genpkey -algorithm ed25519 -out manifest.key} and
 * {@code openssl pkey -in manifest.key -pubout -out manifest.pub} write (PEM), or the same in DER. The
 * manifest names its key by {@linkplain #keyId() key id}, derived from the public key: to rotate keys, sign
 * with a new pair and let verifiers trust the old and the new public keys ({@link ManifestKeys#of}); each
 * recording is checked against the key it names.
 *
 * <p>Immutable and thread-safe.
 */
public final class ManifestSigner {
    /** The default checkpoint interval: 10 seconds. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;
    private final Duration checkpointEvery;

    private ManifestSigner(PrivateKey privateKey, PublicKey publicKey, Duration checkpointEvery) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = ManifestFormat.keyId(publicKey);
        this.checkpointEvery = checkpointEvery;
    }

    /**
     * A signer with {@code keys}, checkpointing every 10 seconds. The pair is checked now by signing a test text
     * and verifying it.
     *
     * @param keys an Ed25519 key pair (for example from {@code KeyPairGenerator.getInstance("Ed25519")})
     * @return the signer
     * @throws IllegalArgumentException if the keys are not Ed25519, or the public key is not the private key's
     * @throws NullPointerException     if {@code keys} or one of its keys is {@code null}
     */
    public static ManifestSigner of(KeyPair keys) {
        Objects.requireNonNull(keys, "keys");
        PrivateKey priv = Objects.requireNonNull(keys.getPrivate(), "private key");
        PublicKey pub = Objects.requireNonNull(keys.getPublic(), "public key");
        try {
            byte[] probe = "session-bridge key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(ManifestFormat.ALGORITHM);
            s.initSign(priv);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(ManifestFormat.ALGORITHM);
            v.initVerify(pub);
            v.update(probe);
            if (!v.verify(sig)) {
                throw new IllegalArgumentException("the public key is not the private key's");
            }
        } catch (InvalidKeyException | SignatureException e) {
            throw new IllegalArgumentException("not an Ed25519 key pair: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
        return new ManifestSigner(priv, pub, DEFAULT_CHECKPOINT_INTERVAL);
    }

    /**
     * The signer whose keys are in two files, PEM or DER.
     *
     * @param privateKeyFile the Ed25519 private key (PKCS #8: {@code -----BEGIN PRIVATE KEY-----})
     * @param publicKeyFile  its public key (X.509: {@code -----BEGIN PUBLIC KEY-----})
     * @return the signer, as {@link #of}
     * @throws IOException              if a file cannot be read or holds no such key (the message names the file)
     * @throws IllegalArgumentException if the public key is not the private key's
     * @throws NullPointerException     if an argument is {@code null}
     */
    public static ManifestSigner load(Path privateKeyFile, Path publicKeyFile) throws IOException {
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Objects.requireNonNull(publicKeyFile, "publicKeyFile");
        return of(new KeyPair(ManifestFormat.readPublicKey(publicKeyFile), ManifestFormat.readPrivateKey(privateKeyFile)));
    }

    /**
     * The same keys, checkpointing every {@code interval} instead: after the first unit written at least
     * {@code interval} after the previous checkpoint, the manifest gets a signed checkpoint covering every unit
     * written so far. A crash then leaves the units up to the last checkpoint verifiable.
     *
     * @param interval the time between checkpoints; zero checkpoints after every unit (for tests: each
     *                 checkpoint is a signature and a write)
     * @return a signer with the same keys and this interval
     * @throws IllegalArgumentException if {@code interval} is negative
     * @throws NullPointerException     if {@code interval} is {@code null}
     */
    public ManifestSigner checkpointEvery(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("negative checkpoint interval: " + interval);
        }
        return new ManifestSigner(privateKey, publicKey, interval);
    }

    /**
     * The checkpoint interval.
     *
     * @return the time between checkpoints ({@link #checkpointEvery(Duration)})
     */
    public Duration checkpointInterval() {
        return checkpointEvery;
    }

    /**
     * The key id manifests name: the first 16 bytes, in hex, of the SHA-256 of the public key's X.509 encoding.
     *
     * @return 32 lower-case hex digits
     */
    public String keyId() {
        return keyId;
    }

    /**
     * The public key, to give verifiers ({@link ManifestKeys#of}).
     *
     * @return the Ed25519 public key
     */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Signs {@code text} with the private key (what the manifest writer does for each checkpoint).
     *
     * @param text the bytes to sign
     * @return the Ed25519 signature, 64 bytes
     * @throws NullPointerException if {@code text} is {@code null}
     */
    public byte[] sign(byte[] text) {
        Objects.requireNonNull(text, "text");
        try {
            Signature s = Signature.getInstance(ManifestFormat.ALGORITHM);
            s.initSign(privateKey);
            s.update(text);
            return s.sign();
        } catch (NoSuchAlgorithmException | InvalidKeyException | SignatureException e) {
            throw new IllegalStateException("Ed25519 signing failed", e); // checked in of()
        }
    }

    @Override
    public String toString() {
        return "ManifestSigner[key " + keyId + ", checkpoint every " + checkpointEvery + "]";
    }
}
