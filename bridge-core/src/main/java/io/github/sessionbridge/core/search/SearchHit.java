package io.github.sessionbridge.core.search;

import java.time.Duration;
import java.util.Objects;

/**
 * One match found by {@link RecordingSearch}.
 *
 * @param position   when the match was complete, in playback time (since the first record, with the search's
 *                   idle limit): the time of the record that wrote the last of its characters to still stand
 *                   in the line (for {@link Source#INPUT}, the input event's time). Seeking a player with the
 *                   same idle limit there shows the match
 * @param source     where it was found
 * @param excerpt    the match with up to 40 characters of its line on either side (blanks at the excerpt's
 *                   ends dropped); one line, no control characters
 * @param matchStart the match's start in {@code excerpt} (a {@code char} index)
 * @param matchEnd   the match's end in {@code excerpt}, exclusive; a match longer than 256 characters is shown
 *                   cut there
 */
public record SearchHit(Duration position, Source source, String excerpt, int matchStart, int matchEnd) {

    /** Where a hit was found. */
    public enum Source {
        /** The terminal output, as text. */
        OUTPUT("o"),
        /** The input events' text. */
        INPUT("i");

        private final String code;

        Source(String code) {
            this.code = code;
        }

        /**
         * The one-letter code of asciicast and the command-line tools.
         *
         * @return {@code "o"} for {@link #OUTPUT}, {@code "i"} for {@link #INPUT}
         */
        public String code() {
            return code;
        }
    }

    /**
     * Checks the hit.
     *
     * @param position   not negative, not {@code null}
     * @param source     not {@code null}
     * @param excerpt    not {@code null}
     * @param matchStart within {@code excerpt}
     * @param matchEnd   within {@code excerpt}, above {@code matchStart}
     * @throws NullPointerException      if an argument is {@code null}
     * @throws IndexOutOfBoundsException if the match is not a non-empty part of the excerpt
     * @throws IllegalArgumentException  if {@code position} is negative
     */
    public SearchHit {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(excerpt, "excerpt");
        Objects.checkFromToIndex(matchStart, matchEnd, excerpt.length());
        if (matchStart == matchEnd) {
            throw new IndexOutOfBoundsException("the match is empty");
        }
        if (position.isNegative()) {
            throw new IllegalArgumentException("the position is negative: " + position);
        }
    }

    /**
     * The matched text.
     *
     * @return {@code excerpt.substring(matchStart, matchEnd)}
     */
    public String match() {
        return excerpt.substring(matchStart, matchEnd);
    }
}
