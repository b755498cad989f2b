/**
 * Search in recordings: find what an operator typed and saw, and jump there. One streaming pass in bounded
 * memory, whatever the recording's size or content.
 *
 * <ul>
 *   <li>{@link io.github.sessionbridge.core.search.RecordingSearch#find} searches a
 *       {@link io.github.sessionbridge.core.playback.Recording}'s (or a
 *       {@link io.github.sessionbridge.core.Timeline}'s received part's) terminal output (as the text the operator saw)
 *       and its input events for a {@link io.github.sessionbridge.core.search.SearchQuery} (plain text or a
 *       linear-time regular expression, case-insensitive by default), with
 *       {@link io.github.sessionbridge.core.search.SearchOptions}, and streams each
 *       {@link io.github.sessionbridge.core.search.SearchHit} (its position in playback time, source and
 *       excerpt) to a {@link io.github.sessionbridge.core.search.SearchListener}; a
 *       {@link io.github.sessionbridge.core.search.SearchResult} sums it up. What "the text" is, and what it
 *       misses, is described there.</li>
 *   <li>{@link io.github.sessionbridge.core.search.TerminalTextWriter} writes that text as a plain text file.</li>
 * </ul>
 */
package io.github.sessionbridge.core.search;
