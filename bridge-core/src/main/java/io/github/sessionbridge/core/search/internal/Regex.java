package io.github.sessionbridge.core.search.internal;

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

    /** The most instructions a compiled pattern may have (repetition counts expand it). */
    static final int MAX_PROGRAM = 4000;
    private static final int MAX_COUNT = 100;

    private static final int CHAR = 0;
    private static final int ANY = 1;
    private static final int CLASS = 2;
    private static final int SPLIT = 3; // x first, then y
    private static final int JMP = 4;
    private static final int BOL = 5;
    private static final int EOL = 6;
    private static final int WORDB = 7;
    private static final int NOT_WORDB = 8;
    private static final int MATCH = 9;

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

    private Regex(Program p, boolean fold) {
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
        Parser parser = new Parser(pattern, !caseSensitive);
        Node root = parser.parse();
        Program p = new Program();
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

    // ---- compiling

    private static final class Program {
        int[] op = new int[64];
        int[] x = new int[64];
        int[] y = new int[64];
        int size;
        final List<int[]> classes = new ArrayList<>();

        int add(int o, int a, int b) {
            if (size >= MAX_PROGRAM) {
                throw new IllegalArgumentException("the regular expression is too large once its repetitions are expanded"
                        + " (more than " + MAX_PROGRAM + " steps)");
            }
            if (size == op.length) {
                op = Arrays.copyOf(op, size * 2);
                x = Arrays.copyOf(x, size * 2);
                y = Arrays.copyOf(y, size * 2);
            }
            op[size] = o;
            x[size] = a;
            y[size] = b;
            return size++;
        }
    }

    private interface Node {
        void emit(Program p);
    }

    private record Lit(int cp) implements Node {
        public void emit(Program p) {
            p.add(CHAR, cp, 0);
        }
    }

    private record Simple(int op) implements Node {
        public void emit(Program p) {
            p.add(op, 0, 0);
        }
    }

    private record Cls(int[] ranges, boolean negated) implements Node {
        public void emit(Program p) {
            p.classes.add(ranges);
            p.add(CLASS, negated ? 1 : 0, p.classes.size() - 1);
        }
    }

    private record Concat(List<Node> items) implements Node {
        public void emit(Program p) {
            for (Node n : items) {
                n.emit(p);
            }
        }
    }

    private record Alt(List<Node> options) implements Node {
        public void emit(Program p) {
            List<Integer> jumps = new ArrayList<>();
            for (int i = 0; i < options.size(); i++) {
                if (i < options.size() - 1) {
                    int split = p.add(SPLIT, 0, 0);
                    p.x[split] = p.size;
                    options.get(i).emit(p);
                    jumps.add(p.add(JMP, 0, 0));
                    p.y[split] = p.size;
                } else {
                    options.get(i).emit(p);
                }
            }
            for (int j : jumps) {
                p.x[j] = p.size;
            }
        }
    }

    /** {@code node} at least {@code min} and at most {@code max} times (-1: no limit). */
    private record Repeat(Node node, int min, int max, boolean greedy) implements Node {
        public void emit(Program p) {
            for (int i = 0; i < min; i++) {
                node.emit(p);
            }
            if (max < 0) {
                // L: split body, out; body; jmp L
                int split = p.add(SPLIT, 0, 0);
                node.emit(p);
                p.add(JMP, split, 0);
                branch(p, split, split + 1, p.size);
            } else {
                List<Integer> splits = new ArrayList<>();
                for (int i = min; i < max; i++) {
                    int split = p.add(SPLIT, 0, 0);
                    splits.add(split);
                    node.emit(p);
                }
                for (int s : splits) {
                    branch(p, s, s + 1, p.size);
                }
            }
        }

        private void branch(Program p, int split, int body, int out) {
            p.x[split] = greedy ? body : out;
            p.y[split] = greedy ? out : body;
        }
    }

    private static final class Parser {
        private final String src;
        private final int[] cps;
        private final boolean fold;
        private int i;

        Parser(String src, boolean fold) {
            this.src = src;
            this.cps = src.codePoints().toArray();
            this.fold = fold;
        }

        Node parse() {
            if (cps.length == 0) {
                throw new IllegalArgumentException("the regular expression is empty");
            }
            Node n = alternation();
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

        private Node alternation() {
            List<Node> options = new ArrayList<>();
            options.add(concatenation());
            while (more() && peek() == '|') {
                i++;
                options.add(concatenation());
            }
            return options.size() == 1 ? options.get(0) : new Alt(options);
        }

        private Node concatenation() {
            List<Node> items = new ArrayList<>();
            while (more() && peek() != '|' && peek() != ')') {
                items.add(repetition());
            }
            return items.size() == 1 ? items.get(0) : new Concat(items);
        }

        private Node repetition() {
            int at = i;
            Node atom = atom();
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
                if (atom instanceof Simple s && s.op() != ANY) {
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
                atom = new Repeat(atom, min, max, greedy);
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

        private Node atom() {
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
                    Node inner = more() && peek() == ')' ? new Concat(List.of()) : alternation();
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
                    return new Simple(ANY);
                }
                case '^' -> {
                    return new Simple(BOL);
                }
                case '$' -> {
                    return new Simple(EOL);
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

        private Node literal(int c) {
            return new Lit(fold ? Chars.fold(c) : c);
        }

        private Node escape(boolean inClass) {
            if (!more()) {
                throw error("a '\\' at the end");
            }
            int c = cps[i++];
            switch (c) {
                case 'd' -> {
                    return new Cls(new int[] {'0', '9'}, false);
                }
                case 'D' -> {
                    return new Cls(new int[] {'0', '9'}, true);
                }
                case 'w' -> {
                    return new Cls(WORD, false);
                }
                case 'W' -> {
                    return new Cls(WORD, true);
                }
                case 's' -> {
                    return new Cls(SPACE, false);
                }
                case 'S' -> {
                    return new Cls(SPACE, true);
                }
                case 'b' -> {
                    if (inClass) {
                        throw error("'\\b' in a class");
                    }
                    return new Simple(WORDB);
                }
                case 'B' -> {
                    if (inClass) {
                        throw error("'\\B' in a class");
                    }
                    return new Simple(NOT_WORDB);
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

        private Node charClass() {
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
                    Node e = escape(true);
                    if (e instanceof Cls cls) {
                        if (cls.negated()) {
                            throw error("a negated class ('\\D', '\\W', '\\S') inside '[...]' is not supported");
                        }
                        for (int k = 0; k < cls.ranges().length; k += 2) {
                            ranges.add(new int[] {cls.ranges()[k], cls.ranges()[k + 1]});
                        }
                        continue;
                    }
                    lo = ((Lit) e).cp();
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
                        Node e = escape(true);
                        if (!(e instanceof Lit l)) {
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
            return new Cls(flat, negated);
        }
    }
}
