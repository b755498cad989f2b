package io.github.sessionbridge.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

/** The output formats of {@code --format} (tools.md). */
public enum OutputFormat {
    /** Terminal data as raw bytes: the session as the operator saw it. */
    TERMINAL,
    /** One JSON object per record, then the notice. */
    JSONL,
    /** An asciicast v2 file. */
    ASCIICAST,
    /** The terminal output as plain text, as the operator saw it scroll past. */
    TEXT;

    /** The name on the command line: {@code terminal}, {@code jsonl}, {@code asciicast} or {@code text}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format named {@code value} on the command line (exactly, lower case).
     *
     * @throws IllegalArgumentException naming the allowed values if it is none of them
     */
    public static OutputFormat parse(String value) {
        for (OutputFormat f : values()) {
            if (f.optionValue().equals(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + value + "' (terminal, jsonl, asciicast or text)");
    }

    /**
     * A formatter of this format.
     *
     * @param out             where the output goes
     * @param diagnostics     where remarks go (the end of a terminal session, skipped frames); may be {@code null}
     * @param width           the asciicast terminal width
     * @param height          the asciicast terminal height
     * @param idleLimitMillis the asciicast idle limit; 0 for none
     */
    public OutputFormatter create(OutputStream out, PrintStream diagnostics, int width, int height, long idleLimitMillis) {
        return switch (this) {
            case TERMINAL -> new TerminalFormatter(out, diagnostics);
            case JSONL -> new JsonlFormatter(out);
            case ASCIICAST -> new AsciicastFormatter(out, diagnostics, width, height, idleLimitMillis);
            case TEXT -> new TextFormatter(out);
        };
    }
}
