package io.github.sessionbridge.core.search.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the regular-expression subset {@link Regex} runs into a {@link RegexProgram.Node} tree, refusing
 * what needs backtracking with an {@link IllegalArgumentException} that says what and at which character.
 * Not thread-safe (one parser per pattern).
 */
final class RegexParser {

    /** The largest repetition count. */
    private static final int MAX_COUNT = 100;

    private final String src;
    private final int[] cps;
    private final boolean fold;
    private int i;

    RegexParser(String src, boolean fold) {
        this.src = src;
        this.cps = src.codePoints().toArray();
        this.fold = fold;
    }

    RegexProgram.Node parse() {
        if (cps.length == 0) {
            throw new IllegalArgumentException("the regular expression is empty");
        }
        RegexProgram.Node n = alternation();
        if (i < cps.length) {
            throw error("unmatched ')'");
        }
        return n;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad regular expression at character " + (i + 1) + ": " + what
                + " in '" + src + "'");
    }

    private boolean more() {
        return i < cps.length;
    }

    private int peek() {
        return cps[i];
    }

    private RegexProgram.Node alternation() {
        List<RegexProgram.Node> options = new ArrayList<>();
        options.add(concatenation());
        while (more() && peek() == '|') {
            i++;
            options.add(concatenation());
        }
        return options.size() == 1 ? options.get(0) : new RegexProgram.Alt(options);
    }

    private RegexProgram.Node concatenation() {
        List<RegexProgram.Node> items = new ArrayList<>();
        while (more() && peek() != '|' && peek() != ')') {
            items.add(repetition());
        }
        return items.size() == 1 ? items.get(0) : new RegexProgram.Concat(items);
    }

    private RegexProgram.Node repetition() {
        int at = i;
        RegexProgram.Node atom = atom();
        while (more()) {
            int c = peek();
            int min;
            int max;
            if (c == '*') {
                min = 0;
                max = -1;
                i++;
            } else if (c == '+') {
                min = 1;
                max = -1;
                i++;
            } else if (c == '?') {
                min = 0;
                max = 1;
                i++;
            } else if (c == '{' && counted()) {
                i++;
                min = number();
                max = min;
                if (peek() == ',') {
                    i++;
                    max = peek() == '}' ? -1 : number();
                }
                i++; // '}'
                if (max >= 0 && max < min) {
                    throw error("{" + min + "," + max + "}: the maximum is below the minimum");
                }
            } else {
                break;
            }
            if (atom instanceof RegexProgram.Simple s && s.op() != RegexProgram.ANY) {
                i = at;
                throw error("an anchor cannot be repeated");
            }
            boolean greedy = true;
            if (more() && peek() == '?') {
                greedy = false;
                i++;
            } else if (more() && peek() == '+') {
                throw error("possessive quantifiers are not supported (the search never backtracks)");
            }
            atom = new RegexProgram.Repeat(atom, min, max, greedy);
        }
        return atom;
    }

    /** Whether a '{' at i starts {n}, {n,} or {n,m}. */
    private boolean counted() {
        int j = i + 1;
        int digits = 0;
        while (j < cps.length && cps[j] >= '0' && cps[j] <= '9') {
            j++;
            digits++;
        }
        if (digits == 0 || j >= cps.length) {
            return false;
        }
        if (cps[j] == '}') {
            return true;
        }
        if (cps[j] != ',') {
            return false;
        }
        j++;
        while (j < cps.length && cps[j] >= '0' && cps[j] <= '9') {
            j++;
        }
        return j < cps.length && cps[j] == '}';
    }

    private int number() {
        long v = 0;
        while (more() && peek() >= '0' && peek() <= '9') {
            v = Math.min(v * 10 + (peek() - '0'), Integer.MAX_VALUE);
            i++;
        }
        if (v > MAX_COUNT) {
            throw error("a repetition count above " + MAX_COUNT);
        }
        return (int) v;
    }

    private RegexProgram.Node atom() {
        int c = cps[i++];
        switch (c) {
            case '(' -> {
                if (more() && peek() == '?') {
                    if (i + 1 < cps.length && cps[i + 1] == ':') {
                        i += 2;
                    } else {
                        throw error("'(?' groups other than '(?:' (look-around, flags, named groups) are not supported");
                    }
                }
                RegexProgram.Node inner = more() && peek() == ')' ? new RegexProgram.Concat(List.of()) : alternation();
                if (!more() || peek() != ')') {
                    throw error("missing ')'");
                }
                i++;
                return inner;
            }
            case ')' -> throw error("unmatched ')'");
            case '*', '+', '?' -> {
                i--;
                throw error("'" + (char) c + "' with nothing to repeat");
            }
            case '.' -> {
                return new RegexProgram.Simple(RegexProgram.ANY);
            }
            case '^' -> {
                return new RegexProgram.Simple(RegexProgram.BOL);
            }
            case '$' -> {
                return new RegexProgram.Simple(RegexProgram.EOL);
            }
            case '[' -> {
                return charClass();
            }
            case '\\' -> {
                return escape(false);
            }
            default -> {
                return literal(c);
            }
        }
    }

    private RegexProgram.Node literal(int c) {
        return new RegexProgram.Lit(fold ? Chars.fold(c) : c);
    }

    private RegexProgram.Node escape(boolean inClass) {
        if (!more()) {
            throw error("a '\\' at the end");
        }
        int c = cps[i++];
        switch (c) {
            case 'd' -> {
                return new RegexProgram.Cls(new int[] {'0', '9'}, false);
            }
            case 'D' -> {
                return new RegexProgram.Cls(new int[] {'0', '9'}, true);
            }
            case 'w' -> {
                return new RegexProgram.Cls(WORD, false);
            }
            case 'W' -> {
                return new RegexProgram.Cls(WORD, true);
            }
            case 's' -> {
                return new RegexProgram.Cls(SPACE, false);
            }
            case 'S' -> {
                return new RegexProgram.Cls(SPACE, true);
            }
            case 'b' -> {
                if (inClass) {
                    throw error("'\\b' in a class");
                }
                return new RegexProgram.Simple(RegexProgram.WORDB);
            }
            case 'B' -> {
                if (inClass) {
                    throw error("'\\B' in a class");
                }
                return new RegexProgram.Simple(RegexProgram.NOT_WORDB);
            }
            case 't' -> {
                return literal('\t');
            }
            case 'n' -> {
                return literal('\n');
            }
            case 'r' -> {
                return literal('\r');
            }
            case 'f' -> {
                return literal('\f');
            }
            case 'e' -> {
                return literal(0x1b);
            }
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    i--;
                    throw error("'\\" + new String(Character.toChars(c)) + "' is not supported"
                            + (c >= '1' && c <= '9' ? " (back-references need backtracking)" : ""));
                }
                return literal(c);
            }
        }
    }

    private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
    private static final int[] SPACE = {'\t', '\r', ' ', ' '};

    private RegexProgram.Node charClass() {
        boolean negated = false;
        if (more() && peek() == '^') {
            negated = true;
            i++;
        }
        List<int[]> ranges = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (!more()) {
                throw error("missing ']'");
            }
            int c = cps[i++];
            if (c == ']' && !first) {
                break;
            }
            first = false;
            int lo;
            if (c == '\\') {
                RegexProgram.Node e = escape(true);
                if (e instanceof RegexProgram.Cls cls) {
                    if (cls.negated()) {
                        throw error("a negated class ('\\D', '\\W', '\\S') inside '[...]' is not supported");
                    }
                    for (int k = 0; k < cls.ranges().length; k += 2) {
                        ranges.add(new int[] {cls.ranges()[k], cls.ranges()[k + 1]});
                    }
                    continue;
                }
                lo = ((RegexProgram.Lit) e).cp();
            } else if (c == '[') {
                throw error("nested classes are not supported");
            } else {
                lo = c;
            }
            int hi = lo;
            if (i + 1 < cps.length && peek() == '-' && cps[i + 1] != ']') {
                i++;
                hi = cps[i++];
                if (hi == '\\') {
                    RegexProgram.Node e = escape(true);
                    if (!(e instanceof RegexProgram.Lit l)) {
                        throw error("a class cannot end a range");
                    }
                    hi = l.cp();
                }
                if (hi < lo) {
                    throw error("the range " + new String(Character.toChars(lo)) + "-" + new String(Character.toChars(hi))
                            + " is backwards");
                }
            }
            ranges.add(new int[] {lo, hi});
        }
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : ranges) {
            if (!merged.isEmpty() && r[0] <= merged.get(merged.size() - 1)[1] + 1) {
                int[] m = merged.get(merged.size() - 1);
                m[1] = Math.max(m[1], r[1]);
            } else {
                merged.add(r.clone());
            }
        }
        int[] flat = new int[merged.size() * 2];
        for (int k = 0; k < merged.size(); k++) {
            flat[2 * k] = merged.get(k)[0];
            flat[2 * k + 1] = merged.get(k)[1];
        }
        return new RegexProgram.Cls(flat, negated);
    }
}
