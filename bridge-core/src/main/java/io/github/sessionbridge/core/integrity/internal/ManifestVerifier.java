package io.github.sessionbridge.core.integrity.internal;

import io.github.sessionbridge.core.integrity.ManifestKeys;
import io.github.sessionbridge.core.integrity.Verification;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;

/**
 * Verifies a recording against its manifest in one streaming pass over both: a 64 KiB buffer for the
 * recording, one line of the manifest at a time (at most {@link ManifestFormat#MAX_LINE} characters), whatever
 * their sizes. The manifest is hostile input: every number it holds is checked against what was read, and
 * nothing is allocated from what it claims.
 */
public final class ManifestVerifier {
    private final ReadableByteChannel recording;
    private final ManifestLines manifest;
    private final ManifestKeys trusted;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final MessageDigest digest = ManifestFormat.sha256();

    private byte[] chain = ManifestFormat.seed();
    private long chunks;
    private long units;
    private long bytes;
    private long verifiedUnits;
    private long verifiedBytes;
    private boolean signed;
    private String keyId;
    private PublicKey key;

    private ManifestVerifier(ReadableByteChannel recording, ReadableByteChannel manifest, ManifestKeys trusted) {
        this.recording = recording;
        this.manifest = new ManifestLines(manifest);
        this.trusted = trusted;
    }

    /**
     * Verifies.
     *
     * @param recording the recording's bytes from byte 0; read to its end at most; not closed
     * @param manifest  the manifest's bytes from byte 0, or {@code null} if there is none; not closed
     * @param absent    says what is missing, when {@code manifest} is {@code null}
     * @param trusted   the keys trusted
     * @return what was found
     * @throws IOException if either cannot be read
     */
    public static Verification verify(ReadableByteChannel recording, ReadableByteChannel manifest, String absent,
                                      ManifestKeys trusted) throws IOException {
        if (manifest == null) {
            return new Verification.Unsigned("no manifest (" + absent + ")");
        }
        return new ManifestVerifier(recording, manifest, trusted).run();
    }

    private Verification run() throws IOException {
        String header = manifest.next();
        if (header == null) {
            return new Verification.Unsigned("the manifest is empty");
        }
        if (!header.equals(ManifestFormat.HEADER)) {
            return malformed("it does not start with \"" + ManifestFormat.HEADER + "\"");
        }
        String keyLine = manifest.next();
        if (keyLine == null) {
            return new Verification.Unsigned("the manifest names no key");
        }
        Verification bad = readKey(keyLine);
        if (bad != null) {
            return bad;
        }
        digest.update(chain);
        for (String line = manifest.next(); line != null; line = manifest.next()) {
            String[] f = line.split(" ", -1);
            Verification v;
            try {
                v = switch (f[0]) {
                    case "chunk" -> f.length == 7 ? chunk(f) : malformed("a chunk line has 7 fields");
                    case "checkpoint", "final" -> f.length == 5 ? signedLine(f) : malformed("a " + f[0] + " line has 5 fields");
                    default -> malformed("a line is not a chunk, checkpoint or final line");
                };
            } catch (NumberFormatException e) {
                v = malformed("a number is not one: " + e.getMessage());
            }
            if (v != null) {
                return v;
            }
        }
        if (!signed) {
            return new Verification.Unsigned("the manifest holds no signature (its " + chunks + " chunks cover " + units + " units)");
        }
        long extra = drain();
        return new Verification.Truncated(verifiedUnits, verifiedBytes, "the manifest ends at a checkpoint, without its final line "
                + "(the recording did not end cleanly, or its manifest was cut); " + (bytes - verifiedBytes + extra)
                + " bytes after the checkpoint are not covered by a signature");
    }

