package io.github.sessionbridge.core.search.internal;

import java.io.IOException;
import java.util.Arrays;

/**
 * Turns a terminal byte stream into the lines of text it showed, as they stood when the cursor left them:
 * the model documented in {@code core.search}'s package description. It keeps one line of cells (code point,
 * one combining mark, the playback time it was written at) and the cursor's column; never a screen.
 *
 * <p>UTF-8 is decoded across {@link #feed} calls (invalid bytes become U+FFFD, as a terminal shows them);
 * escape sequences are parsed (ECMA-48, as xterm) and either applied to the line (cursor moves within it,
 * erasing, deleting and inserting characters) or end it (cursor moves to another row, screen clears); strings
 * (OSC, DCS, APC, PM, SOS) are skipped. In <em>input</em> mode (for input events) backspace and DEL delete the
 * character before the cursor, CR and LF end the line, and escape sequences (arrow keys) are dropped.
 *
 * <p>Memory is fixed: a line longer than {@value #MAX_COLUMNS} columns is cut, its first half handed on as a
 * piece that {@linkplain LineSink#line continues}; the parser keeps at most {@value #MAX_PARAMS} numeric
 * parameters and never stores a string's content. Not thread-safe.
 */
public final class ScreenText {

    /** The longest line kept; a longer one is handed on in pieces of half this. */
    public static final int MAX_COLUMNS = 4096;

    private static final int TAIL = -1; // the right half of a wide character
    private static final int MAX_PARAMS = 16;

    private static final int GROUND = 0;
    private static final int ESC = 1;
    private static final int ESC_INTER = 2;
    private static final int CSI = 3;
    private static final int OSC = 4;
    private static final int STRING = 5;
    private static final int SINGLE_SHIFT = 6;

    /** DEC special graphics for 0x5f..0x7e (line drawing), as xterm shows them. */
    private static final int[] DEC_GRAPHICS = {
        0x00a0, 0x25c6, 0x2592, 0x2409, 0x240c, 0x240d, 0x240a, 0x00b0, 0x00b1, 0x2424, 0x240b, 0x2518, 0x2510, 0x250c,
        0x2514, 0x253c, 0x23ba, 0x23bb, 0x2500, 0x23bc, 0x23bd, 0x251c, 0x2524, 0x2534, 0x252c, 0x2502, 0x2264, 0x2265,
        0x03c0, 0x2260, 0x00a3, 0x00b7};

    private final LineSink sink;
    private final boolean input;

    // the line
    private final int[] cell = new int[MAX_COLUMNS];
    private final int[] comb = new int[MAX_COLUMNS];
    private final long[] time = new long[MAX_COLUMNS];
    private int len;
    private int col;
    private int row = -1; // known only after absolute positioning
    private int last = ' '; // the last character printed, for REP
    private final int[] outCp = new int[2 * MAX_COLUMNS];
    private final long[] outTime = new long[2 * MAX_COLUMNS];
    private long now;

    // UTF-8
    private int need;
    private int acc;
    private int min;

    // parser
    private int state = GROUND;
    private int escInter;
    private final int[] params = new int[MAX_PARAMS];
    private int nparams;
    private int param;
    private boolean paramAny;
    private int priv;
    private boolean csiInter;
    private boolean csiIgnore;

    // character sets: G0, G1 designations and which is in GL
    private int g0 = 'B';
    private int g1 = 'B';
    private int gl;
    private boolean graphics;

    /**
     * @param sink  told every line (and every piece of an over-long line), in order
     * @param input {@code true} for input events' text, {@code false} for terminal output
     */
    public ScreenText(LineSink sink, boolean input) {
        this.sink = sink;
        this.input = input;
    }

