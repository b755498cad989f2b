package io.github.sessionbridge.core.search.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled regular expression: its instructions for {@link Regex}'s VM (an opcode and two operands each, and
 * the character classes they refer to), and the syntax tree {@link RegexParser} builds, whose nodes emit them.
 * Not thread-safe (used while compiling only).
 */
final class RegexProgram {

    /** The most instructions a compiled pattern may have (repetition counts expand it). */
    static final int MAX_PROGRAM = 4000;

    static final int CHAR = 0;
    static final int ANY = 1;
    static final int CLASS = 2;
    static final int SPLIT = 3; // x first, then y
    static final int JMP = 4;
    static final int BOL = 5;
    static final int EOL = 6;
    static final int WORDB = 7;
    static final int NOT_WORDB = 8;
    static final int MATCH = 9;

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

interface Node {
    void emit(RegexProgram p);
}

record Lit(int cp) implements Node {
    public void emit(RegexProgram p) {
        p.add(CHAR, cp, 0);
    }
}

record Simple(int op) implements Node {
    public void emit(RegexProgram p) {
        p.add(op, 0, 0);
    }
}

record Cls(int[] ranges, boolean negated) implements Node {
    public void emit(RegexProgram p) {
        p.classes.add(ranges);
        p.add(CLASS, negated ? 1 : 0, p.classes.size() - 1);
    }
}

record Concat(List<Node> items) implements Node {
    public void emit(RegexProgram p) {
        for (Node n : items) {
            n.emit(p);
        }
    }
}

record Alt(List<Node> options) implements Node {
    public void emit(RegexProgram p) {
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
record Repeat(Node node, int min, int max, boolean greedy) implements Node {
    public void emit(RegexProgram p) {
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

    private void branch(RegexProgram p, int split, int body, int out) {
        p.x[split] = greedy ? body : out;
        p.y[split] = greedy ? out : body;
    }
}
}
