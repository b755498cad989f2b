package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.playback.AsciicastWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code --format asciicast} (tools.md): an asciicast v2 file. First the header line
 *
 * <pre>{"version": 2, "width": 80, "height": 24, "timestamp": 1700000000}</pre>
 *
 * <p>(the timestamp is the first record's time in whole seconds), then one {@code [seconds, "o", text]}
 * line per terminal-data record and one {@code [seconds, "i", text]} line per input event, where
 * {@code seconds} is the time since the first record with three decimals (e.g. {@code 1.234}), never
 * decreasing, and with every gap longer than the idle limit shortened to it.
 *
 * <p>Terminal data is decoded as one UTF-8 text across record boundaries (protocol §2.2), so a character
 * split between two records comes out whole, in the later record's event. Should the stream end inside a
 * character, one last output event holds U+FFFD. Screen frames are skipped, and how many were skipped is
 * said on the diagnostics stream at the end. The notice is not written (asciicast has no place for it).
 *
 * <p>The header is written when the first record arrives, or at the end if none does (then without a
 * timestamp); nothing else is buffered. The writing is bridge-core's {@link AsciicastWriter}; this adds the
 * formatter contract and the remark about skipped frames.
 */
public final class AsciicastFormatter implements OutputFormatter {

    /** The default terminal width. */
    public static final int DEFAULT_WIDTH = AsciicastWriter.DEFAULT_WIDTH;
    /** The default terminal height. */
    public static final int DEFAULT_HEIGHT = AsciicastWriter.DEFAULT_HEIGHT;

    private final AsciicastWriter writer;
    private final PrintStream diagnostics;
    private boolean ended;

    /** An 80×24 asciicast with no idle limit, telling skipped frames on {@code diagnostics} (may be {@code null}). */
    public AsciicastFormatter(OutputStream out, PrintStream diagnostics) {
        this(out, diagnostics, DEFAULT_WIDTH, DEFAULT_HEIGHT, 0);
    }

    /**
     * @param out              where the asciicast goes
     * @param diagnostics      where the count of skipped screen frames is told; {@code null} for nowhere
     * @param width            the terminal width in the header, at least 1
     * @param height           the terminal height in the header, at least 1
     * @param idleLimitMillis  gaps longer than this are shortened to it; 0 for no limit
     */
    public AsciicastFormatter(OutputStream out, PrintStream diagnostics, int width, int height, long idleLimitMillis) {
        Objects.requireNonNull(out, "out");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("width and height must be positive: " + width + "x" + height);
        }
        if (idleLimitMillis < 0) {
            throw new IllegalArgumentException("idle limit must not be negative: " + idleLimitMillis);
        }
        this.diagnostics = diagnostics;
        this.writer = new AsciicastWriter(out, options(width, height, idleLimitMillis));
    }

    /** The writer's options for these command-line values. */
    static AsciicastWriter.Options options(int width, int height, long idleLimitMillis) {
        AsciicastWriter.Options.Builder b = AsciicastWriter.options().width(width).height(height);
        if (idleLimitMillis > 0) {
            b.idleLimit(Duration.ofMillis(idleLimitMillis));
        }
        return b.build();
    }

    @Override
    public void record(SessionRecord record) throws IOException {
        if (ended) {
            throw new IllegalStateException("the stream already ended");
        }
        writer.write(record);
    }

    @Override
    public void end(Notice notice) throws IOException {
        Objects.requireNonNull(notice, "notice");
        if (ended) {
            throw new IllegalStateException("the stream already ended");
        }
        ended = true;
        writer.finish();
        tellSkipped(writer.skippedFrames(), diagnostics);
    }

    /** Says on {@code diagnostics} how many screen frames an asciicast skipped, if any. */
    static void tellSkipped(long skippedFrames, PrintStream diagnostics) {
        if (skippedFrames > 0 && diagnostics != null) {
            diagnostics.println("asciicast: skipped " + skippedFrames + " screen frame" + (skippedFrames == 1 ? "" : "s")
                    + " (asciicast holds terminal data and input events only)");
            diagnostics.flush();
        }
    }

    /** How many screen frames were skipped so far. */
    public long skippedFrames() {
        return writer.skippedFrames();
    }

    /** {@code millis} as seconds with three decimals: {@code 1234} → {@code 1.234}. */
    static String seconds(long millis) {
        long frac = millis % 1000;
        return (millis / 1000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }
}
