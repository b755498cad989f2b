package io.github.sessionbridge.recordings.s3;

import io.github.sessionbridge.core.integrity.ManifestSigner;
import io.github.sessionbridge.core.integrity.internal.ManifestWriter;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The large test recording: {@link #RECORDS} terminal records of 64 KiB, record {@code n} stamped
 * {@code T0 + n} ms (so playback time {@code n} ms is record {@code n}), a screen clear (a keyframe) every 256,
 * each one's content a function of {@code n} alone, so a player's output can be checked byte for byte without
 * holding the recording: {@link #content(long)}, {@link #indexOf(SessionRecord)}.
 */
final class BigSession {
    static final long T0 = 1_700_000_000_000L;
    static final int RECORD = 64 * 1024;
    static final int KEYFRAME_EVERY = 256;
    private static final byte[] CLEAR = "\u001b[H\u001b[2J".getBytes(StandardCharsets.US_ASCII);

    private BigSession() {
    }

    /** The records of the 1 GiB recording: 1 GiB of content, so the object is a little more. */
    static final long RECORDS = (1L << 30) / RECORD;

    /** The lines of letters, by {@code n % 26}: byte {@code i} is {@code '\n'} every 80th, else {@code 'a' + (n + i) % 26}. */
    private static final byte[][] FILLER = new byte[26][];

    static {
        for (int k = 0; k < 26; k++) {
            byte[] b = new byte[RECORD];
            for (int i = 0; i < b.length; i++) {
                b[i] = i % 80 == 79 ? (byte) '\n' : (byte) ('a' + (k + i) % 26);
            }
            FILLER[k] = b;
        }
    }

    /** Record {@code n}'s content: [a clear] {@code #<n>#} then lines of letters shifted by {@code n}. */
    static byte[] content(long n) {
        byte[] b = FILLER[(int) (n % 26)].clone();
        int at = 0;
        if (n % KEYFRAME_EVERY == 0) {
            System.arraycopy(CLEAR, 0, b, 0, CLEAR.length);
            at = CLEAR.length;
        }
        b[at] = '#';
        long v = n;
        for (int i = 8; i >= 1; i--) {
            b[at + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        b[at + 9] = '#';
        return b;
    }

    /** The {@code n} a record of {@link #content} carries, or -1 if it carries none where it should. */
    static long indexOf(SessionRecord r) {
        byte[] c = r.content();
        int at = c.length > CLEAR.length && c[0] == 0x1b ? CLEAR.length : 0;
        if (c.length < at + 10 || c[at] != '#' || c[at + 9] != '#') {
            return -1;
        }
        return Long.parseLong(new String(c, at + 1, 8, StandardCharsets.US_ASCII));
    }

    /** Whether {@code r} is exactly record {@code n}. */
    static boolean is(SessionRecord r, long n) {
        return r instanceof TerminalData && r.timestamp() == T0 + n && Arrays.equals(r.content(), content(n));
    }

    /**
     * Writes {@code records} records and the end to {@code file}, streamed, and its signed manifest to
     * {@code file.manifest} through the recorder's manifest writer.
     */
    static void write(Path file, long records, ManifestSigner signer) throws IOException {
        try (FileChannel manifest = FileChannel.open(file.resolveSibling(file.getFileName() + ".manifest"),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream rec = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 20)) {
            ManifestWriter w = new ManifestWriter(manifest, signer);
            OutputStream out = w.tee(rec);
            out.write(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
            for (long n = 0; n < records; n++) {
                UnitEncoder.writeTo(new TerminalData(T0 + n, content(n)), out);
                w.unitWritten();
            }
            UnitEncoder.writeTo(Control.END, out);
            w.unitWritten();
            out.flush();
            w.finish();
        }
    }
}
