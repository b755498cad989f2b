package io.github.sessionbridge.core.search.internal;

import java.io.IOException;

/**
 * What {@link ScreenText}'s parsed controls and escape sequences do to its {@link TextLine}: cursor moves in
 * the line, erasing, deleting and inserting, and the moves that end the line (another row, a cleared or
 * scrolled screen, the other screen, a reset). Keeps the cursor's row (once absolute positioning made it
 * known) and the character sets (DEC line drawing). In input mode only the editing of input applies. Not
 * thread-safe.
 */
final class TerminalActions {

    /** DEC special graphics for 0x5f..0x7e (line drawing), as xterm shows them. */
    private static final int[] DEC_GRAPHICS = {
        0x00a0, 0x25c6, 0x2592, 0x2409, 0x240c, 0x240d, 0x240a, 0x00b0, 0x00b1, 0x2424, 0x240b, 0x2518, 0x2510, 0x250c,
        0x2514, 0x253c, 0x23ba, 0x23bb, 0x2500, 0x23bc, 0x23bd, 0x251c, 0x2524, 0x2534, 0x252c, 0x2502, 0x2264, 0x2265,
        0x03c0, 0x2260, 0x00a3, 0x00b7};

    private final TextLine line;
    private final boolean input;
    private int row = -1; // known only after absolute positioning

    // character sets: G0, G1 designations and which is in GL
    private int g0 = 'B';
    private int g1 = 'B';
    private int gl;
    private boolean graphics;

    TerminalActions(TextLine line, boolean input) {
        this.line = line;
        this.input = input;
    }

    /** Whether GL holds DEC line drawing (printable ASCII is then not itself). */
    boolean graphics() {
        return graphics;
    }

    /** A printable ASCII character, through the character set in GL. */
    void printAscii(int c) throws IOException {
        line.print(graphics && c >= 0x5f ? DEC_GRAPHICS[c - 0x5f] : c);
    }

    /** DEL. */
    void delete() {
        if (input) {
            line.deleteBack();
        }
    }

    /** A C0 control other than ESC, CAN and SUB (which the parser takes). */
    void control(int c) throws IOException {
        switch (c) {
            case 0x08 -> {
                if (input) {
                    line.deleteBack();
                } else {
                    line.back();
                }
            }
            case 0x09 -> {
                if (!input) {
                    line.tab();
                }
            }
            case 0x0a, 0x0b, 0x0c -> {
                if (input) {
                    line.emitIfAny();
                } else {
                    lineFeed();
                }
            }
            case 0x0d -> {
                if (input) {
                    line.emitIfAny();
                } else {
                    line.home();
                }
            }
            case 0x0e -> shift(1);
            case 0x0f -> shift(0);
            default -> {
                // NUL, BEL and the rest: nothing shown
            }
        }
    }

    /** {@code ESC f} for a final {@code f} that starts no sequence or string. */
    void escape(int f) throws IOException {
        if (input) {
            return;
        }
        switch (f) {
            case 'c' -> {
                line.emitIfAny();
                g0 = 'B';
                g1 = 'B';
                shift(0);
                line.home();
                row = 1;
            }
            case 'D' -> lineFeed();
            case 'E' -> {
                line.home();
                lineFeed();
            }
            case 'M' -> {
                line.emitIfAny();
                row = row > 1 ? row - 1 : -1;
            }
            case '8' -> lost();
            default -> {
                // ESC 7, keypad modes, ...: nothing on this line
            }
        }
    }

    /** {@code ESC i f}: designates character set {@code f} to G0 ({@code (}) or G1 ({@code )}). */
    void designate(int inter, int f) {
        if (input) {
            return;
        }
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

    /**
     * A control sequence of output: {@code CSI priv params inter f}.
     *
     * @param params  the numeric parameters, -1 for a missing one
     * @param nparams how many there are
     */
    void csi(int f, int priv, boolean inter, int[] params, int nparams) throws IOException {
        if (inter || input) {
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
                switch (p(params, nparams, 0, 0)) {
                    case 0 -> line.eraseRight();
                    case 1 -> line.eraseLeft();
                    case 2 -> line.eraseAll();
                    default -> {
                    }
                }
            }
            case 'J' -> {
                switch (p(params, nparams, 0, 0)) {
                    case 0 -> line.eraseRight();
                    case 1 -> line.eraseLeft();
                    case 2, 3 -> line.emitIfAny();
                    default -> {
                    }
                }
            }
            case 'C', 'a' -> line.forward(p(params, nparams, 0, 1));
            case 'D' -> line.backward(p(params, nparams, 0, 1));
            case 'G', '`' -> line.toColumn(p(params, nparams, 0, 1) - 1);
            case 'P' -> line.deleteChars(p(params, nparams, 0, 1));
            case '@' -> line.insertBlanks(p(params, nparams, 0, 1));
            case 'X' -> line.eraseChars(p(params, nparams, 0, 1));
            case 'b' -> line.repeat(p(params, nparams, 0, 1));
            case 'A' -> moveRow(-p(params, nparams, 0, 1));
            case 'B', 'e' -> moveRow(p(params, nparams, 0, 1));
            case 'E' -> {
                moveRow(p(params, nparams, 0, 1));
                line.home();
            }
            case 'F' -> {
                moveRow(-p(params, nparams, 0, 1));
                line.home();
            }
            case 'd' -> toRow(p(params, nparams, 0, 1));
            case 'H', 'f' -> {
                toRow(p(params, nparams, 0, 1));
                line.toColumn(p(params, nparams, 1, 1) - 1);
            }
            case 'r' -> {
                toRow(1); // DECSTBM homes the cursor
                line.home();
            }
            case 'L', 'M' -> {
                line.emitIfAny();
                line.home();
            }
            case 'S', 'T' -> line.emitIfAny();
            case 'u' -> lost();
            default -> {
                // SGR, modes, reports, tab stops, ...: nothing on this line
            }
        }
    }

    /** Parameter {@code k}, or {@code dflt} when it is missing or 0 and {@code dflt} is 1. */
    private static int p(int[] params, int nparams, int k, int dflt) {
        int v = k < nparams ? params[k] : -1;
        return v < 0 || (v == 0 && dflt == 1) ? dflt : v;
    }

    private void lineFeed() throws IOException {
        line.emit();
        if (row > 0) {
            row++;
        }
    }

    private void toRow(int r) throws IOException {
        if (row > 0 && r == row) {
            return;
        }
        line.emitIfAny();
        row = r;
    }

    private void moveRow(int d) throws IOException {
        line.emitIfAny();
        row = row > 0 ? Math.max(1, row + d) : -1;
    }

    /** The cursor goes where this model cannot follow (a restored cursor, the other screen). */
    private void lost() throws IOException {
        line.emitIfAny();
        row = -1;
        line.home();
    }
}
