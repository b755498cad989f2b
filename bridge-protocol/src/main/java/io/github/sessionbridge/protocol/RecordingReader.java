package io.github.sessionbridge.protocol;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Reads a recording file (protocol §5) one unit at a time, streaming: it holds one read buffer
 * and at most one partial unit, so files far larger than the heap can be read.
 *
 * <p>Not thread-safe.
 */
public final class RecordingReader implements Closeable {

    private static final int READ_SIZE = 64 * 1024;

    private final InputStream in;
    private final StreamDecoder decoder;
    private final byte[] buffer = new byte[READ_SIZE];
    private final ArrayDeque<Unit> ready = new ArrayDeque<>();
    private boolean eof;
    private ProtocolException failure;

    /**
     * Opens a recording on {@code in}, reading and checking the magic at once, with the
     * {@linkplain StreamDecoder#DEFAULT_MAX_RECORD_SIZE default maximum record size}. The reader owns
     * {@code in}: {@link #close()} closes it.
     *
     * @param in the recording's bytes, from the first byte of the magic on; not {@code null}. It is read
     *           in chunks of 64 KiB, so it need not be buffered
     * @throws IOException          if reading the magic fails; {@code in} is then left open
     * @throws ProtocolException    of kind {@link ProtocolException.Kind#BAD_MAGIC} if it does not start with
     *                              {@code SESSREC1} (also when it has fewer than 8 bytes); {@code in} is then
     *                              closed
     * @throws NullPointerException if {@code in} is {@code null}
     */
    public RecordingReader(InputStream in) throws IOException {
        this(in, StreamDecoder.DEFAULT_MAX_RECORD_SIZE);
    }

    /**
     * As {@link #RecordingReader(InputStream)}, rejecting records whose length field is above
     * {@code maxRecordSize}.
     *
     * @param in            the recording's bytes, from the first byte of the magic on; not {@code null};
     *                      owned by the reader
     * @param maxRecordSize the largest length field accepted, in bytes: 16 to
     *                      {@link StreamDecoder#MAX_MAX_RECORD_SIZE}; a larger record makes {@link #next()}
     *                      throw {@link ProtocolException.Kind#LENGTH_TOO_LARGE}
     * @throws IOException              if reading the magic fails; {@code in} is then left open
     * @throws ProtocolException        of kind {@link ProtocolException.Kind#BAD_MAGIC} if {@code in} does not
     *                                  start with {@code SESSREC1}; {@code in} is then closed
     * @throws IllegalArgumentException if {@code maxRecordSize} is out of range; nothing is read and
     *                                  {@code in} is left open
     * @throws NullPointerException     if {@code in} is {@code null}
     */
    public RecordingReader(InputStream in, int maxRecordSize) throws IOException {
        this.in = Objects.requireNonNull(in, "in");
        this.decoder = new StreamDecoder(maxRecordSize);
        byte[] magic = in.readNBytes(RecordingWriter.MAGIC_BYTES.length);
        if (!java.util.Arrays.equals(magic, RecordingWriter.MAGIC_BYTES)) {
            in.close();
            throw new ProtocolException(ProtocolException.Kind.BAD_MAGIC, 0, "not a recording file: it starts with \""
                    + new String(magic, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?")
                    + "\" (" + magic.length + " bytes), not \"" + RecordingWriter.MAGIC + "\"");
        }
    }

    /**
     * Opens the recording file at {@code path}, with the default maximum record size. The file is closed
     * again if this fails.
     *
     * @param path the recording file; not {@code null}
     * @return a reader positioned at the first unit; close it when done
     * @throws IOException       if the file cannot be opened or its magic cannot be read
     * @throws ProtocolException of kind {@link ProtocolException.Kind#BAD_MAGIC} if the file does not start
     *                           with {@code SESSREC1}
     */
    public static RecordingReader open(Path path) throws IOException {
        InputStream is = Files.newInputStream(path);
        try {
            return new RecordingReader(is);
        } catch (IOException | RuntimeException e) {
            is.close();
            throw e;
        }
    }

    /**
     * Whether {@code path} starts with the recording magic. Reads at most its first 8 bytes; the rest of the
     * file is not checked.
     *
     * @param path the file to look at; not {@code null}
     * @return {@code true} if the file starts with {@code SESSREC1}; {@code false} otherwise, also when it is
     *         shorter than 8 bytes
     * @throws IOException if the file cannot be opened or read (for example, it does not exist)
     */
    public static boolean isRecording(Path path) throws IOException {
        try (InputStream is = new BufferedInputStream(Files.newInputStream(path))) {
            return java.util.Arrays.equals(is.readNBytes(RecordingWriter.MAGIC_BYTES.length), RecordingWriter.MAGIC_BYTES);
        }
    }

    /**
     * The next unit, or {@code null} at the end of the recording (its end, or after a control byte).
     * Every whole unit before a protocol violation is returned before the violation is reported;
     * once reported, every later call reports it again. Offsets in the exception are file offsets
     * (magic included).
     *
     * @return the next unit in file order, or {@code null} when there is none left
     * @throws IOException       if reading the underlying stream fails
     * @throws ProtocolException of kind {@link ProtocolException.Kind#TRUNCATED} if the file ends inside
     *         a unit, or any other protocol violation in the file
     */
    public Unit next() throws IOException {
        while (ready.isEmpty() && failure == null && !eof) {
            if (decoder.state() == StreamDecoder.State.TERMINATED) {
                eof = true;
                break;
            }
            int n = in.read(buffer);
            if (n < 0) {
                eof = true;
                long unitStart = decoder.offset() - decoder.bufferedBytes();
                long present = decoder.bufferedBytes();
                if (decoder.finish() == StreamDecoder.State.INSIDE_UNIT) {
                    failure = new ProtocolException(ProtocolException.Kind.TRUNCATED, unitStart + RecordingWriter.MAGIC_BYTES.length,
                            "the recording ends inside a unit, after " + present + " of its bytes");
                }
                break;
            }
            try {
                decoder.feed(ByteBuffer.wrap(buffer, 0, n), ready::add);
            } catch (ProtocolException e) {
                // the units decoded before the violation are queued: hand them out first
                failure = inFile(e);
            }
        }
        Unit unit = ready.poll();
        if (unit == null && failure != null) {
            throw failure;
        }
        return unit;
    }

    /** The decoder's exception with its stream offset turned into a file offset. */
    private static ProtocolException inFile(ProtocolException e) {
        if (e.offset() < 0) {
            return e;
        }
        String prefix = e.kind() + " at offset " + e.offset() + ": ";
        String message = e.getMessage();
        ProtocolException f = new ProtocolException(e.kind(), e.offset() + RecordingWriter.MAGIC_BYTES.length,
                message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        f.initCause(e);
        return f;
    }

    /**
     * How much of the file has been read. The file is read 64 KiB at a time, so this is usually ahead of
     * the units {@link #next()} has returned, and may lie inside a unit or past a control byte. Once
     * {@code next()} has returned {@code null} because the file ended, it is the file's size.
     *
     * @return the file offset (magic included) of the next byte to be read; 8 before the first unit is read
     */
    public long offset() {
        return decoder.offset() + RecordingWriter.MAGIC_BYTES.length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
