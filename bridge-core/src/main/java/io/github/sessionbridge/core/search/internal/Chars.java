package io.github.sessionbridge.core.search.internal;

/** Code point properties the text model and the matchers need: terminal column width and case folding. */
public final class Chars {

    private Chars() {
    }

    /**
     * The terminal columns {@code cp} takes, as wcwidth: 0 for combining marks, format characters and
     * variation selectors; 2 for East Asian wide and fullwidth characters and emoji; 1 otherwise.
     */
    public static int width(int cp) {
        if (cp < 0x300) {
            return 1;
        }
        if (cp >= 0x4e00 && cp <= 0x9fff) {
            return 2; // CJK unified ideographs, the common case beyond ASCII
        }
        if (isZeroWidth(cp)) {
            return 0;
        }
        return isWide(cp) ? 2 : 1;
    }

    static boolean isZeroWidth(int cp) {
        if (cp == 0x200b || cp == 0x200c || cp == 0x200d || cp == 0x2060 || cp == 0xfeff) {
            return true;
        }
        if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) {
            return true; // variation selectors
        }
        int t = Character.getType(cp);
        return t == Character.NON_SPACING_MARK || t == Character.ENCLOSING_MARK;
    }

    static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115f) // Hangul Jamo initials
                || cp == 0x2329 || cp == 0x232a
                || (cp >= 0x231a && cp <= 0x231b) || (cp >= 0x23e9 && cp <= 0x23ec) || cp == 0x23f0 || cp == 0x23f3
                || (cp >= 0x25fd && cp <= 0x25fe) || (cp >= 0x2614 && cp <= 0x2615) || (cp >= 0x2648 && cp <= 0x2653)
                || cp == 0x267f || cp == 0x2693 || cp == 0x26a1 || (cp >= 0x26aa && cp <= 0x26ab) || (cp >= 0x26bd && cp <= 0x26be)
                || (cp >= 0x26c4 && cp <= 0x26c5) || cp == 0x26ce || cp == 0x26d4 || cp == 0x26ea || (cp >= 0x26f2 && cp <= 0x26f3)
                || cp == 0x26f5 || cp == 0x26fa || cp == 0x26fd || cp == 0x2705 || (cp >= 0x270a && cp <= 0x270b) || cp == 0x2728
                || cp == 0x274c || cp == 0x274e || (cp >= 0x2753 && cp <= 0x2755) || cp == 0x2757 || (cp >= 0x2795 && cp <= 0x2797)
                || cp == 0x27b0 || cp == 0x27bf || (cp >= 0x2b1b && cp <= 0x2b1c) || cp == 0x2b50 || cp == 0x2b55
                || (cp >= 0x2e80 && cp <= 0x303e) // CJK radicals, Kangxi, CJK symbols and punctuation
                || (cp >= 0x3041 && cp <= 0x33ff) // kana, bopomofo, Hangul compatibility, CJK compatibility
                || (cp >= 0x3400 && cp <= 0x4dbf) // CJK extension A
                || (cp >= 0x4e00 && cp <= 0x9fff) // CJK unified ideographs
                || (cp >= 0xa000 && cp <= 0xa4cf) // Yi
                || (cp >= 0xa960 && cp <= 0xa97f) // Hangul Jamo extended A
                || (cp >= 0xac00 && cp <= 0xd7a3) // Hangul syllables
                || (cp >= 0xf900 && cp <= 0xfaff) // CJK compatibility ideographs
                || (cp >= 0xfe10 && cp <= 0xfe19) || (cp >= 0xfe30 && cp <= 0xfe6f) // vertical forms, CJK compatibility forms
                || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) // fullwidth forms
                || (cp >= 0x16fe0 && cp <= 0x18aff) || (cp >= 0x1b000 && cp <= 0x1b2ff) // Tangut, kana supplement
                || (cp >= 0x1f004 && cp <= 0x1f004) || cp == 0x1f0cf || cp == 0x1f18e || (cp >= 0x1f191 && cp <= 0x1f19a)
                || (cp >= 0x1f200 && cp <= 0x1f251)
                || (cp >= 0x1f300 && cp <= 0x1f64f) // pictographs, emoticons
                || (cp >= 0x1f680 && cp <= 0x1f6ff) // transport and map
                || (cp >= 0x1f7e0 && cp <= 0x1f7eb)
                || (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x1fa70 && cp <= 0x1faff)
                || (cp >= 0x20000 && cp <= 0x3fffd); // CJK extensions B and beyond
    }

    /**
     * {@code cp} case-folded for case-insensitive comparison: two code points are equal ignoring case when
     * their folds are equal (simple, one-to-one folding: {@code ß} does not match {@code ss}).
     */
    public static int fold(int cp) {
        if (cp < 0x80) {
            return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
        }
        if ((cp >= 0x3000 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7a3)) {
            return cp; // CJK, kana, Hangul: no case
        }
        return Character.toLowerCase(Character.toUpperCase(cp));
    }

    /** Whether {@code cp} is a word character for {@code \b} and {@code \w}: a letter, a digit or {@code _}. */
    static boolean isWord(int cp) {
        return cp == '_' || Character.isLetterOrDigit(cp);
    }
}