    private Verification readKey(String line) {
        String[] f = line.split(" ", -1);
        if (f.length != 3 || !f[0].equals("key") || !ManifestFormat.isKeyId(f[1])) {
            return malformed("its second line is not \"key KEYID PUBLIC-KEY\"");
        }
        PublicKey carried;
        try {
            carried = ManifestFormat.publicKey(Base64.getDecoder().decode(f[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return malformed("its key line holds no Ed25519 public key");
        }
        keyId = f[1];
        if (!ManifestFormat.keyId(carried).equals(keyId)) {
            return malformed("its key line names key " + keyId + " but carries key " + ManifestFormat.keyId(carried));
        }
        if (trusted.isEmbedded()) {
            key = carried;
        } else {
            Optional<PublicKey> k = trusted.find(keyId);
            if (k.isEmpty()) {
                return new Verification.WrongKey(keyId, "the manifest is signed by key " + keyId + ", not by a trusted key "
                        + trusted.keyIds());
            }
            key = k.get();
        }
        return null;
    }

    private Verification chunk(String[] f) throws IOException {
        long index = number(f[1]);
        long before = number(f[2]);
        long n = number(f[3]);
        long offset = number(f[4]);
        long length = number(f[5]);
        if (index != chunks + 1 || before != units || offset != bytes || length == 0 || f[6].length() != 64) {
            return malformed("chunk line " + index + " does not follow chunk " + chunks + " (units " + units + ", byte " + bytes + ")");
        }
        long read = 0;
        while (read < length) {
            buffer.clear();
            if (length - read < buffer.capacity()) {
                buffer.limit((int) (length - read));
            }
            int r = recording.read(buffer);
            if (r < 0) {
                return new Verification.Truncated(verifiedUnits, verifiedBytes, "the recording ends at byte " + (offset + read)
                        + ", inside chunk " + index + " (" + range(before, n, offset, length) + ")");
            }
            digest.update(buffer.array(), 0, r);
            read += r;
        }
        byte[] next = ManifestFormat.closeLink(digest, index, before, n, offset, length);
        if (!ManifestFormat.hex(next).equals(f[6])) {
            return new Verification.Tampered(before + 1, before + Math.max(n, 1), offset, "chunk " + index + " ("
                    + range(before, n, offset, length) + ") does not match the manifest's chain");
        }
        chain = next;
        digest.update(chain);
        chunks = index;
        units += n;
        bytes += length;
        return null;
    }

    private Verification signedLine(String[] f) throws IOException {
        String kind = f[0];
        long u = number(f[1]);
        long b = number(f[2]);
        if (u != units || b != bytes || !f[3].equals(ManifestFormat.hex(chain))) {
            return malformed("its " + kind + " line (unit " + u + ", byte " + b + ") contradicts its chunks (unit " + units
                    + ", byte " + bytes + ")");
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance(ManifestFormat.ALGORITHM);
            s.initVerify(key);
            s.update(ManifestFormat.signedText(kind, u, b, f[3], keyId));
            ok = s.verify(Base64.getDecoder().decode(f[4]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) {
            return new Verification.WrongKey(keyId, "the " + kind + " signature at unit " + u + " does not verify with key " + keyId);
        }
        signed = true;
        verifiedUnits = units;
        verifiedBytes = bytes;
        if (kind.equals("checkpoint")) {
            return null;
        }
        if (manifest.next() != null) {
            return malformed("lines follow its final line");
        }
        long extra = drain();
        if (extra > 0) {
            return new Verification.Tampered(units + 1, units + 1, bytes, extra + " bytes follow the last signed unit (" + units
                    + ", ending at byte " + bytes + ")");
        }
        return new Verification.Intact(units, bytes, keyId, !trusted.isEmbedded());
    }

    private long drain() throws IOException {
        long extra = 0;
        for (;;) {
            buffer.clear();
            int r = recording.read(buffer);
            if (r < 0) {
                return extra;
            }
            extra += r;
        }
    }

    private Verification malformed(String what) {
        return new Verification.Tampered(units + 1, units + 1, bytes, "the manifest is malformed at line " + manifest.lineNumber()
                + ": " + what);
    }

    private static String range(long before, long n, long offset, long length) {
        String u = n == 0 ? "no units" : n == 1 ? "unit " + (before + 1) : "units " + (before + 1) + "–" + (before + n);
        return u + ", bytes " + offset + "–" + (offset + length - 1);
    }

    private static long number(String s) {
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException("\"" + (s.length() > 20 ? s.substring(0, 20) + "…" : s) + "\"");
        }
        return Long.parseLong(s);
    }

    /** The manifest's lines, one at a time, each at most {@link ManifestFormat#MAX_LINE} characters. */
    private static final class ManifestLines {
        private final ReadableByteChannel in;
        private final ByteBuffer buf = ByteBuffer.allocate(8192);
        private final StringBuilder line = new StringBuilder();
        private int number;
        private boolean eof;

        ManifestLines(ReadableByteChannel in) {
            this.in = in;
            buf.flip();
        }

        int lineNumber() {
            return number;
        }

        /** The next line without its '\n', or null at the end; a line too long, or not ASCII, reads as "?". */
        String next() throws IOException {
            line.setLength(0);
            boolean bad = false;
            for (;;) {
                if (!buf.hasRemaining()) {
                    if (eof) {
                        if (line.length() == 0 && !bad) {
                            return null;
                        }
                        break;
                    }
                    buf.clear();
                    int r = in.read(buf);
                    buf.flip();
                    if (r < 0) {
                        eof = true;
                    }
                    continue;
                }
                byte b = buf.get();
                if (b == '\n') {
                    break;
                }
                if (b < 0x20 || b > 0x7e || line.length() >= ManifestFormat.MAX_LINE) {
                    bad = true;
                } else {
                    line.append((char) b);
                }
            }
            number++;
            return bad ? "?" : line.toString();
        }
    }

}
