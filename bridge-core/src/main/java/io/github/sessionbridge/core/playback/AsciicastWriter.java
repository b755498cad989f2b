package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.internal.Durations;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.Json;
import io.github.sessionbridge.core.playback.internal.Exports;
import io.github.sessionbridge.core.playback.internal.MediaTime;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Utf8StreamDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a session as an asciicast v2 file (asciinema's format), streaming: first the header line
 *
 * <pre>{"version": 2, "width": 80, "height": 24, "timestamp": 1700000000, "title": "s-42"}</pre>
 *
 * <p>(timestamp: the first record's time in whole seconds; title only when given), then one
 * {@code [seconds, "o", text]} line per terminal-data record and one {@code [seconds, "i", text]} line per
 * input event, {@code seconds} being the time since the first record with three decimals, never
 * decreasing, every gap longer than the idle limit shortened to it. Terminal data is decoded as one UTF-8
 * text across record boundaries (protocol §2.2): a character split between two records comes out whole,
 * in the later record's event; should the stream end inside a character, one last output event holds
 * U+FFFD. Screen frames are skipped and counted. Nothing is held but the current line.
 *
 * <pre>{@code
 * try (OutputStream out = Files.newOutputStream(Path.of("s-42.cast"))) {
 *     AsciicastWriter.export(Recording.open(Path.of("s-42.rec")), out,
 *             AsciicastWriter.options().width(120).height(40).title("s-42").idleLimit(Duration.ofSeconds(2)).build());
 * }
 * }</pre>
 *
 * <p>The header is written with the first record, or by {@link #finish()} if there is none (then without a
 * timestamp). The writer flushes but never closes its stream. Not thread-safe.
 */
public final class AsciicastWriter {

    /** The default terminal width. */
    public static final int DEFAULT_WIDTH = 80;
    /** The default terminal height. */
    public static final int DEFAULT_HEIGHT = 24;


    private final OutputStream out;
    private final Options options;
    private final MediaTime timeline;
    private final Utf8StreamDecoder decoder = new Utf8StreamDecoder();
    private boolean headerWritten;
    private boolean finished;
    private long lastTime;
    private long events;
    private long skippedFrames;

    /**
     * A writer to {@code out} with {@code options}. Nothing is written until the first record or
     * {@link #finish()}.
     *
     * @param out     where the asciicast goes, as UTF-8; flushed after every record, never closed; not
     *                {@code null}
     * @param options the header's size and title and the idle limit, from {@link #options()}; not {@code null}
     * @throws NullPointerException if an argument is {@code null}
     */
    public AsciicastWriter(OutputStream out, Options options) {
        this.out = Objects.requireNonNull(out, "out");
        this.options = Objects.requireNonNull(options, "options");
        this.timeline = new MediaTime(MediaTime.limitMillis(options.idleLimit()));
    }

    /**
     * A new options builder: 80×24, no title, no idle limit.
     *
     * @return a builder with every default, not shared with any other caller
     */
    public static Options.Builder options() {
        return new Options.Builder();
    }

    /**
     * Exports {@code recording} to {@code out}, streaming; screen frames are skipped without being read. A
     * recording that breaks the protocol part way (truncated, a bad unit) is exported up to the break and
     * finished normally; {@link Result#ending()} says so. {@code out} is flushed, not closed. A recording
     * made by {@link Recording#ofStream} is read (and its stream closed) by this call, so it can be exported
     * only once, and not after it was played.
     *
     * @param recording the recording to export; not {@code null}
     * @param out       where the asciicast goes; not {@code null}
     * @param options   the header's size and title and the idle limit, from {@link #options()}; not
     *                  {@code null}
     * @return what was written and how the recording ends
     * @throws IOException          if the recording cannot be read (at its start, or part way: then
     *                              {@code out} holds the events exported so far and no final event), or
     *                              {@code out} cannot be written
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Result export(Recording recording, OutputStream out, Options options) throws IOException {
        return Exports.asciicast(recording, new AsciicastWriter(out, options));
    }

    /**
     * Writes the next record (and the header before the first), then flushes. Terminal data becomes an
     * {@code "o"} event (possibly with empty text, when the record only starts a character), an input event
     * an {@code "i"} event; a screen frame is only counted in {@link #skippedFrames()}.
     *
     * @param record the next record of the session, in stream order; its timestamp gives the event's time
     *               (a timestamp earlier than one already seen gives the latest time again); not {@code null}
     * @throws IOException           if the output cannot be written
     * @throws IllegalStateException after {@link #finish()}
     * @throws NullPointerException  if {@code record} is {@code null}
     */
    public void write(SessionRecord record) throws IOException {
        Objects.requireNonNull(record, "record");
        if (finished) {
            throw new IllegalStateException("the asciicast was already finished");
        }
        if (!headerWritten) {
            writeHeader(Math.floorDiv(record.timestamp(), 1000L));
        }
        lastTime = timeline.advance(record.timestamp());
        if (record instanceof TerminalData data) {
            writeEvent(lastTime, "o", decoder.decode(data));
        } else if (record instanceof InputEvent event) {
            writeEvent(lastTime, "i", event.text());
        } else if (record instanceof ScreenFrame) {
            skippedFrames++;
        }
        out.flush();
    }

    /** Counts a screen frame as skipped without reading it (the export skips frames' bytes in the file). */
    public void skipFrame() {
        skippedFrames++;
    }

    /**
     * Ends the asciicast: the header if no record came, a last event for an incomplete character, a flush.
     * Idempotent.
     *
     * @throws IOException if the output cannot be written
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (!headerWritten) {
            writeHeader(null);
        }
        if (decoder.hasPendingBytes()) {
            writeEvent(lastTime, "o", decoder.flush());
        }
        out.flush();
    }

    /**
     * How many events were written.
     *
     * @return the number of event lines ({@code "o"} and {@code "i"}) written so far, the header not counted
     */
    public long events() {
        return events;
    }

    /**
     * How many screen frames were skipped (asciicast holds terminal data and input events only).
     *
     * @return the frames given to {@link #write} plus the calls to {@link #skipFrame()} so far
     */
    public long skippedFrames() {
        return skippedFrames;
    }

    private void writeHeader(Long timestampSeconds) throws IOException {
        headerWritten = true;
        StringBuilder sb = new StringBuilder(96);
        sb.append("{\"version\": 2, \"width\": ").append(options.width).append(", \"height\": ").append(options.height);
        if (timestampSeconds != null) {
            sb.append(", \"timestamp\": ").append(timestampSeconds.longValue());
        }
        if (options.title != null) {
            sb.append(", \"title\": ");
            Json.appendQuoted(sb, options.title);
        }
        sb.append("}\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeEvent(long millis, String code, String text) throws IOException {
        StringBuilder sb = new StringBuilder(text.length() + 32);
        long frac = millis % 1000;
        sb.append('[').append(millis / 1000).append('.').append(frac < 10 ? "00" : frac < 100 ? "0" : "").append(frac)
                .append(", \"").append(code).append("\", ");
        Json.appendQuoted(sb, text);
        sb.append("]\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        events++;
    }

    /**
     * What an export wrote.
     *
     * @param events        the event lines written ({@code "o"} and {@code "i"}), the header not counted
     * @param skippedFrames the screen frames skipped
     * @param ending        how the recording ends ({@link RecordingInfo#ending()}): {@link EndReason#END},
     *                      {@link EndReason#REFUSED}, {@link EndReason#TRUNCATED} or
     *                      {@link EndReason#PROTOCOL_ERROR}; a broken recording is exported up to the break
     * @param detail        what broke it (the protocol error's message), or empty
     */
    public record Result(long events, long skippedFrames, EndReason ending, Optional<String> detail) {

        /**
         * Creates a result.
         *
         * @param events        the event lines written
         * @param skippedFrames the screen frames skipped
         * @param ending        how the recording ends; not {@code null}
         * @param detail        what broke it, or empty; not {@code null}
         * @throws NullPointerException if {@code ending} or {@code detail} is null
         */
        public Result {
            Objects.requireNonNull(ending, "ending");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The header's size and title, and the idle limit. Immutable. */
    public static final class Options {
        private final int width;
        private final int height;
        private final String title;
        private final Duration idleLimit;

        private Options(Builder b) {
            this.width = b.width;
            this.height = b.height;
            this.title = b.title;
            this.idleLimit = b.idleLimit;
        }

        /**
         * The terminal width in the header.
         *
         * @return the width in columns, 1..65535 (default {@value AsciicastWriter#DEFAULT_WIDTH})
         */
        public int width() {
            return width;
        }

        /**
         * The terminal height in the header.
         *
         * @return the height in rows, 1..65535 (default {@value AsciicastWriter#DEFAULT_HEIGHT})
         */
        public int height() {
            return height;
        }

        /**
         * The title in the header, if any.
         *
         * @return the title, or empty when the header has none (the default)
         */
        public Optional<String> title() {
            return Optional.ofNullable(title);
        }

        /**
         * The idle limit applied to the times, if any.
         *
         * @return the longest gap between two events' times (positive; applied in whole milliseconds, at
         *         least 1 ms), or empty when gaps are kept as recorded (the default)
         */
        public Optional<Duration> idleLimit() {
            return Optional.ofNullable(idleLimit);
        }

        /** Builds {@link Options}. */
        public static final class Builder {
            private int width = DEFAULT_WIDTH;
            private int height = DEFAULT_HEIGHT;
            private String title;
            private Duration idleLimit;

            private Builder() {
            }

            /**
             * The width (default 80; 1..65535).
             *
             * @param width the terminal width in columns, 1..65535
             * @return this builder
             * @throws IllegalArgumentException if {@code width} is outside 1..65535
             */
            public Builder width(int width) {
                this.width = check("width", width);
                return this;
            }

            /**
             * The height (default 24; 1..65535).
             *
             * @param height the terminal height in rows, 1..65535
             * @return this builder
             * @throws IllegalArgumentException if {@code height} is outside 1..65535
             */
            public Builder height(int height) {
                this.height = check("height", height);
                return this;
            }

            /**
             * A title for the header (default none).
             *
             * @param title the title, any text (it is escaped as a JSON string); not {@code null}
             * @return this builder
             * @throws NullPointerException if {@code title} is {@code null}
             */
            public Builder title(String title) {
                this.title = Objects.requireNonNull(title, "title");
                return this;
            }

            /**
             * Shortens every gap longer than {@code limit} to it (default: none).
             *
             * @param limit the longest gap between two events' times; positive, applied in whole milliseconds
             *              (truncated; less than 1 ms counts as 1 ms)
             * @return this builder
             * @throws IllegalArgumentException unless {@code limit} is positive
             * @throws NullPointerException     if {@code limit} is {@code null}
             */
            public Builder idleLimit(Duration limit) {
                this.idleLimit = Durations.positive("the idle limit", limit);
                return this;
            }

            /**
             * The options. The builder can be used again afterwards.
             *
             * @return immutable options with the values set so far
             */
            public Options build() {
                return new Options(this);
            }

            private static int check(String name, int v) {
                if (v < 1 || v > 65535) {
                    throw new IllegalArgumentException(name + " must be within 1..65535, was " + v);
                }
                return v;
            }
        }
    }
}
