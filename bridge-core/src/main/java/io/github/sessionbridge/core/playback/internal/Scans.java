package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.Reasons;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.RecordingInfo;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One streaming pass over a recording's headers: {@link Recording#info()}. */
public final class Scans {

    private Scans() {
    }

    /** Reads every unit header of {@code recording} (content skipped where the source can seek). */
    public static RecordingInfo info(Recording recording) throws IOException {
        long records = 0;
        long terminal = 0;
        long frames = 0;
        long inputs = 0;
        long content = 0;
        long first = 0;
        long latest = 0;
        // the last record counted, to take back if the file turns out to end inside its content
        long lastStart = -1;
        long lastContent = 0;
        RecordType lastType = null;
        long latestBefore = 0;
        EndReason ending;
        long size;
        try (UnitCursor c = UnitCursor.open(recording, UnitCursor.MAGIC_LENGTH)) {
            while (true) {
                UnitCursor.Kind k;
                try {
                    k = c.next();
                } catch (ProtocolException e) {
                    ending = Reasons.of(e);
                    size = c.unitOffset();
                    if (ending == EndReason.TRUNCATED && size == lastStart) {
                        // the file ends inside the last record's content: no player sends it, so it is not counted
                        records--;
                        content -= lastContent;
                        switch (lastType) {
                            case TERMINAL_DATA -> terminal--;
                            case SCREEN_FRAME -> frames--;
                            case INPUT_EVENT -> inputs--;
                        }
                        latest = latestBefore;
                    }
                    break;
                }
                if (k == UnitCursor.Kind.END_OF_FILE) {
                    ending = EndReason.END;
                    size = c.unitOffset();
                    break;
                }
                if (k == UnitCursor.Kind.CONTROL) {
                    ending = Reasons.of(c.control());
                    size = c.offset();
                    break;
                }
                long ts = c.timestamp();
                lastStart = c.unitOffset();
                lastContent = c.contentLength();
                lastType = c.type();
                latestBefore = latest;
                if (records == 0) {
                    first = ts;
                    latest = ts;
                } else {
                    latest = Math.max(latest, ts);
                }
                records++;
                content += c.contentLength();
                switch (c.type()) {
                    case TERMINAL_DATA -> terminal++;
                    case SCREEN_FRAME -> frames++;
                    case INPUT_EVENT -> inputs++;
                }
            }
        }
        Optional<Instant> start = records == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(first));
        Optional<Instant> end = records == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(latest));
        return new RecordingInfo(records, terminal, frames, inputs, content, size, start, end,
                records == 0 ? Duration.ZERO : Duration.ofMillis(latest - first), ending);
    }
}
