package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/** Records what a player sends, and when (by the scheduler's clock). */
public final class CapturingSink implements ClientSink {
    public final List<SessionRecord> records = new ArrayList<>();
    public final List<Long> times = new ArrayList<>();
    public final List<Notice> notices = new ArrayList<>();
    final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private final LongSupplier clock;

    public CapturingSink(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized CompletionStage<Void> send(SessionRecord record) {
        if (!notices.isEmpty()) {
            throw new AssertionError("send after end");
        }
        records.add(record);
        times.add(clock.getAsLong());
        if (record instanceof TerminalData) {
            terminal.writeBytes(record.content());
        }
        return DONE;
    }

    @Override
    public synchronized void end(Notice notice) {
        if (!notices.isEmpty()) {
            throw new AssertionError("second end: " + notice);
        }
        notices.add(notice);
    }

    public synchronized byte[] terminalBytes() {
        return terminal.toByteArray();
    }
}
