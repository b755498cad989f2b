package io.github.sessionbridge.core.integrity;

import io.github.sessionbridge.core.integrity.internal.ManifestFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The public keys a verifier trusts, by key id: a manifest signed by any other key verifies as
 * {@link Verification.WrongKey}. Trusting several keys is how keys rotate: keep the old public key trusted
 * for the recordings it signed.
 *
 * <p>{@link #embedded()} trusts whatever key the manifest carries: it catches corruption and careless edits
 * (the chain and signature must still match), not a forger, who can sign a new manifest with a key of their
 * own. Immutable and thread-safe.
 */
public final class ManifestKeys {
    private final Map<String, PublicKey> keys;

    private ManifestKeys(Map<String, PublicKey> keys) {
        this.keys = keys;
    }

    /**
     * Trusts {@code keys}.
     *
     * @param keys Ed25519 public keys; at least one
     * @return the trusted set
     * @throws IllegalArgumentException if {@code keys} is empty or holds a key that is not Ed25519
     * @throws NullPointerException     if {@code keys} or one of them is {@code null}
     */
    public static ManifestKeys of(Collection<PublicKey> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys to trust (ManifestKeys.embedded() trusts the manifest's own)");
        }
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (PublicKey k : keys) {
            Objects.requireNonNull(k, "key");
            if (!ManifestFormat.ALGORITHM.equalsIgnoreCase(k.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(k.getAlgorithm())) {
                throw new IllegalArgumentException("not an Ed25519 public key: " + k.getAlgorithm());
            }
            m.put(ManifestFormat.keyId(k), k);
        }
        return new ManifestKeys(Map.copyOf(m));
    }

    /**
     * Trusts the public keys in {@code files} (PEM {@code -----BEGIN PUBLIC KEY-----} or DER X.509).
     *
     * @param files key files; at least one
     * @return the trusted set
     * @throws IOException              if a file cannot be read or holds no Ed25519 public key (the message
     *                                  names it)
     * @throws IllegalArgumentException if {@code files} is empty
     * @throws NullPointerException     if {@code files} or one of them is {@code null}
     */
    public static ManifestKeys load(Collection<Path> files) throws IOException {
        Objects.requireNonNull(files, "files");
        List<PublicKey> ks = new ArrayList<>();
        for (Path f : files) {
            ks.add(ManifestFormat.readPublicKey(Objects.requireNonNull(f, "file")));
        }
        return of(ks);
    }

    /**
     * Trusts the key each manifest carries (see the class documentation for what that does not catch).
     *
     * @return the set that trusts every manifest's own key
     */
    public static ManifestKeys embedded() {
        return new ManifestKeys(null);
    }

    /**
     * Whether this trusts each manifest's own key.
     *
     * @return {@code true} for {@link #embedded()}
     */
    public boolean isEmbedded() {
        return keys == null;
    }

    /**
     * The key ids trusted.
     *
     * @return the ids of the keys given, empty for {@link #embedded()}
     */
    public Set<String> keyIds() {
        return keys == null ? Set.of() : keys.keySet();
    }

    /**
     * The trusted key with id {@code keyId}.
     *
     * @param keyId a key id ({@link ManifestSigner#keyId()})
     * @return the key, or empty if it is not trusted (always empty for {@link #embedded()})
     */
    public Optional<PublicKey> find(String keyId) {
        return keys == null ? Optional.empty() : Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public String toString() {
        return keys == null ? "ManifestKeys[embedded]" : "ManifestKeys" + keys.keySet();
    }
}
