package io.github.sessionbridge.core.search.internal;

/** Finds matches in a line of code points, left to right, in time linear in the line's length. */
public interface TextMatcher {

    /** The longest match that a piece boundary of an over-long line cannot hide (plain patterns are no longer). */
    int MAX_SPAN = 256;

    /**
     * The leftmost non-empty match in {@code text[from, to)}.
     *
     * @param lineStart whether {@code text[0]} starts a line (for {@code ^})
     * @param lineEnd   whether {@code text[to]} ends it (for {@code $})
     * @param end       receives the match's end (exclusive) at index 0
     * @return the match's start, or -1 if there is none
     */
    int find(int[] text, int from, int to, boolean lineStart, boolean lineEnd, int[] end);

    /** A matcher for {@code pattern}: plain text, or a regular expression ({@link Regex}). */
    static TextMatcher of(String pattern, boolean regex, boolean caseSensitive) {
        return regex ? Regex.compile(pattern, caseSensitive) : new PlainMatcher(pattern, caseSensitive);
    }
}
