package io.github.sessionbridge.core.recording;

import java.util.Objects;
import java.util.Optional;

/**
 * How the recording of one live bridge ended ({@link RecordingPolicy#finished}).
 *
 * @param target   the target, as its {@code toString()} names it (a file target: its path)
 * @param units    the units written (records and the final control byte, if any)
 * @param bytes    the bytes written, magic included: the recording's size when it was written whole; 0 when
 *                 the target could not be opened
 * @param complete whether every unit the bridge relayed was written and the target closed cleanly; in the
 *                 results the bridge reports, {@code true} exactly when {@code error} is empty
 * @param error    why the recording stopped early (a slow or full disk, a failed open or close), or empty
 */
public record RecordingResult(String target, long units, long bytes, boolean complete, Optional<String> error) {

    /**
     * Creates the result.
     *
     * @param target   names the target; not {@code null}
     * @param units    the units written
     * @param bytes    the bytes written, magic included
     * @param complete whether the recording was written whole
     * @param error    why it stopped early, or empty; not {@code null}
     * @throws NullPointerException if {@code target} or {@code error} is null
     */
    public RecordingResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(error, "error");
    }
}
