package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.Reasons;
import io.github.sessionbridge.core.playback.AsciicastWriter;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordType;
import java.io.IOException;
import java.util.Optional;

/** Streaming exports of a recording. */
public final class Exports {

    private Exports() {
    }

    /** Writes every record of {@code recording} to {@code writer} (frames skipped unread), then finishes it. */
    public static AsciicastWriter.Result asciicast(Recording recording, AsciicastWriter writer) throws IOException {
        EndReason ending;
        String detail = null;
        try (UnitCursor c = UnitCursor.open(recording, UnitCursor.MAGIC_LENGTH)) {
            while (true) {
                UnitCursor.Kind k;
                try {
                    k = c.next();
                    if (k == UnitCursor.Kind.RECORD) {
                        if (c.type() == RecordType.SCREEN_FRAME) {
                            writer.skipFrame();
                        } else {
                            writer.write(c.record());
                        }
                        continue;
                    }
                } catch (ProtocolException e) {
                    ending = Reasons.of(e);
                    detail = e.getMessage();
                    break;
                }
                ending = k == UnitCursor.Kind.CONTROL && c.control() == Control.REFUSED ? EndReason.REFUSED : EndReason.END;
                break;
            }
        } finally {
            recording.source().release();
        }
        writer.finish();
        return new AsciicastWriter.Result(writer.events(), writer.skippedFrames(), ending, Optional.ofNullable(detail));
    }
}
