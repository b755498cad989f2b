package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.EndReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a recording holds, found by reading it once without playing it ({@link Recording#info()}).
 * Counts stop where the recording ends: at its end, at a control byte, or at the first broken unit.
 *
 * <p>The counts are of what a player sends: when the file ends inside a record
 * ({@link EndReason#TRUNCATED}), in its header or in its content, that record is not counted, its timestamp
 * is not in {@code end} or {@code duration}, and {@code sizeBytes} stops before it.
 *
 * @param records        how many records there are (terminal data, screen frames and input events): the sum
 *                       of the next three counts
 * @param terminalData   how many terminal-data ({@code 'd'}) records there are
 * @param screenFrames   how many screen-frame ({@code 'v'}) records there are
 * @param inputEvents    how many input-event ({@code 'i'}) records there are
 * @param contentBytes   the records' content bytes, all added up (for screen frames the images, without
 *                       geometry; headers and timestamps not counted)
 * @param sizeBytes      the bytes the recording's whole units take, magic and final control byte included:
 *                       the file's size unless bytes follow a control byte or the file ends in a broken unit
 * @param start          the first record's timestamp; empty when there is no record
 * @param end            the latest record timestamp (the largest, which need not be the last record's); empty
 *                       when there is no record
 * @param duration       how long the recording plays at speed 1 with no idle limit: from the first record's
 *                       timestamp to the latest; zero when there is no record
 * @param ending         how a player of the recording ends: {@link EndReason#END} (a {@code '3'} or simply the
 *                       end of the file), {@link EndReason#REFUSED} ({@code '5'}), {@link EndReason#TRUNCATED}
 *                       (the file ends inside a unit) or {@link EndReason#PROTOCOL_ERROR}
 */
public record RecordingInfo(long records, long terminalData, long screenFrames, long inputEvents, long contentBytes,
        long sizeBytes, Optional<Instant> start, Optional<Instant> end, Duration duration, EndReason ending) {

    /**
     * Creates the summary; the values are taken as they are, without checking that they agree.
     *
     * @param records      how many records there are
     * @param terminalData how many terminal-data records there are
     * @param screenFrames how many screen-frame records there are
     * @param inputEvents  how many input-event records there are
     * @param contentBytes the records' content bytes, all added up
     * @param sizeBytes    the bytes the recording's whole units take, magic included
     * @param start        the first record's timestamp, or empty; not {@code null}
     * @param end          the latest record timestamp, or empty; not {@code null}
     * @param duration     from the first record's timestamp to the latest; not {@code null}
     * @param ending       how a player of the recording ends; not {@code null}
     * @throws NullPointerException if {@code start}, {@code end}, {@code duration} or {@code ending} is null
     */
    public RecordingInfo {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(ending, "ending");
    }
}
