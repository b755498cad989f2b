package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.PlaybackOptions;
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
     * The recording file at {@code file}, named by its path. Only the magic is read now; the file is opened
     * again by every player, export and {@link #info()}, and must stay in place while they run.
     *
     * @param file the recording file; not {@code null}
     * @return a seekable recording with the default maximum record size (16 MiB)
     * @throws ProtocolException    of kind {@link ProtocolException.Kind#BAD_MAGIC} if it does not start with
     *                              {@code SESSREC1}
     * @throws IOException          if it cannot be read (for example, it does not exist)
     * @throws NullPointerException if {@code file} is {@code null}
     */
    public static Recording open(Path file) throws IOException {
        return of(RecordingSource.file(file), file.toString());
    }

    /**
     * The recording in {@code source}, named {@code name} in logs and messages. Only the magic is read now;
     * {@code source} is opened again by every player, export and {@link #info()}.
     *
     * @param source where the recording's bytes are; it must give the same bytes every time it is opened,
     *               and be safe to open from several threads at once; not {@code null}
     * @param name   names the recording in logs, messages and {@link #toString()}; not {@code null}
     * @return a seekable recording with the default maximum record size (16 MiB)
     * @throws ProtocolException    of kind {@link ProtocolException.Kind#BAD_MAGIC} if it does not start with
     *                              {@code SESSREC1}
     * @throws IOException          if it cannot be read
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Recording of(RecordingSource source, String name) throws IOException {
        return of(source, name, StreamDecoder.DEFAULT_MAX_RECORD_SIZE);
    }

    /**
     * As {@link #of(RecordingSource, String)}, treating records longer than {@code maxRecordSize} as a
     * protocol error (default 16 MiB, as live bridges).
     *
     * @param source        where the recording's bytes are; not {@code null}
     * @param name          names the recording in logs and messages; not {@code null}
     * @param maxRecordSize the largest length field accepted, in bytes: 16 to
     *                      {@link StreamDecoder#MAX_MAX_RECORD_SIZE}; a player meeting a larger record ends
     *                      with {@link io.github.sessionbridge.core.EndReason#PROTOCOL_ERROR}
     * @return a seekable recording
     * @throws ProtocolException        of kind {@link ProtocolException.Kind#BAD_MAGIC} if it does not start with
     *                                  {@code SESSREC1}
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException if {@code maxRecordSize} is out of range (nothing is read then)
     * @throws NullPointerException     if {@code source} or {@code name} is {@code null}
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
     * but cannot seek backwards and has no {@link #info()} (that throws {@link IllegalStateException},
     * also after playing; a player's {@link SessionPlayer#duration()} is known once it has ended). The
     * recording owns {@code in}; it is closed when the player or export that read it ends (or by the caller,
     * if it is never played or exported).
     *
     * @param in   the recording's bytes, from the first byte of the magic on; read once, by one player or
     *             export; not {@code null}
     * @param name names the recording in logs and messages; not {@code null}
     * @return a forward-only recording, with the default maximum record size (16 MiB)
     * @throws ProtocolException    of kind {@link ProtocolException.Kind#BAD_MAGIC} if it does not start with
     *                              {@code SESSREC1}; {@code in} is then closed
     * @throws IOException          if it cannot be read; {@code in} is then closed
     * @throws NullPointerException if an argument is {@code null}
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

    /**
     * The name given (a file's path).
     *
     * @return the name used in logs and messages: the {@code name} argument, or for {@link #open} the
     *         file's path
     */
    public String name() {
        return name;
    }

    /**
     * Where the bytes are read from.
     *
     * @return the source given; for {@link #open} a {@linkplain RecordingSource#file file source}, for
     *         {@link #ofStream} an internal source that can only be read forwards, once
     */
    public RecordingSource source() {
        return source;
    }

    /**
     * Whether players of it can seek backwards ({@code false} only for {@link #ofStream}).
     *
     * @return {@code true} if it can be read any number of times from any offset: played, seeked in both
     *         directions, exported and {@linkplain #info() scanned}
     */
    public boolean isSeekable() {
        return seekable;
    }

    /**
     * The largest record length accepted.
     *
     * @return the largest length field, in bytes, that players, exports and {@link #info()} accept; a larger
     *         one is a protocol error
     */
    public int maxRecordSize() {
        return maxRecordSize;
    }

    /**
     * Counts and duration, found by reading the recording once (headers only where it can skip; a few
     * hundred MiB take well under a second from the page cache) and kept for later calls. A recording
     * that breaks the protocol is not an error here: {@link RecordingInfo#ending()} says how it ends.
     *
     * @return what the recording holds, up to where it ends or breaks
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
