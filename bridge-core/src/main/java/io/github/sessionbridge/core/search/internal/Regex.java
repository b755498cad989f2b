package io.github.sessionbridge.core.search.internal;

import static io.github.sessionbridge.core.search.internal.RegexProgram.CHAR;
import static io.github.sessionbridge.core.search.internal.RegexProgram.ANY;
import static io.github.sessionbridge.core.search.internal.RegexProgram.CLASS;
import static io.github.sessionbridge.core.search.internal.RegexProgram.SPLIT;
import static io.github.sessionbridge.core.search.internal.RegexProgram.JMP;
import static io.github.sessionbridge.core.search.internal.RegexProgram.BOL;
import static io.github.sessionbridge.core.search.internal.RegexProgram.EOL;
import static io.github.sessionbridge.core.search.internal.RegexProgram.WORDB;
import static io.github.sessionbridge.core.search.internal.RegexProgram.NOT_WORDB;
import static io.github.sessionbridge.core.search.internal.RegexProgram.MATCH;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Regular expressions run as a Thompson NFA (Pike's VM): time linear in the text times the program's size,
 * whatever the pattern and the text, so no input can make a search backtrack catastrophically. The syntax
 * is a subset of {@link java.util.regex.Pattern}'s, with the same meaning: literals and escapes
 * ({@code \t \n \r \f \e \\ \.} ...), {@code .}, classes ({@code [a-z]}, {@code [^0-9_]}, {@code \d \D \w \W
 * \s \S}), anchors {@code ^ $ \b \B} (at the line's ends), groups {@code ( )} and {@code (?: )},
 * alternation {@code |}, and greedy or lazy quantifiers {@code * + ? {n} {n,} {n,m}} (counts up to 100).
 * Back-references, look-around, possessive quantifiers and inline flags are refused: they need
 * backtracking. Matches are leftmost-first, as {@code Pattern}'s; empty matches are never reported.
 */
final class Regex implements TextMatcher {

    private final int[] op;
    private final int[] x;
    private final int[] y;
    private final int[][] classes; // for CLASS: sorted ranges lo,hi,...; negated if x == 1
    private final boolean fold;

    // the VM's state, reused
    private final int[] stack;
    private final Threads clist;
    private final Threads nlist;
    /** The code points a match can start with, when they are few enough to skip others fast; else null. */
    private final boolean[] startAscii;
    private final int[] startOther; // CHAR literals (folded) beyond ASCII, then CLASS pcs as -1 - pc
    private final boolean prefilter;

    private Regex(RegexProgram p, boolean fold) {
        this.op = Arrays.copyOf(p.op, p.size);
        this.x = Arrays.copyOf(p.x, p.size);
        this.y = Arrays.copyOf(p.y, p.size);
        this.classes = p.classes.toArray(new int[0][]);
        this.fold = fold;
        this.stack = new int[2 * p.size + 2];
        this.clist = new Threads(p.size);
        this.nlist = new Threads(p.size);
        // the consuming instructions reachable from the start without consuming (assertions taken as holding)
        boolean[] ascii = new boolean[128];
        List<Integer> other = new ArrayList<>();
        boolean any = false;
        boolean[] seen = new boolean[p.size];
        int[] st = new int[2 * p.size + 2];
        int sp = 0;
        st[sp++] = 0;
        while (sp > 0 && !any) {
            int pc = st[--sp];
            if (seen[pc]) {
                continue;
            }
            seen[pc] = true;
            switch (op[pc]) {
                case JMP -> st[sp++] = x[pc];
                case SPLIT -> {
                    st[sp++] = x[pc];
                    st[sp++] = y[pc];
                }
                case BOL, EOL, WORDB, NOT_WORDB -> st[sp++] = pc + 1;
                case CHAR -> {
                    int c = x[pc];
                    if (c < 128) {
                        ascii[c] = true;
                        if (fold && c >= 'a' && c <= 'z') {
                            ascii[c - 32] = true;
                        }
                        if (fold) {
                            other.add(c); // non-ASCII letters that fold to an ASCII one (K, ſ)
                        }
                    } else {
                        other.add(c);
                    }
                }
                case CLASS -> {
                    if (x[pc] == 1) {
                        any = true;
                    } else {
                        for (int c = 0; c < 128; c++) {
                            ascii[c] |= inClass(pc, c);
                        }
                        other.add(-1 - pc);
                    }
                }
                case MATCH -> {
                    // an empty match is never reported
                }
                default -> any = true; // ANY
            }
        }
        this.prefilter = !any;
        this.startAscii = ascii;
        this.startOther = other.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether a match can start with {@code c}. */
    private boolean canStart(int c) {
        if (c < 128) {
            return startAscii[c];
        }
        int f = fold ? Chars.fold(c) : c;
        for (int o : startOther) {
            if (o >= 0 ? o == f : inClass(-1 - o, c)) {
                return true;
            }
        }
        return false;
    }

    /** Compiles {@code pattern}, or throws {@link IllegalArgumentException} saying what and where is wrong. */
    static Regex compile(String pattern, boolean caseSensitive) {
        RegexParser parser = new RegexParser(pattern, !caseSensitive);
        RegexProgram.Node root = parser.parse();
        RegexProgram p = new RegexProgram();
        root.emit(p);
        p.add(MATCH, 0, 0);
        return new Regex(p, !caseSensitive);
    }

    @Override
    public int find(int[] text, int from, int to, boolean lineStart, boolean lineEnd, int[] end) {
        Threads cur = clist;
        Threads next = nlist;
        cur.clear();
        int matchStart = -1;
        int matchEnd = -1;
        for (int pos = from; pos <= to; pos++) {
            if (matchStart < 0) {
                if (cur.size == 0 && prefilter) {
                    while (pos < to && !canStart(text[pos])) {
                        pos++;
                    }
                }
                add(cur, 0, pos, pos, text, to, lineStart, lineEnd); // a new thread, below every older one
            }
            if (cur.size == 0) {
                break;
            }
            next.clear();
            int c = pos < to ? text[pos] : -1;
            int fc = c >= 0 && fold ? Chars.fold(c) : c;
            for (int t = 0; t < cur.size; t++) {
                int pc = cur.pc[t];
                int start = cur.start[t];
                switch (op[pc]) {
                    case CHAR -> {
                        if (fc >= 0 && fc == x[pc]) {
                            add(next, pc + 1, start, pos + 1, text, to, lineStart, lineEnd);
                        }
                    }
                    case ANY -> {
                        if (c >= 0) {
                            add(next, pc + 1, start, pos + 1, text, to, lineStart, lineEnd);
                        }
                    }
                    case CLASS -> {
                        if (c >= 0 && inClass(pc, c)) {
                            add(next, pc + 1, start, pos + 1, text, to, lineStart, lineEnd);
                        }
                    }
                    case MATCH -> {
                        if (start < pos) {
                            matchStart = start;
                            matchEnd = pos;
                            t = cur.size; // threads of lower priority are cut
                        }
                    }
                    default -> throw new IllegalStateException("not a consuming instruction: " + op[pc]);
                }
            }
            Threads swap = cur;
            cur = next;
            next = swap;
        }
        if (matchStart < 0) {
            return -1;
        }
        end[0] = matchEnd;
        return matchStart;
    }

    private boolean inClass(int pc, int c) {
        boolean in = ranges(classes[y[pc]], c);
        if (!in && fold) {
            int lo = Character.toLowerCase(c);
            int up = Character.toUpperCase(c);
            in = (lo != c && ranges(classes[y[pc]], lo)) || (up != c && ranges(classes[y[pc]], up));
        }
        return in != (x[pc] == 1);
    }

    private static boolean ranges(int[] r, int c) {
        for (int i = 0; i < r.length; i += 2) {
            if (c < r[i]) {
                return false;
            }
            if (c <= r[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the thread at {@code pc0} and everything it reaches without consuming (jumps, splits in priority
     * order, assertions that hold at {@code pos}) to {@code list}, each pc once.
     */
    private void add(Threads list, int pc0, int start, int pos, int[] text, int to, boolean lineStart, boolean lineEnd) {
        int sp = 0;
        stack[sp++] = pc0;
        while (sp > 0) {
            int pc = stack[--sp];
            if (list.contains(pc)) {
                continue;
            }
            list.mark(pc);
            switch (op[pc]) {
                case JMP -> stack[sp++] = x[pc];
                case SPLIT -> {
                    stack[sp++] = y[pc];
                    stack[sp++] = x[pc]; // x is taken first
                }
                case BOL -> {
                    if (pos == 0 && lineStart) {
                        stack[sp++] = pc + 1;
                    }
                }
                case EOL -> {
                    if (pos == to && lineEnd) {
                        stack[sp++] = pc + 1;
                    }
                }
                case WORDB, NOT_WORDB -> {
                    boolean before = pos > 0 && Chars.isWord(text[pos - 1]);
                    boolean after = pos < to && Chars.isWord(text[pos]);
                    if ((before != after) == (op[pc] == WORDB)) {
                        stack[sp++] = pc + 1;
                    }
                }
                default -> list.add(pc, start);
            }
        }
    }

    /** A sparse set of threads (pc, start) in priority order. */
    private static final class Threads {
        final int[] pc;
        final int[] start;
        final int[] seen;
        int size;
        int generation = 1;

        Threads(int n) {
            pc = new int[n];
            start = new int[n];
            seen = new int[n];
        }

        void clear() {
            size = 0;
            if (++generation == Integer.MAX_VALUE) {
                Arrays.fill(seen, 0);
                generation = 1;
            }
        }

        boolean contains(int p) {
            return seen[p] == generation;
        }

        void mark(int p) {
            seen[p] = generation;
        }

        void add(int p, int s) {
            pc[size] = p;
            start[size++] = s;
        }
    }
}
