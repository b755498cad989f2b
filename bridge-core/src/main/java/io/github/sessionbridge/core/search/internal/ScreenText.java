package io.github.sessionbridge.core.search.internal;

import java.io.IOException;

/**
 * Turns a terminal byte stream into the lines of text it showed, as they stood when the cursor left them:
 * the model documented in {@code core.search}'s package description. It keeps one line of cells (code point,
 * one combining mark, the playback time it was written at) and the cursor's column; never a screen.
 *
 * <p>UTF-8 is decoded across {@link #feed} calls (invalid bytes become U+FFFD, as a terminal shows them);
 * escape sequences are parsed (ECMA-48, as xterm) here, and {@link TerminalActions} either applies them to
 * the {@link TextLine} (cursor moves within it, erasing, deleting and inserting characters) or ends it (cursor
 * moves to another row, screen clears); strings (OSC, DCS, APC, PM, SOS) are skipped. In <em>input</em> mode
 * (for input events) backspace and DEL delete the character before the cursor, CR and LF end the line, and
 * escape sequences (arrow keys) are dropped.
 *
 * <p>Memory is fixed: a line longer than {@value #MAX_COLUMNS} columns is cut, its first half handed on as a
 * piece that {@linkplain LineSink#line continues}; the parser keeps at most {@value #MAX_PARAMS} numeric
 * parameters and never stores a string's content. Not thread-safe.
 */
public final class ScreenText {

    /** The longest line kept; a longer one is handed on in pieces of half this. */
    public static final int MAX_COLUMNS = 4096;

    private static final int MAX_PARAMS = 16;

    private static final int GROUND = 0;
    private static final int ESC = 1;
    private static final int ESC_INTER = 2;
    private static final int CSI = 3;
    private static final int OSC = 4;
    private static final int STRING = 5;
    private static final int SINGLE_SHIFT = 6;

    private final TextLine line;
    private final TerminalActions actions;

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

    /**
     * @param sink  told every line (and every piece of an over-long line), in order
     * @param input {@code true} for input events' text, {@code false} for terminal output
     */
    public ScreenText(LineSink sink, boolean input) {
        this.line = new TextLine(sink, input);
        this.actions = new TerminalActions(line, input);
    }

    /** Feeds the next bytes, written at playback time {@code millis}. */
    public void feed(byte[] b, int off, int n, long millis) throws IOException {
        line.at(millis);
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
                if (state == GROUND && c >= 0x20 && c < 0x7f && !actions.graphics()) {
                    i = line.asciiRun(b, i, end); // a run of printable ASCII
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
        line.emitIfAny();
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
            line.print(cp);
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
                    actions.delete();
                } else {
                    actions.printAscii(c);
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
                    actions.designate(escInter, c);
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
            default -> actions.control(c);
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
            default -> actions.escape(c);
        }
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
            if (!csiIgnore) {
                actions.csi(c, priv, csiInter, params, nparams);
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
}
