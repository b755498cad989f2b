package io.github.sessionbridge.testkit.cli;

import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Utf8StreamDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * timestamp); nothing else is buffered.
 */
public final class AsciicastFormatter implements OutputFormatter {

    /** The default terminal width. */
    public static final int DEFAULT_WIDTH = 80;
    /** The default terminal height. */
    public static final int DEFAULT_HEIGHT = 24;

    private final OutputStream out;
    private final PrintStream diagnostics;
    private final int width;
    private final int height;
    private final Timeline timeline;
    private final Utf8StreamDecoder decoder = new Utf8StreamDecoder();
    private boolean headerWritten;
    private boolean ended;
    private long lastTime;
    private long skippedFrames;

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
        this.out = Objects.requireNonNull(out, "out");
        this.diagnostics = diagnostics;
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("width and height must be positive: " + width + "x" + height);
        }
        if (idleLimitMillis < 0) {
            throw new IllegalArgumentException("idle limit must not be negative: " + idleLimitMillis);
        }
        this.width = width;
        this.height = height;
        this.timeline = new Timeline(idleLimitMillis == 0 ? Timeline.NO_LIMIT : idleLimitMillis);
    }

    @Override
    public void record(SessionRecord record) throws IOException {
        if (ended) {
            throw new IllegalStateException("the stream already ended");
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

    @Override
    public void end(Notice notice) throws IOException {
        Objects.requireNonNull(notice, "notice");
        if (ended) {
            throw new IllegalStateException("the stream already ended");
        }
        ended = true;
        if (!headerWritten) {
            writeHeader(null);
        }
        if (decoder.hasPendingBytes()) {
            writeEvent(lastTime, "o", decoder.flush());
        }
        out.flush();
        if (skippedFrames > 0 && diagnostics != null) {
            diagnostics.println("asciicast: skipped " + skippedFrames + " screen frame" + (skippedFrames == 1 ? "" : "s")
                    + " (asciicast holds terminal data and input events only)");
            diagnostics.flush();
        }
    }

    /** How many screen frames were skipped so far. */
    public long skippedFrames() {
        return skippedFrames;
    }

    private void writeHeader(Long timestampSeconds) throws IOException {
        headerWritten = true;
        StringBuilder sb = new StringBuilder(80);
        sb.append("{\"version\": 2, \"width\": ").append(width).append(", \"height\": ").append(height);
        if (timestampSeconds != null) {
            sb.append(", \"timestamp\": ").append(timestampSeconds.longValue());
        }
        sb.append("}\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeEvent(long millis, String code, String text) throws IOException {
        StringBuilder sb = new StringBuilder(text.length() + 32);
        sb.append('[').append(seconds(millis)).append(", \"").append(code).append("\", ");
        Json.appendQuoted(sb, text);
        sb.append("]\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code millis} as seconds with three decimals: {@code 1234} → {@code 1.234}. */
    static String seconds(long millis) {
        long frac = millis % 1000;
        return (millis / 1000) + "." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + frac;
    }
}
