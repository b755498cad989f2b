package io.github.sessionbridge.protocol;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a recording file (protocol §5): {@code SESSREC1} and then units exactly as the C server
 * sends them, optionally ending with one control byte. Streaming: nothing is held but the
 * stream's own buffer.
 *
 * <p>Not thread-safe.
 */
public final class RecordingWriter implements Closeable, Flushable {

    /** The 8 bytes every recording file starts with. */
    public static final String MAGIC = "SESSREC1";
    static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private long unitsWritten;
    private long bytesWritten;
    private boolean ended;

    /**
     * Starts a recording on {@code out}, writing the magic at once. The writer owns {@code out}:
     * {@link #close()} closes it. Every unit is written to {@code out} at once, so a buffered stream makes
     * many small units cheaper.
     *
     * @param out where the recording goes; not {@code null}
     * @throws IOException          if writing the magic fails; {@code out} is then left open
     * @throws NullPointerException if {@code out} is {@code null}
     */
    public RecordingWriter(OutputStream out) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        out.write(MAGIC_BYTES);
        bytesWritten = MAGIC_BYTES.length;
    }

    /**
     * Creates (or replaces) the file at {@code path} and starts a recording in it, through a 64 KiB buffer:
     * call {@link #flush()} to hand what was written so far to the file, and {@link #close()} at the end.
     *
     * @param path the file to write; its directory must exist
     * @return a writer that has written the magic
     * @throws IOException if the file cannot be created or written; it is then closed (and may be left
     *                     behind, empty or truncated)
     */
    public static RecordingWriter create(Path path) throws IOException {
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), 64 * 1024);
        try {
            return new RecordingWriter(os);
        } catch (IOException e) {
            os.close();
            throw e;
        }
    }

    /**
     * Appends a unit in its wire form. A {@link Control} unit ends the recording: nothing can be written
     * after it.
     *
     * @param unit the record or control byte to append; not {@code null}
     * @throws IOException           if writing fails; the recording may then hold part of the unit, and
     *                               {@link #unitsWritten()} and {@link #bytesWritten()} do not count it
     * @throws IllegalStateException if a control byte has already ended the recording
     * @throws NullPointerException  if {@code unit} is {@code null}
     */
    public void write(Unit unit) throws IOException {
        if (ended) {
            throw new IllegalStateException("the recording already ended with a control byte");
        }
        UnitEncoder.writeTo(unit, out);
        unitsWritten++;
        bytesWritten += unit.encodedLength();
        ended = unit instanceof Control;
    }

    /**
     * How many units were written.
     *
     * @return the number of units (records and the control byte, if any) written so far, magic not counted
     */
    public long unitsWritten() {
        return unitsWritten;
    }

    /**
     * How many bytes were written, magic included: the size of the file once it is flushed.
     *
     * @return 8 plus the {@linkplain Unit#encodedLength() encoded length} of every unit written
     */
    public long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
