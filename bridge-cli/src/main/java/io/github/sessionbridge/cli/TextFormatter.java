package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.search.TerminalTextWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * {@code --format text} (tools.md): the terminal output as plain UTF-8 text, the way the operator saw it
 * scroll past (escape sequences interpreted or removed, carriage returns and backspaces applied), one line
 * as each line ends. Input events, screen frames and the notice are not written. The writing is bridge-core's
 * {@link TerminalTextWriter}, which says exactly what the text is.
 */
public final class TextFormatter implements OutputFormatter {

    private final TerminalTextWriter writer;
    private boolean ended;

    /** @param out where the text goes */
    public TextFormatter(OutputStream out) {
        this.writer = new TerminalTextWriter(Objects.requireNonNull(out, "out"));
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
    }
}