    /** Feeds the next bytes, written at playback time {@code millis}. */
    public void feed(byte[] b, int off, int n, long millis) throws IOException {
        now = millis;
        int end = off + n;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            if (need > 0) {
                if ((c & 0xc0) == 0x80) {
                    acc = (acc << 6) | (c & 0x3f);
                    i++;
                    if (--need == 0) {
                        codePoint(acc < min || (acc >= 0xd800 && acc <= 0xdfff) || acc > 0x10ffff ? 0xfffd : acc);
                    }
                    continue;
                }
                need = 0;
                codePoint(0xfffd); // an incomplete character; c is processed on its own
            }
            if (c < 0x80) {
                if (state == GROUND && c >= 0x20 && c < 0x7f && !graphics) {
                    // a run of printable ASCII
                    int[] cp = cell;
                    while (true) {
                        if (col >= MAX_COLUMNS) {
                            cut();
                        }
                        if (col < len && (cp[col] == TAIL || (col + 1 < len && cp[col + 1] == TAIL))) {
                            fixWide(col, 1);
                        }
                        cp[col] = c;
                        comb[col] = 0;
                        time[col] = millis;
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
                    continue;
                }
                ascii(c);
            } else if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                acc = c & 0x1f;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                acc = c & 0x0f;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                acc = c & 0x07;
                min = 0x10000;
            } else {
                codePoint(0xfffd);
            }
            i++;
        }
    }

    /** Ends one input event: an incomplete character becomes U+FFFD, the line ends, the parser is reset. */
    public void endInput() throws IOException {
        if (need > 0) {
            need = 0;
            codePoint(0xfffd);
        }
        state = GROUND;
        emitIfAny();
    }

    /** Ends the stream: an incomplete character becomes U+FFFD, and the last line ends. */
    public void finish() throws IOException {
        endInput();
    }

    private void codePoint(int cp) throws IOException {
        if (state == GROUND) {
            if (cp >= 0x80 && cp < 0xa0) {
                return; // C1 controls: not shown
            }
            print(cp);
        } else if (state == SINGLE_SHIFT) {
            state = GROUND;
        }
        // inside escape sequences and strings: not shown
    }

    private void ascii(int c) throws IOException {
        switch (state) {
            case GROUND -> {
                if (c < 0x20) {
                    control(c);
                } else if (c == 0x7f) {
                    if (input) {
                        deleteBack();
                    }
                } else {
                    print(graphics && c >= 0x5f ? DEC_GRAPHICS[c - 0x5f] : c);
                }
            }
            case ESC -> {
                if (c < 0x20) {
                    control(c);
                } else if (c < 0x30) {
                    escInter = c;
                    state = ESC_INTER;
                } else if (c < 0x7f) {
                    escFinal(c);
                }
            }
            case ESC_INTER -> {
                if (c < 0x20) {
                    control(c);
                } else if (c >= 0x30 && c < 0x7f) {
                    state = GROUND;
                    if (!input) {
                        designate(escInter, c);
                    }
                }
            }
            case CSI -> csi(c);
            case OSC -> {
                if (c == 0x07 || c == 0x18 || c == 0x1a) {
                    state = GROUND;
                } else if (c == 0x1b) {
                    state = ESC;
                }
            }
            case STRING -> {
                if (c == 0x18 || c == 0x1a) {
                    state = GROUND;
                } else if (c == 0x1b) {
                    state = ESC;
                }
            }
            default -> { // SINGLE_SHIFT: one character from G2/G3 (or an SS3 key): not kept
                state = c == 0x1b ? ESC : GROUND;
            }
        }
    }

    private void control(int c) throws IOException {
        switch (c) {
            case 0x1b -> state = ESC;
            case 0x18, 0x1a -> state = GROUND;
            case 0x08 -> {
                if (input) {
                    deleteBack();
                } else if (col > 0) {
                    col--;
                }
            }
            case 0x09 -> {
                if (!input) {
                    col = Math.min(MAX_COLUMNS - 1, (col / 8 + 1) * 8);
                }
            }
            case 0x0a, 0x0b, 0x0c -> {
                if (input) {
                    emitIfAny();
                } else {
                    lineFeed();
                }
            }
            case 0x0d -> {
                if (input) {
                    emitIfAny();
                } else {
                    col = 0;
                }
            }
            case 0x0e -> shift(1);
            case 0x0f -> shift(0);
            default -> {
                // NUL, BEL and the rest: nothing shown
            }
        }
    }

    private void escFinal(int c) throws IOException {
        state = GROUND;
        switch (c) {
            case '[' -> {
                state = CSI;
                nparams = 0;
                param = 0;
                paramAny = false;
                priv = 0;
                csiInter = false;
                csiIgnore = false;
            }
            case ']' -> state = OSC;
            case 'P', 'X', '^', '_' -> state = STRING;
            case 'N', 'O' -> state = SINGLE_SHIFT;
            default -> {
                if (input) {
                    return;
                }
                switch (c) {
                    case 'c' -> {
                        emitIfAny();
                        g0 = 'B';
                        g1 = 'B';
                        shift(0);
                        col = 0;
                        row = 1;
                    }
                    case 'D' -> lineFeed();
                    case 'E' -> {
                        col = 0;
                        lineFeed();
                    }
                    case 'M' -> {
                        emitIfAny();
                        row = row > 1 ? row - 1 : -1;
                    }
                    case '8' -> lost();
                    default -> {
                        // ESC 7, keypad modes, ...: nothing on this line
                    }
                }
            }
        }
    }

    private void designate(int inter, int f) {
        if (inter == '(') {
            g0 = f;
        } else if (inter == ')') {
            g1 = f;
        }
        shift(gl);
    }

    private void shift(int to) {
        if (input) {
            return;
        }
        gl = to;
        graphics = (to == 0 ? g0 : g1) == '0';
    }

    private void csi(int c) throws IOException {
        if (c >= '0' && c <= '9') {
            param = Math.min(param * 10 + (c - '0'), 99_999);
            paramAny = true;
        } else if (c == ';' || c == ':') {
            nextParam();
        } else if (c >= 0x40 && c < 0x7f) {
            nextParam();
            state = GROUND;
            if (!csiIgnore && !input) {
                csiDispatch(c);
            }
        } else if (c < 0x20) {
            control(c); // C0 controls act inside a sequence; ESC, CAN and SUB end it
        } else if (c >= 0x3c && c <= 0x3f) {
            if (nparams == 0 && !paramAny && priv == 0) {
                priv = c;
            } else {
                csiIgnore = true;
            }
        } else if (c >= 0x20 && c < 0x30) {
            csiInter = true;
        }
    }

    private void nextParam() {
        if (nparams < MAX_PARAMS) {
            params[nparams++] = paramAny ? param : -1;
        }
        param = 0;
        paramAny = false;
    }

    /** Parameter {@code k}, or {@code dflt} when it is missing or 0 and {@code dflt} is 1. */
    private int p(int k, int dflt) {
        int v = k < nparams ? params[k] : -1;
        return v < 0 || (v == 0 && dflt == 1) ? dflt : v;
    }

    private void csiDispatch(int f) throws IOException {
        if (csiInter) {
            return; // cursor style, DECSTR, ...: nothing on this line
        }
        if (priv == '?') {
            if (f == 'h' || f == 'l') {
                for (int k = 0; k < nparams; k++) {
                    int m = params[k];
                    if (m == 47 || m == 1047 || m == 1049) {
                        lost(); // the other screen: another text
                        return;
                    }
                }
            }
            return;
        }
        if (priv != 0) {
            return;
        }
        switch (f) {
            case 'K' -> {
                switch (p(0, 0)) {
                    case 0 -> eraseRight();
                    case 1 -> eraseLeft();
                    case 2 -> clearCells(0, len);
                    default -> {
                    }
                }
            }
            case 'J' -> {
                switch (p(0, 0)) {
                    case 0 -> eraseRight();
                    case 1 -> eraseLeft();
                    case 2, 3 -> emitIfAny();
                    default -> {
                    }
                }
            }
            case 'C', 'a' -> col = Math.min(MAX_COLUMNS - 1, col + p(0, 1));
            case 'D' -> col = Math.max(0, col - p(0, 1));
            case 'G', '`' -> col = Math.min(MAX_COLUMNS - 1, p(0, 1) - 1);
            case 'P' -> deleteChars(p(0, 1));
            case '@' -> insertBlanks(p(0, 1));
            case 'X' -> eraseChars(p(0, 1));
            case 'b' -> {
                int n = Math.min(p(0, 1), MAX_COLUMNS);
                for (int k = 0; k < n; k++) {
                    print(last);
                }
            }
            case 'A' -> moveRow(-p(0, 1));
            case 'B', 'e' -> moveRow(p(0, 1));
            case 'E' -> {
                moveRow(p(0, 1));
                col = 0;
            }
            case 'F' -> {
                moveRow(-p(0, 1));
                col = 0;
            }
            case 'd' -> toRow(p(0, 1));
            case 'H', 'f' -> {
                toRow(p(0, 1));
                col = Math.min(MAX_COLUMNS - 1, p(1, 1) - 1);
            }
            case 'r' -> {
                toRow(1); // DECSTBM homes the cursor
                col = 0;
            }
            case 'L', 'M' -> {
                emitIfAny();
                col = 0;
            }
            case 'S', 'T' -> emitIfAny();
            case 'u' -> lost();
            default -> {
                // SGR, modes, reports, tab stops, ...: nothing on this line
            }
        }
    }

    // ---- the line

    private void print(int cp) throws IOException {
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

    private void deleteBack() {
        if (col == 0) {
            return;
        }
        col--;
        if (col > 0 && cell[col] == TAIL) {
            col--;
        }
        eraseRight();
    }

    private void eraseRight() {
        if (col < len) {
            clearCells(col, len);
        }
    }

    private void eraseLeft() {
        clearCells(0, Math.min(col + 1, len));
    }

    private void eraseChars(int n) {
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

    private void deleteChars(int n) {
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

    private void insertBlanks(int n) {
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

    private void lineFeed() throws IOException {
        emit(false);
        if (row > 0) {
            row++;
        }
    }

    private void toRow(int r) throws IOException {
        if (row > 0 && r == row) {
            return;
        }
        emitIfAny();
        row = r;
    }

    private void moveRow(int d) throws IOException {
        emitIfAny();
        row = row > 0 ? Math.max(1, row + d) : -1;
    }

    /** The cursor goes where this model cannot follow (a restored cursor, the other screen). */
    private void lost() throws IOException {
        emitIfAny();
        row = -1;
        col = 0;
    }

    private void emitIfAny() throws IOException {
        if (len > 0) {
            emit(false);
        }
    }

    /** Hands the line on and starts an empty one (the cursor keeps its column). */
    private void emit(boolean continues) throws IOException {
        int n = toText(0, len);
        if (!continues) {
            while (n > 0 && outCp[n - 1] == ' ') {
                n--;
            }
        }
        Arrays.fill(cell, 0, len, 0);
        Arrays.fill(comb, 0, len, 0);
        len = 0;
        if (input) {
            col = 0; // each line of input starts afresh
        }
        sink.line(outCp, outTime, n, continues);
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
