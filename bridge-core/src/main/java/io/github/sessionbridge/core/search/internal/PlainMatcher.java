package io.github.sessionbridge.core.search.internal;

/** Plain text, compared code point by code point (folded unless case-sensitive): Knuth–Morris–Pratt, linear. */
final class PlainMatcher implements TextMatcher {

    private final int[] pattern;
    private final int[] failure;
    private final boolean fold;

    PlainMatcher(String text, boolean caseSensitive) {
        this.fold = !caseSensitive;
        int[] p = text.codePoints().toArray();
        if (fold) {
            for (int i = 0; i < p.length; i++) {
                p[i] = Chars.fold(p[i]);
            }
        }
        if (p.length == 0 || p.length > MAX_SPAN) {
            throw new IllegalArgumentException("the text must be 1 to " + MAX_SPAN + " characters, was " + p.length);
        }
        pattern = p;
        failure = new int[p.length];
        for (int i = 1, k = 0; i < p.length; i++) {
            while (k > 0 && p[i] != p[k]) {
                k = failure[k - 1];
            }
            if (p[i] == p[k]) {
                k++;
            }
            failure[i] = k;
        }
    }

    @Override
    public int find(int[] text, int from, int to, boolean lineStart, boolean lineEnd, int[] end) {
        int[] p = pattern;
        int m = p.length;
        int k = 0;
        int first = p[0];
        for (int i = from; i < to; i++) {
            int c = text[i];
            if (fold) {
                c = c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : Chars.fold(c);
            }
            if (k == 0) {
                if (c != first) {
                    continue;
                }
            } else {
                while (k > 0 && c != p[k]) {
                    k = failure[k - 1];
                }
                if (c != p[k]) {
                    continue;
                }
            }
            if (++k == m) {
                end[0] = i + 1;
                return i + 1 - m;
            }
        }
        return -1;
    }
}
