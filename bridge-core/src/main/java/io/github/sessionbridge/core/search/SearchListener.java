package io.github.sessionbridge.core.search;

import java.io.IOException;

/** Takes the hits of a {@link RecordingSearch}, one at a time, on the searching thread, as they are found. */
@FunctionalInterface
public interface SearchListener {

    /**
     * The next hit.
     *
     * @param hit what was found, and where
     * @throws IOException if the hit cannot be passed on (the search stops and throws it)
     */
    void hit(SearchHit hit) throws IOException;
}
