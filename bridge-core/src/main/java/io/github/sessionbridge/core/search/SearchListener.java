package io.github.sessionbridge.core.search;

import java.io.IOException;

/**
 * Takes the hits of a {@link RecordingSearch}, one at a time, on the searching thread, as they are found; and
 * may stop the search ({@link #stopRequested()}: a browser's cancel, a user typing a new query).
 */
@FunctionalInterface
public interface SearchListener {

    /**
     * The next hit.
     *
     * @param hit what was found, and where
     * @throws IOException if the hit cannot be passed on (the search stops and throws it)
     */
    void hit(SearchHit hit) throws IOException;

    /**
     * Whether to stop now: polled before each record is read (so also while a search finds nothing); {@code true}
     * ends the search there, as if the recording ended, without searching the rest (the line under way is not
     * told). Called on the searching thread; must be cheap (a volatile read). By default never.
     *
     * @return {@code true} to stop the search
     */
    default boolean stopRequested() {
        return false;
    }
}
