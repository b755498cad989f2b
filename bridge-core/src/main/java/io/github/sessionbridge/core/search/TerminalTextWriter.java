package io.github.sessionbridge.core.search;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.internal.RecordWalk;
import io.github.sessionbridge.core.search.internal.LineSink;
import io.github.sessionbridge.core.search.internal.ScreenText;
import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a session's terminal output as plain UTF-8 text, the way the operator saw it scroll past: exactly
 * the lines {@link RecordingSearch} searches (see "The text of the terminal output" there), each followed by
 * {@code \n}. Escape sequences are interpreted or removed, carriage returns and backspaces applied, so the
 * text can be read, diffed and {@code grep}ped. Input events are not included; screen frames are counted.
 * A line longer than 4096 columns is written in pieces with no line break between them. Streaming: nothing
 * is held but the current line.
 *
 * <pre>{@code
 * try (OutputStream out = Files.newOutputStream(Path.of("s-42.txt"))) {
 *     TerminalTextWriter.export(Recording.open(Path.of("s-42.rec")), out);
 * }
 * }</pre>
 *
 * <p>The writer never closes its stream; {@link #write} flushes it after each record. Not thread-safe.
 */
public final class TerminalTextWriter {

    private static final int BUFFER = 64 * 1024;

    private final OutputStream out;
    private final ScreenText text;
    private final byte[] buf = new byte[BUFFER];
    private int at;
    private long lines;
    private long skippedFrames;
    private boolean finished;

    /**
     * A writer to {@code out}.
     *
     * @param out where the text goes, as UTF-8; flushed after every record, never closed; not {@code null}
     * @throws NullPointerException if {@code out} is {@code null}
     */
    public TerminalTextWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
        this.text = new ScreenText(new Lines(), false);
    }

    /**
     * Exports {@code recording}'s terminal output to {@code out} as text, streaming; input events and screen
     * frames are skipped unread. A recording that breaks the protocol part way is exported up to the break and
     * finished normally; {@link Result#ending()} says so. {@code out} is flushed, not closed. A recording made
     * by {@link Recording#ofStream} is read (and its stream closed) by this call.
     *
     * @param recording the recording; not {@code null}
     * @param out       where the text goes; not {@code null}
     * @return what was written and how the recording ends
     * @throws IOException          if the recording cannot be read, or {@code out} written
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Result export(Recording recording, OutputStream out) throws IOException {
        Objects.requireNonNull(recording, "recording");
        TerminalTextWriter w = new TerminalTextWriter(out);
        RecordWalk.Outcome o = RecordWalk.walk(recording, new RecordWalk.Visitor() {
            @Override
            public boolean record(RecordType type, long timestamp, int contentLength) {
                if (type == RecordType.SCREEN_FRAME) {
                    w.skippedFrames++;
                }
                return type == RecordType.TERMINAL_DATA;
            }

            @Override
            public void content(byte[] bytes, int offset, int length) throws IOException {
                w.text.feed(bytes, offset, length, 0);
            }

            @Override
            public boolean stopped() {
                return false;
            }
        });
        w.finish();
        return new Result(w.lines, w.skippedFrames, o.ending(), o.detail());
    }

    /**
     * Writes what the next record adds to the text, then flushes: terminal data is run through the text model
     * (a line is written once it ends), an input event is ignored, a screen frame counted.
     *
     * @param record the next record of the session, in stream order; not {@code null}
     * @throws IOException           if the output cannot be written
     * @throws IllegalStateException after {@link #finish()}
     * @throws NullPointerException  if {@code record} is {@code null}
     */
    public void write(SessionRecord record) throws IOException {
        Objects.requireNonNull(record, "record");
        if (finished) {
            throw new IllegalStateException("the text was already finished");
        }
        if (record instanceof TerminalData data) {
            byte[] c = data.content();
            text.feed(c, 0, c.length, 0);
        } else if (record instanceof ScreenFrame) {
            skippedFrames++;
        }
        drain();
        out.flush();
    }

    /**
     * Ends the text: the last line (an incomplete character at the very end becomes U+FFFD), then a flush.
     * Idempotent.
     *
     * @throws IOException if the output cannot be written
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        text.finish();
        drain();
        out.flush();
    }

    /**
     * How many lines were written.
     *
     * @return the line breaks written so far
     */
    public long lines() {
        return lines;
    }

    /**
     * How many screen frames were skipped.
     *
     * @return the frames given to {@link #write} so far
     */
    public long skippedFrames() {
        return skippedFrames;
    }

    private void drain() throws IOException {
        if (at > 0) {
            out.write(buf, 0, at);
            at = 0;
        }
    }

    /** Encodes the lines as UTF-8 into the buffer. */
    private final class Lines implements LineSink {
        @Override
        public void line(int[] cps, long[] times, int length, boolean continues) throws IOException {
            byte[] b = buf;
            for (int i = 0; i < length; i++) {
                if (at > BUFFER - 5) {
                    drain();
                }
                int c = cps[i];
                if (c < 0x80) {
                    b[at++] = (byte) c;
                } else if (c < 0x800) {
                    b[at++] = (byte) (0xc0 | (c >> 6));
                    b[at++] = (byte) (0x80 | (c & 0x3f));
                } else if (c < 0x10000) {
                    b[at++] = (byte) (0xe0 | (c >> 12));
                    b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    b[at++] = (byte) (0x80 | (c & 0x3f));
                } else {
                    b[at++] = (byte) (0xf0 | (c >> 18));
                    b[at++] = (byte) (0x80 | ((c >> 12) & 0x3f));
                    b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    b[at++] = (byte) (0x80 | (c & 0x3f));
                }
            }
            if (!continues) {
                if (at > BUFFER - 1) {
                    drain();
                }
                b[at++] = '\n';
                lines++;
            }
        }
    }

    /**
     * What an export wrote.
     *
     * @param lines         the lines written (line breaks)
     * @param skippedFrames the screen frames skipped
     * @param ending        how the recording ends: {@link EndReason#END}, {@link EndReason#REFUSED},
     *                      {@link EndReason#TRUNCATED} or {@link EndReason#PROTOCOL_ERROR}; a broken recording is
     *                      exported up to the break
     * @param detail        what broke it, or empty
     */
    public record Result(long lines, long skippedFrames, EndReason ending, Optional<String> detail) {

        /**
         * Creates a result.
         *
         * @param lines         the lines written
         * @param skippedFrames the screen frames skipped
         * @param ending        how the recording ends; not {@code null}
         * @param detail        what broke it, or empty; not {@code null}
         * @throws NullPointerException if {@code ending} or {@code detail} is {@code null}
         */
        public Result {
            Objects.requireNonNull(ending, "ending");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
