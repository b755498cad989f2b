package io.github.sessionbridge.core.search;

import io.github.sessionbridge.core.EndReason;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link RecordingSearch} went.
 *
 * @param hits            the hits told to the listener
 * @param hitLimitReached whether it told {@link SearchOptions#maxHits()} hits and stopped there (there may be no
 *                        more)
 * @param skippedFrames   the screen frames passed over (frames are images: only input events speak for them)
 * @param ending          how the recording ends ({@link io.github.sessionbridge.core.playback.RecordingInfo#ending()}):
 *                        {@link EndReason#END}, {@link EndReason#REFUSED}, {@link EndReason#TRUNCATED} or
 *                        {@link EndReason#PROTOCOL_ERROR}; a broken recording is searched up to the break. When
 *                        the hit limit stopped the search, {@link EndReason#END}. Of a
 *                        {@linkplain RecordingSearch#find(io.github.sessionbridge.core.Timeline, SearchQuery,
 *                        SearchOptions, SearchListener) timeline}: the C stream's ending if it had ended when the
 *                        search started, else {@link EndReason#END}
 * @param detail          what broke it (the protocol error's message), or empty
 */
public record SearchResult(long hits, boolean hitLimitReached, long skippedFrames, EndReason ending, Optional<String> detail) {

    /**
     * Checks the result.
     *
     * @param hits            the hits told, not negative
     * @param hitLimitReached whether the hit limit stopped it
     * @param skippedFrames   the frames passed over, not negative
     * @param ending          how the recording ends; not {@code null}
     * @param detail          what broke it, or empty; not {@code null}
     * @throws NullPointerException     if {@code ending} or {@code detail} is {@code null}
     * @throws IllegalArgumentException if a count is negative
     */
    public SearchResult {
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(detail, "detail");
        if (hits < 0 || skippedFrames < 0) {
            throw new IllegalArgumentException("negative count: hits " + hits + ", skipped frames " + skippedFrames);
        }
    }

    /**
     * Whether the recording broke part way (it was searched up to the break).
     *
     * @return {@code true} if {@link #ending()} is {@link EndReason#TRUNCATED} or {@link EndReason#PROTOCOL_ERROR}
     */
    public boolean broken() {
        return ending == EndReason.TRUNCATED || ending == EndReason.PROTOCOL_ERROR;
    }
}
