package io.github.sessionbridge.core.search.internal;

import java.io.IOException;
import java.util.Arrays;

/**
 * The one line of {@link ScreenText}'s model and the cursor's column in it: cells (code point, one combining
 * mark, the playback time it was written at), written over, erased, deleted and inserted as a terminal does,
 * and handed to the {@link LineSink} as text when it ends, or in pieces when it grows past
 * {@value ScreenText#MAX_COLUMNS} columns. Memory is fixed. Not thread-safe.
 */
final class TextLine {

    private static final int MAX_COLUMNS = ScreenText.MAX_COLUMNS;
    private static final int TAIL = -1; // the right half of a wide character

    private final LineSink sink;
    private final boolean input;
    private final int[] cell = new int[MAX_COLUMNS];
    private final int[] comb = new int[MAX_COLUMNS];
    private final long[] time = new long[MAX_COLUMNS];
    private int len;
    private int col;
    private int last = ' '; // the last character printed, for REP
    private final int[] outCp = new int[2 * MAX_COLUMNS];
    private final long[] outTime = new long[2 * MAX_COLUMNS];
    private long now;

    /**
     * @param sink  told every line and piece
     * @param input whether this is input events' text (each line then starts at column 0)
     */
    TextLine(LineSink sink, boolean input) {
        this.sink = sink;
        this.input = input;
    }

    /** What is written from now on is written at playback time {@code millis}. */
    void at(long millis) {
        now = millis;
    }

    /**
     * Writes the run of printable ASCII in {@code b} from {@code i} (which is printable) on, up to {@code end}
     * or the first byte that is not printable ASCII.
     *
     * @return the index after the run
     */
    int asciiRun(byte[] b, int i, int end) throws IOException {
        int[] cp = cell;
        int c = b[i];
        while (true) {
            if (col >= MAX_COLUMNS) {
                cut();
            }
            if (col < len && (cp[col] == TAIL || (col + 1 < len && cp[col + 1] == TAIL))) {
                fixWide(col, 1);
            }
            cp[col] = c;
            comb[col] = 0;
            time[col] = now;
            if (++col > len) {
                len = col;
            }
            if (++i >= end) {
                break;
            }
            c = b[i];
            if (c < 0x20 || c >= 0x7f) {
                break;
            }
        }
        last = b[i - 1];
        return i;
    }

    // ---- the cursor

    /** Backspace on output: one column left, if there is one. */
    void back() {
        if (col > 0) {
            col--;
        }
    }

    /** The next tab stop (every 8 columns). */
    void tab() {
        col = Math.min(MAX_COLUMNS - 1, (col / 8 + 1) * 8);
    }

    /** Column 0. */
    void home() {
        col = 0;
    }

    /** {@code n} columns right, at most to the last column. */
    void forward(int n) {
        col = Math.min(MAX_COLUMNS - 1, col + n);
    }

    /** {@code n} columns left, at most to column 0. */
    void backward(int n) {
        col = Math.max(0, col - n);
    }

    /** Column {@code c} (0-based), at most the last. */
    void toColumn(int c) {
        col = Math.min(MAX_COLUMNS - 1, c);
    }

    // ---- writing and editing

    /** Writes {@code cp} at the cursor (a combining mark joins the character before it). */
    void print(int cp) throws IOException {
        int w = Chars.width(cp);
        if (w == 0) {
            int at = col - 1;
            if (at >= 0 && cell[at] == TAIL) {
                at--;
            }
            if (at >= 0 && at < len && cell[at] != 0 && comb[at] == 0) {
                comb[at] = cp;
            }
            return;
        }
        if (col + w > MAX_COLUMNS) {
            cut();
        }
        fixWide(col, w);
        cell[col] = cp;
        comb[col] = 0;
        time[col] = now;
        if (w == 2) {
            cell[col + 1] = TAIL;
            comb[col + 1] = 0;
            time[col + 1] = now;
        }
        col += w;
        if (col > len) {
            len = col;
        }
        last = cp;
    }

    /** Repeats the last character printed {@code n} times (REP). */
    void repeat(int n) throws IOException {
        int k = Math.min(n, MAX_COLUMNS);
        for (int j = 0; j < k; j++) {
            print(last);
        }
    }

    /** Before {@code w} cells at {@code at} are written: a wide character cut in half there loses its other half. */
    private void fixWide(int at, int w) {
        if (at < len && cell[at] == TAIL && at > 0) {
            cell[at - 1] = 0;
        }
        int after = at + w;
        if (after < len && cell[after] == TAIL) {
            cell[after] = 0;
        }
    }

    /** Deletes the character before the cursor (input's backspace and DEL). */
    void deleteBack() {
        if (col == 0) {
            return;
        }
        col--;
        if (col > 0 && cell[col] == TAIL) {
            col--;
        }
        eraseRight();
    }

