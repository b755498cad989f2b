package io.github.sessionbridge.core.integrity.internal;

import io.github.sessionbridge.core.integrity.ManifestSigner;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Writes one recording's manifest as the recording is written: every byte of the recording goes through
 * {@link #tee}, {@link #unitWritten} after each unit closes chunks and checkpoints, {@link #finish} writes
 * the final line. Lines go to the manifest channel as they are made (a chunk line per chunk, a checkpoint
 * per interval), without buffering in the JVM. Not thread-safe: the recorder's writer thread owns it.
 * Memory: one digest and a few counters, whatever the recording's size.
 */
public final class ManifestWriter {
    private final WritableByteChannel out;
    private final ManifestSigner signer;
    private final LongSupplier nanoClock;
    private final int chunkUnits;
    private final long chunkBytes;
    private final long intervalNanos;
    private MessageDigest digest = ManifestFormat.sha256();
    private MessageDigest whole;  // the digest as it was after the last unit written whole (null: as it is)
    private long wholeBytes;

    private byte[] chain = ManifestFormat.seed();
    private long chunks;
    private long units;           // units written, all chunks
    private long bytes;           // bytes written, all chunks
    private long chunkFirstUnit;  // units before the open chunk
    private long chunkOffset;     // bytes before the open chunk
    private long lastCheckpointNanos;
    private long signedUnits = -1;
    private boolean started;
    private boolean closed;

    /**
     * A writer with the format's chunk sizes and the signer's checkpoint interval.
     *
     * @param out    the manifest's channel, new and empty; closed by {@link #finish} or {@link #abandon}
     * @param signer the key pair
     */
    public ManifestWriter(WritableByteChannel out, ManifestSigner signer) {
        this(out, signer, System::nanoTime, ManifestFormat.CHUNK_UNITS, ManifestFormat.CHUNK_BYTES);
    }

    /** As above, with a clock and chunk sizes of the caller's (tests). */
    public ManifestWriter(WritableByteChannel out, ManifestSigner signer, LongSupplier nanoClock, int chunkUnits, long chunkBytes) {
        this.out = Objects.requireNonNull(out, "out");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.nanoClock = nanoClock;
        this.chunkUnits = chunkUnits;
        this.chunkBytes = chunkBytes;
        this.intervalNanos = signer.checkpointInterval().toNanos();
        digest.update(chain); // link 1 starts with the seed
        this.lastCheckpointNanos = nanoClock.getAsLong();
    }

    /** Units covered so far. */
    public long units() {
        return units;
    }

    /** Units covered by the last signed line, or -1 before the first. */
    public long signedUnits() {
        return signedUnits;
    }

    /** Wraps the recording's stream: what is written to it is written to {@code recording} and hashed. */
    public OutputStream tee(OutputStream recording) {
        return new FilterOutputStream(recording) {
            @Override
            public void write(int b) throws IOException {
                keepWhole();
                out.write(b);
                digest.update((byte) b);
                bytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                keepWhole();
                out.write(b, off, len);
                digest.update(b, off, len);
                bytes += len;
            }
        };
    }

    /** Before the first bytes of a unit: keeps the digest as it is, in case the unit is not written whole. */
    private void keepWhole() {
        if (whole == null && bytes == wholeBytes) {
            try {
                whole = (MessageDigest) digest.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA-256 cannot be cloned", e);
            }
        }
    }

    private void start() throws IOException {
        if (!started) {
            started = true;
            line(ManifestFormat.HEADER + "\n" + "key " + signer.keyId() + " "
                    + Base64.getEncoder().encodeToString(signer.publicKey().getEncoded()) + "\n");
        }
    }

    /** One unit was written whole through {@link #tee}: closes the chunk if it is full, checkpoints if due. */
    public void unitWritten() throws IOException {
        start();
        units++;
        whole = null;
        wholeBytes = bytes;
        if (units - chunkFirstUnit >= chunkUnits || bytes - chunkOffset >= chunkBytes) {
            closeChunk();
        }
        if (nanoClock.getAsLong() - lastCheckpointNanos >= intervalNanos) {
            closeChunk();
            sign("checkpoint");
        }
    }

    /** The recording ended whole: closes the last chunk, signs the final line, closes the manifest. */
    public void finish() throws IOException {
        if (closed) {
            return;
        }
        try {
            start();
            if (bytes > chunkOffset || chunks == 0) {
                closeChunk0();
            }
            sign("final");
        } finally {
            closed = true;
            out.close();
        }
    }

    /**
     * The recording stopped early (it fell behind, a write failed, its bridge was shut down): a last checkpoint
     * covers the units written whole (the bytes of one written in part are left out) and the manifest is
     * closed without a final line, so the recording verifies as truncated after its last whole unit.
     */
    public void stop() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (whole != null && bytes != wholeBytes) { // a unit was not written whole: leave its bytes out
                digest = whole;
                bytes = wholeBytes;
            }
            start();
            if (bytes > chunkOffset || chunks == 0) {
                closeChunk0();
            }
            sign("checkpoint");
        } finally {
            closed = true;
            out.close();
        }
    }

    /**
     * Closes the manifest as it is, ending at its last checkpoint (what a crash leaves; for tests).
     */
    public void abandon() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }

    private void closeChunk() throws IOException {
        if (bytes > chunkOffset) {
            closeChunk0();
        }
    }

    private void closeChunk0() throws IOException {
        chunks++;
        long n = units - chunkFirstUnit;
        long len = bytes - chunkOffset;
        chain = ManifestFormat.closeLink(digest, chunks, chunkFirstUnit, n, chunkOffset, len);
        digest.update(chain); // the next link starts with this one
        line("chunk " + chunks + " " + chunkFirstUnit + " " + n + " " + chunkOffset + " " + len + " "
                + ManifestFormat.hex(chain) + "\n");
        chunkFirstUnit = units;
        chunkOffset = bytes;
    }

    private void sign(String kind) throws IOException {
        String chainHex = ManifestFormat.hex(chain);
        byte[] sig = signer.sign(ManifestFormat.signedText(kind, units, bytes, chainHex, signer.keyId()));
        line(kind + " " + units + " " + bytes + " " + chainHex + " " + Base64.getEncoder().encodeToString(sig) + "\n");
        signedUnits = units;
        lastCheckpointNanos = nanoClock.getAsLong();
    }

    private void line(String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
