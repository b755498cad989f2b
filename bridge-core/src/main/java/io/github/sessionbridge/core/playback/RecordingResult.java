package io.github.sessionbridge.core.playback;

import java.util.Objects;
import java.util.Optional;

/**
 * How the recording of one live bridge ended ({@link RecordingPolicy#finished}).
 *
 * @param target   the target, as its {@code toString()} names it
 * @param units    the units written (records and the final control byte, if any)
 * @param bytes    the bytes written, magic included
 * @param complete whether every unit the bridge relayed was written and the target closed cleanly
 * @param error    why the recording stopped early (a slow or full disk, a failed open), or empty
 */
public record RecordingResult(String target, long units, long bytes, boolean complete, Optional<String> error) {

    /** @throws NullPointerException if an argument is null */
    public RecordingResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(error, "error");
    }
}
