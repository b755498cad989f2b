package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * {@code --format terminal}: the content of every terminal-data record as raw bytes, flushed per
 * record, so the session shows as the operator saw it. Screen frames and input events are not
 * written; the notice is not written to the output either, only told as one short line on the
 * diagnostics stream, if there is one.
 */
public final class TerminalFormatter implements OutputFormatter {

    private final OutputStream out;
    private final PrintStream diagnostics;
    private boolean ended;

    /**
     * @param out         where the terminal bytes go
     * @param diagnostics where the end of the session is told in one line; {@code null} for nowhere
     */
    public TerminalFormatter(OutputStream out, PrintStream diagnostics) {
        this.out = Objects.requireNonNull(out, "out");
        this.diagnostics = diagnostics;
    }

    @Override
    public void record(SessionRecord record) throws IOException {
        if (ended) {
            throw new IllegalStateException("the stream already ended");
        }
        if (record instanceof TerminalData) {
            record.writeContentTo(out);
            out.flush();
        }
    }

    @Override
    public void end(Notice notice) throws IOException {
        Objects.requireNonNull(notice, "notice");
        if (ended) {
            throw new IllegalStateException("the stream already ended");
        }
        ended = true;
        out.flush();
        if (diagnostics != null) {
            diagnostics.println("[session ended: " + notice.reason() + ", code " + notice.code() + ": "
                    + Main.oneLine(notice.text()) + "]");
            diagnostics.flush();
        }
    }
}
