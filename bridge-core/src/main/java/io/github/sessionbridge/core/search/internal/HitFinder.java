package io.github.sessionbridge.core.search.internal;

import java.io.IOException;

/**
 * Runs a {@link TextMatcher} over the lines of one source and tells every match, with its position and an
 * excerpt. Matches do not overlap. A match across the cut between two pieces of an over-long line is found
 * as long as it is at most {@link TextMatcher#MAX_SPAN} characters long: the last that many characters of a
 * piece are kept as the start of the next. Not thread-safe.
 */
public final class HitFinder implements LineSink {

    /** Takes the matches. */
    public interface Hits {
        /**
         * A match: at {@code positionMillis} (the latest time any of its characters was written), shown in
         * {@code excerpt} from char index {@code matchStart} to {@code matchEnd}.
         */
        void hit(long positionMillis, String excerpt, int matchStart, int matchEnd) throws IOException;

        /** Whether more matches are wanted. */
        boolean wantsMore();
    }

    /** Characters of the line kept on either side of a match in its excerpt. */
    public static final int EXCERPT_CONTEXT = 40;

    private static final int SPAN = TextMatcher.MAX_SPAN;

    private final TextMatcher matcher;
    private final Hits hits;
    private final int[] text = new int[SPAN + 2 * ScreenText.MAX_COLUMNS];
    private final long[] times = new long[SPAN + 2 * ScreenText.MAX_COLUMNS];
    private final int[] end = new int[1];
    private int kept; // characters kept from the previous piece of this line
    private int doneUpTo; // in text's coordinates: matches before it were told (or overlap one told)
    private boolean lineStart = true;

    public HitFinder(TextMatcher matcher, Hits hits) {
        this.matcher = matcher;
        this.hits = hits;
    }

    @Override
    public void line(int[] cps, long[] t, int length, boolean continues) throws IOException {
        int[] tx = text;
        int n = kept + length;
        System.arraycopy(cps, 0, tx, kept, length);
        System.arraycopy(t, 0, times, kept, length);
        int pos = doneUpTo;
        while (pos < n && hits.wantsMore()) {
            int s = matcher.find(tx, pos, n, lineStart, !continues, end);
            if (s < 0) {
                break;
            }
            int e = end[0];
            tell(s, e, n);
            pos = e;
        }
        if (continues) {
            int keep = Math.min(SPAN, n);
            System.arraycopy(tx, n - keep, tx, 0, keep);
            System.arraycopy(times, n - keep, times, 0, keep);
            doneUpTo = Math.max(0, pos - (n - keep));
            kept = keep;
            if (n > keep) {
                lineStart = false; // ^ holds only where the line starts, and that is dropped now
            }
        } else {
            kept = 0;
            doneUpTo = 0;
            lineStart = true;
        }
    }

    private void tell(int s, int e, int n) throws IOException {
        long position = -1;
        for (int i = s; i < e; i++) {
            position = Math.max(position, times[i]);
        }
        if (position < 0) {
            for (int i = 0; i < n; i++) {
                position = Math.max(position, times[i]);
            }
        }
        int from = Math.max(0, s - EXCERPT_CONTEXT);
        while (from < s && text[from] == ' ') {
            from++;
        }
        int shownEnd = Math.min(e, s + SPAN);
        int to = Math.min(n, shownEnd + EXCERPT_CONTEXT);
        while (to > shownEnd && text[to - 1] == ' ') {
            to--;
        }
        StringBuilder sb = new StringBuilder((to - from) + 8);
        for (int i = from; i < s; i++) {
            sb.appendCodePoint(text[i]);
        }
        int ms = sb.length();
        for (int i = s; i < shownEnd; i++) {
            sb.appendCodePoint(text[i]);
        }
        int me = sb.length();
        for (int i = shownEnd; i < to; i++) {
            sb.appendCodePoint(text[i]);
        }
        hits.hit(Math.max(0, position), sb.toString(), ms, me);
    }
}
