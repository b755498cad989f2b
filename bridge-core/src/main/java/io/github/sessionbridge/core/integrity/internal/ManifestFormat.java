package io.github.sessionbridge.core.integrity.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The manifest's format (see the {@code core.integrity} package documentation): its constants, the chain
 * step, the signed text, key ids and PEM key files. One place, shared by the writer and the verifier.
 */
public final class ManifestFormat {
    /** The first line. */
    public static final String HEADER = "session-bridge-manifest 1";
    /** A manifest file's name is the recording's plus this. */
    public static final String SUFFIX = ".manifest";
    /** The signature algorithm (JDK 15+). */
    public static final String ALGORITHM = "Ed25519";
    /** A chunk ends after this many units... */
    public static final int CHUNK_UNITS = 1024;
    /** ...or once it holds this many bytes. */
    public static final long CHUNK_BYTES = 1 << 20;
    /** The longest manifest line accepted (a chunk line is about 120 characters). */
    public static final int MAX_LINE = 1024;

    private static final HexFormat HEX = HexFormat.of();

    private ManifestFormat() {
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The chain value before chunk 1. */
    public static byte[] seed() {
        return sha256().digest(HEADER.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Ends a chunk's link: {@code digest} holds the previous chain value and the chunk's bytes; this adds the
     * numbers and returns the new chain value (the digest is reset).
     */
    public static byte[] closeLink(MessageDigest digest, long index, long firstUnit, long units, long offset, long length) {
        ByteBuffer b = ByteBuffer.allocate(40);
        b.putLong(index).putLong(firstUnit).putLong(units).putLong(offset).putLong(length);
        digest.update(b.array());
        return digest.digest();
    }

    /** The text a checkpoint or final line signs. */
    public static byte[] signedText(String kind, long units, long bytes, String chainHex, String keyId) {
        return (HEADER + "\n" + kind + " " + units + " " + bytes + " " + chainHex + " " + keyId + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Lower-case hex. */
    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** The key id of {@code key}: the first 16 bytes of the SHA-256 of its X.509 encoding, in hex. */
    public static String keyId(PublicKey key) {
        byte[] d = sha256().digest(key.getEncoded());
        return HEX.formatHex(d, 0, 16);
    }

    /** Whether {@code s} looks like a key id (32 lower-case hex digits). */
    public static boolean isKeyId(String s) {
        return s.length() == 32 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** An Ed25519 public key from its X.509 encoding. */
    public static PublicKey publicKey(byte[] x509) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
    }

    /** The Ed25519 public key in a PEM ({@code PUBLIC KEY}) or DER file. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        try {
            return publicKey(readKeyFile(file, "PUBLIC KEY"));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an Ed25519 public key (X.509 SubjectPublicKeyInfo, PEM or DER): " + e.getMessage(), e);
        }
    }

    /** The Ed25519 private key in a PEM ({@code PRIVATE KEY}, PKCS #8) or DER file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(readKeyFile(file, "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an Ed25519 private key (PKCS #8, PEM or DER): " + e.getMessage(), e);
        }
    }

    /** {@code key} as a PEM file's text. */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] readKeyFile(Path file, String label) throws IOException {
        if (Files.size(file) > 16 * 1024) {
            throw new IOException(file + ": too large for a key file (" + Files.size(file) + " bytes)");
        }
        byte[] raw = Files.readAllBytes(file);
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        String begin = "-----BEGIN " + label + "-----";
        int b = text.indexOf(begin);
        if (b < 0) {
            if (text.contains("-----BEGIN ")) {
                throw new IOException(file + ": a PEM file without a \"" + begin + "\" block");
            }
            return raw; // DER
        }
        int e = text.indexOf("-----END " + label + "-----", b);
        if (e < 0) {
            throw new IOException(file + ": \"" + begin + "\" without its END line");
        }
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }
}
