package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link ClientSink} that writes what a bridge delivers through an {@link OutputFormatter}: how the
 * {@code play} command shows a live session.
 *
 * <p>Its sends finish before they return (they write and flush the output), so a slow output slows the
 * bridge's I/O thread: give the bridge a callback executor when that matters. An output that cannot be
 * written fails the send, so the bridge treats the client as gone.
 */
public final class FormatterSink implements ClientSink {

    private final OutputFormatter formatter;
    private final CompletableFuture<Notice> notice = new CompletableFuture<>();

    /** @param formatter where the records and the notice go */
    public FormatterSink(OutputFormatter formatter) {
        this.formatter = Objects.requireNonNull(formatter, "formatter");
    }

    @Override
    public CompletionStage<Void> send(SessionRecord record) {
        try {
            formatter.record(record);
            return DONE;
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void end(Notice notice) {
        try {
            formatter.end(notice);
        } catch (IOException | RuntimeException e) {
            // the output is gone; the notice is still the outcome
        } finally {
            this.notice.complete(notice);
        }
    }

    /** Completes with the notice once {@link #end} has been called (never if the bridge sent none). */
    public CompletableFuture<Notice> notice() {
        return notice;
    }
}