    /** Erases from the cursor to the line's end. */
    void eraseRight() {
        if (col < len) {
            clearCells(col, len);
        }
    }

    /** Erases from the line's start to the cursor, inclusive. */
    void eraseLeft() {
        clearCells(0, Math.min(col + 1, len));
    }

    /** Erases the whole line (the cursor stays). */
    void eraseAll() {
        clearCells(0, len);
    }

    /** Erases {@code n} characters from the cursor on (ECH). */
    void eraseChars(int n) {
        clearCells(col, (int) Math.min(len, (long) col + n));
    }

    /** Blanks cells {@code [from, to)}; at the line's end they are no longer part of it. */
    private void clearCells(int from, int to) {
        if (from >= to) {
            return;
        }
        if (cell[from] == TAIL && from > 0) {
            cell[from - 1] = 0;
        }
        if (to < len && cell[to] == TAIL) {
            cell[to] = 0;
        }
        Arrays.fill(cell, from, to, 0);
        Arrays.fill(comb, from, to, 0);
        if (to >= len) {
            len = from;
            while (len > 0 && cell[len - 1] == 0) {
                len--;
            }
        }
    }

    /** Deletes {@code n} characters at the cursor, the rest moving left (DCH). */
    void deleteChars(int n) {
        if (col >= len) {
            return;
        }
        n = Math.min(n, len - col);
        if (cell[col] == TAIL && col > 0) {
            cell[col - 1] = 0;
        }
        System.arraycopy(cell, col + n, cell, col, len - col - n);
        System.arraycopy(comb, col + n, comb, col, len - col - n);
        System.arraycopy(time, col + n, time, col, len - col - n);
        Arrays.fill(cell, len - n, len, 0);
        Arrays.fill(comb, len - n, len, 0);
        len -= n;
        if (cell[col] == TAIL) {
            cell[col] = 0;
        }
    }

    /** Inserts {@code n} blanks at the cursor, the rest moving right (ICH). */
    void insertBlanks(int n) {
        if (col >= len) {
            return;
        }
        n = Math.min(n, MAX_COLUMNS - col);
        if (cell[col] == TAIL && col > 0) {
            cell[col - 1] = 0;
            cell[col] = 0;
        }
        int keep = Math.min(len - col, MAX_COLUMNS - col - n);
        System.arraycopy(cell, col, cell, col + n, keep);
        System.arraycopy(comb, col, comb, col + n, keep);
        System.arraycopy(time, col, time, col + n, keep);
        Arrays.fill(cell, col, col + n, 0);
        Arrays.fill(comb, col, col + n, 0);
        len = col + n + keep;
        if (len < MAX_COLUMNS && len > 0 && Chars.width(cell[len - 1]) == 2 && cell[len - 1] > 0) {
            cell[len - 1] = 0; // its right half fell off the end
        }
    }

    // ---- handing lines on

    /** Ends the line if it holds anything. */
    void emitIfAny() throws IOException {
        if (len > 0) {
            emit();
        }
    }

    /** Hands the line on and starts an empty one (the cursor keeps its column, but for input). */
    void emit() throws IOException {
        int n = toText(0, len);
        while (n > 0 && outCp[n - 1] == ' ') {
            n--;
        }
        Arrays.fill(cell, 0, len, 0);
        Arrays.fill(comb, 0, len, 0);
        len = 0;
        if (input) {
            col = 0; // each line of input starts afresh
        }
        sink.line(outCp, outTime, n, false);
    }

    /** The line has no room for the next character: its first half goes on as a piece of the line. */
    private void cut() throws IOException {
        int k = MAX_COLUMNS / 2;
        if (cell[k] == TAIL) {
            k--;
        }
        int n = toText(0, k); // (cells past len are blank: the cursor may have moved beyond the text)
        sink.line(outCp, outTime, n, true);
        int rest = Math.max(0, len - k);
        System.arraycopy(cell, k, cell, 0, rest);
        System.arraycopy(comb, k, comb, 0, rest);
        System.arraycopy(time, k, time, 0, rest);
        Arrays.fill(cell, rest, Math.max(rest, len), 0);
        Arrays.fill(comb, rest, Math.max(rest, len), 0);
        len = rest;
        col -= k;
    }

    private int toText(int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            int c = cell[i];
            if (c == TAIL) {
                continue;
            }
            if (c == 0) {
                outCp[n] = ' ';
                outTime[n++] = -1;
                continue;
            }
            outCp[n] = c;
            outTime[n++] = time[i];
            if (comb[i] != 0) {
                outCp[n] = comb[i];
                outTime[n++] = time[i];
            }
        }
        return n;
    }
}
