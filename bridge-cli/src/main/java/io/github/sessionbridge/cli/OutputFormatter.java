package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;

/**
 * Writes one session's stream in one of the tools' output formats ({@link OutputFormat}): fed the
 * records in stream order, then exactly one final notice.
 *
 * <p>A formatter writes to an output stream it does not own: it flushes it (per record, so a paced
 * replay shows as it goes, and at the end) but never closes it. Not thread-safe: call it from one
 * thread at a time, as a {@link io.github.sessionbridge.core.ClientSink} is called.
 */
public interface OutputFormatter {

    /**
     * Writes the next record.
     *
     * @throws IOException           if the output cannot be written
     * @throws IllegalStateException if {@link #end} was already called
     */
    void record(SessionRecord record) throws IOException;

    /**
     * Writes the end of the stream (for formats that show it) and flushes the output.
     *
     * @throws IOException           if the output cannot be written
     * @throws IllegalStateException if it was already called
     */
    void end(Notice notice) throws IOException;
}
