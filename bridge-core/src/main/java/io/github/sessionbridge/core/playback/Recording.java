package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.playback.internal.ForwardOnlySource;
import io.github.sessionbridge.core.playback.internal.Scans;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.StreamDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A recording file (protocol §5) to play, seek in and export: a {@link RecordingSource} whose magic
 * was checked. Opening one reads 8 bytes; nothing of it is ever held in memory but read buffers, so
 * recordings far larger than the heap play.
 *
 * <pre>{@code
 * Recording rec = Recording.open(Path.of("s-42.rec"));
 * RecordingInfo info = rec.info();                       // one streaming pass: counts and duration
 * SessionPlayer player = SessionPlayer.play(rec, sink, PlaybackOptions.defaults());
 * }</pre>
 *
 * <p>Thread-safe: any number of players and exports may use one recording at once, each reading it
 * with its own channel. A recording made by {@link #ofStream} is the exception: it can be read once,
 * forwards only.
 */
public final class Recording {

    private final RecordingSource source;
    private final String name;
    private final boolean seekable;
    private final int maxRecordSize;
    private volatile RecordingInfo info;

    private Recording(RecordingSource source, String name, boolean seekable, int maxRecordSize) {
        this.source = source;
        this.name = name;
        this.seekable = seekable;
        this.maxRecordSize = maxRecordSize;
    }

    /**
     * The recording file at {@code file}.
     *
     * @throws ProtocolException of kind {@link ProtocolException.Kind#BAD_MAGIC} if it does not start with {@code SESSREC1}
     * @throws IOException       if it cannot be read
     */
    public static Recording open(Path file) throws IOException {
        return of(RecordingSource.file(file), file.toString());
    }

    /**
     * The recording in {@code source}, named {@code name} in logs and messages.
     *
     * @throws ProtocolException of kind {@link ProtocolException.Kind#BAD_MAGIC} if it does not start with {@code SESSREC1}
     * @throws IOException       if it cannot be read
     */
    public static Recording of(RecordingSource source, String name) throws IOException {
        return of(source, name, StreamDecoder.DEFAULT_MAX_RECORD_SIZE);
    }

    /**
     * As {@link #of(RecordingSource, String)}, treating records longer than {@code maxRecordSize} as a
     * protocol error (default 16 MiB, as live bridges).
     */
    public static Recording of(RecordingSource source, String name, int maxRecordSize) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        new StreamDecoder(maxRecordSize); // validates the range
        checkMagic(source);
        return new Recording(source, name, true, maxRecordSize);
    }

    /**
     * A recording read once from {@code in} (standard input, a network stream): it plays and exports,
     * but cannot seek backwards and has no {@link #info()} before it is played. The recording owns
     * {@code in}; it is closed when the player or export that read it ends.
     *
     * @throws ProtocolException of kind {@link ProtocolException.Kind#BAD_MAGIC} if it does not start with {@code SESSREC1}
     * @throws IOException       if it cannot be read
     */
    public static Recording ofStream(InputStream in, String name) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(name, "name");
        ForwardOnlySource source = new ForwardOnlySource(in);
        try {
            checkMagic(source);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return new Recording(source, name, false, StreamDecoder.DEFAULT_MAX_RECORD_SIZE);
    }

    private static void checkMagic(RecordingSource source) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(RecordingWriter.MAGIC.length());
        try (ReadableByteChannel ch = source.openAt(0)) {
            while (magic.hasRemaining() && ch.read(magic) >= 0) {
                // read the 8 bytes, or what there is
            }
        }
        String got = new String(magic.array(), 0, magic.position(), StandardCharsets.ISO_8859_1);
        if (!got.equals(RecordingWriter.MAGIC)) {
            throw new ProtocolException(ProtocolException.Kind.BAD_MAGIC, 0, "not a recording: it starts with \""
                    + got.replaceAll("[^\\x20-\\x7e]", "?") + "\" (" + got.length() + " bytes), not \"" + RecordingWriter.MAGIC + "\"");
        }
    }

    /** The name given (a file's path). */
    public String name() {
        return name;
    }

    /** Where the bytes are read from. */
    public RecordingSource source() {
        return source;
    }

    /** Whether players of it can seek backwards ({@code false} only for {@link #ofStream}). */
    public boolean isSeekable() {
        return seekable;
    }

    /** The largest record length accepted. */
    public int maxRecordSize() {
        return maxRecordSize;
    }

    /**
     * Counts and duration, found by reading the recording once (headers only where it can skip; a few
     * hundred MiB take well under a second from the page cache) and kept for later calls.
     *
     * @throws IOException           if it cannot be read
     * @throws IllegalStateException for a forward-only recording ({@link #ofStream})
     */
    public RecordingInfo info() throws IOException {
        RecordingInfo i = info;
        if (i == null) {
            if (!seekable) {
                throw new IllegalStateException("a recording read from a stream has no info before it is played");
            }
            i = Scans.info(this);
            info = i;
        }
        return i;
    }

    @Override
    public String toString() {
        return "Recording[" + name + (seekable ? "" : ", forward only") + "]";
    }
}
