package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.EndReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a recording holds, found by reading it once without playing it ({@link Recording#info()}).
 *
 * @param records        the records (terminal data, screen frames and input events)
 * @param terminalData   the terminal-data ({@code 'd'}) records
 * @param screenFrames   the screen-frame ({@code 'v'}) records
 * @param inputEvents    the input-event ({@code 'i'}) records
 * @param contentBytes   the records' content bytes
 * @param sizeBytes      the recording's size in bytes, magic included
 * @param start          the first record's timestamp; empty when there is no record
 * @param end            the latest record timestamp; empty when there is no record
 * @param duration       how long the recording plays at speed 1 with no idle limit: from the first record
 *                       to the latest timestamp
 * @param ending         how a player of the recording ends: {@link EndReason#END} (a {@code '3'} or simply the
 *                       end of the file), {@link EndReason#REFUSED} ({@code '5'}), {@link EndReason#TRUNCATED}
 *                       (the file ends inside a unit) or {@link EndReason#PROTOCOL_ERROR}
 */
public record RecordingInfo(long records, long terminalData, long screenFrames, long inputEvents, long contentBytes,
        long sizeBytes, Optional<Instant> start, Optional<Instant> end, Duration duration, EndReason ending) {

    /** @throws NullPointerException if an argument is null */
    public RecordingInfo {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(ending, "ending");
    }
}
