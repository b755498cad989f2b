package io.github.sessionbridge.core.search;

import io.github.sessionbridge.core.search.internal.TextMatcher;
import java.util.Objects;

/**
 * What to look for: plain text (the default) or a regular expression, ignoring case unless told otherwise.
 * See {@link RecordingSearch} for what is searched and how.
 *
 * <p>Plain text is compared character by character (code points; case folded one to one, so {@code ß} does
 * not match {@code SS}); it is 1 to {@value #MAX_TEXT_LENGTH} characters long. A regular expression is a
 * linear-time subset of {@link java.util.regex.Pattern}'s syntax, with the same meaning: literals and escapes,
 * {@code .}, classes ({@code [a-z]}, {@code [^0-9]}, {@code \d \w \s} and their negations), anchors
 * {@code ^ $} (a line's start and end) and {@code \b \B}, groups {@code ( )} and {@code (?: )},
 * alternation, and greedy or lazy {@code * + ? {n} {n,} {n,m}} (counts up to 100). Constructs that need
 * backtracking (back-references, look-around, possessive quantifiers) and inline flags are refused, so no
 * recording, however hostile, can make a search slow: it runs as an automaton, in time linear in the
 * text. Empty matches are never reported.
 *
 * @param text          the text or the regular expression; not {@code null}
 * @param regex         whether {@code text} is a regular expression
 * @param caseSensitive whether case matters (by default it does not)
 */
public record SearchQuery(String text, boolean regex, boolean caseSensitive) {

    /** The longest plain text, in characters (code points). */
    public static final int MAX_TEXT_LENGTH = TextMatcher.MAX_SPAN;

    /**
     * Checks the query.
     *
     * @param text          the text or the regular expression; not {@code null}
     * @param regex         whether {@code text} is a regular expression
     * @param caseSensitive whether case matters
     * @throws IllegalArgumentException if plain text is empty or longer than {@value #MAX_TEXT_LENGTH}
     *                                  characters, or a regular expression is empty, malformed, uses what the
     *                                  linear-time matcher does not support, or is too large (the message says
     *                                  what and at which character)
     * @throws NullPointerException     if {@code text} is {@code null}
     */
    public SearchQuery {
        Objects.requireNonNull(text, "text");
        TextMatcher.of(text, regex, caseSensitive);
    }

    /**
     * Plain text, ignoring case.
     *
     * @param text what to find, 1 to {@value #MAX_TEXT_LENGTH} characters; not {@code null}
     * @return a case-insensitive plain-text query
     * @throws IllegalArgumentException if {@code text} is empty or too long
     * @throws NullPointerException     if {@code text} is {@code null}
     */
    public static SearchQuery text(String text) {
        return new SearchQuery(text, false, false);
    }

    /**
     * A regular expression (the subset described above), ignoring case.
     *
     * @param regex the expression; not {@code null}
     * @return a case-insensitive regular-expression query
     * @throws IllegalArgumentException if {@code regex} is empty, malformed, unsupported or too large
     * @throws NullPointerException     if {@code regex} is {@code null}
     */
    public static SearchQuery regex(String regex) {
        return new SearchQuery(regex, true, false);
    }

    /**
     * This query, with case mattering.
     *
     * @return a case-sensitive copy of this query
     */
    public SearchQuery matchCase() {
        return new SearchQuery(text, regex, true);
    }

    /** The matcher for this query (internal). */
    TextMatcher matcher() {
        return TextMatcher.of(text, regex, caseSensitive);
    }
}
