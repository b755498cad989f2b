package io.github.sessionbridge.core.integrity;

import io.github.sessionbridge.core.integrity.internal.ManifestWriter;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicLong;

/** Writes signed recordings for the tests, through the manifest writer the recorder uses. */
final class SignedRecordings {
    private SignedRecordings() {
    }

    static ManifestSigner newSigner() {
        try {
            return ManifestSigner.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Unit i (from 0) of the test recordings: all the same length, so chunks of equal unit counts are equal in size. */
    static Unit unit(int i) {
        return unit(i, "line ");
    }

    static Unit unit(int i, String text) {
        return new TerminalData(1_700_000_000_000L + i * 10L, String.format("%s%06d\r\n", text, i).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Writes {@code units} units to {@code file} and its manifest beside it, chunks of {@code chunkUnits}; with
     * {@code crashAfter} >= 0, stops as a crash would after that many units (the manifest then has no final line).
     * The clock advances 1 ms per unit; the signer's interval decides the checkpoints.
     */
    static void write(Path file, ManifestSigner signer, int units, int chunkUnits, int crashAfter) throws IOException {
        write(file, signer, units, chunkUnits, crashAfter, "line ");
    }

    static void write(Path file, ManifestSigner signer, int units, int chunkUnits, int crashAfter, String text) throws IOException {
        AtomicLong clock = new AtomicLong();
        try (FileChannel manifest = FileChannel.open(manifestOf(file), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream rec = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            ManifestWriter w = new ManifestWriter(manifest, signer, clock::get, chunkUnits, 1 << 20);
            OutputStream out = w.tee(rec);
            out.write(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < units; i++) {
                if (i == crashAfter) {
                    w.abandon();
                    return;
                }
                UnitEncoder.writeTo(unit(i, text), out);
                clock.addAndGet(1_000_000);
                w.unitWritten();
            }
            w.finish();
        }
    }

    static Path manifestOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".manifest");
    }
}
