package io.github.sessionbridge.core.playback.internal;

/**
 * Splits a terminal byte stream into what a terminal acts on (ECMA-48, as xterm parses it): runs of
 * printable bytes, C0 controls, and escape, CSI, OSC and string (DCS, SOS, PM, APC) sequences, each
 * handed to a hook once complete. It only parses: what a sequence means is the subclass's
 * ({@link TerminalTracker}). Fixed buffers: at most {@value #MAX_PARAMS} parameter bytes (more make the
 * CSI {@linkplain #csiIgnored ignored}) and {@value #MAX_OSC} OSC bytes (more drop the OSC). Positions are
 * terminal byte positions: bytes fed before.
 *
 * <p>Not thread-safe.
 */
abstract class EscapeParser {

    private static final int GROUND = 0;
    private static final int ESCAPE = 1;
    private static final int ESCAPE_INTERMEDIATE = 2;
    private static final int CSI = 3;
    private static final int CSI_IGNORE = 4;
    private static final int OSC = 5;
    private static final int STRING = 6;

    static final int MAX_PARAMS = 64;
    static final int MAX_OSC = 512;

    private long position;
    private int state = GROUND;
    private long seqStart;
    private int intermediates;
    private int privateMarker;
    private final byte[] params = new byte[MAX_PARAMS];
    private int paramLength;
    private boolean paramOverflow;
    private final byte[] osc = new byte[MAX_OSC];
    private int oscLength;
    private boolean oscOverflow;
    private boolean stringIsDcs;

    // ---- the hooks, called in stream order

    /** A run of printable bytes (UTF-8 included) in the ground state: it writes cells. */
    abstract void printable();

    /** A C0 control byte other than ESC outside strings; after CAN or SUB the parser is back in the ground state. */
    abstract void execute(int c);

    /** An escape sequence ended by final byte {@code f} at {@code at}, with its intermediates (one per byte, first highest). */
    abstract void escDispatch(int f, int intermediates, long at);

    /** A CSI sequence ended by final byte {@code f} at {@code at}: see {@link #privateMarker()}, {@link #param}. */
    abstract void csiDispatch(int f, long at);

    /** A CSI sequence that could not be parsed (misplaced bytes, too many parameters), ended by {@code f}. */
    abstract void csiIgnored(int f);

    /** A complete OSC string of at most {@value #MAX_OSC} bytes: {@code osc[0, length)}, valid during the call. */
    abstract void oscDispatch(byte[] osc, int length);

    /** A DCS ({@code dcs}), SOS, PM or APC string ended. */
    abstract void stringEnd(boolean dcs);

    // ---- parsing

    /** The number of bytes fed so far: the terminal byte position of the next byte. */
    public long position() {
        return position;
    }

    /** Feeds the next terminal bytes. */
    public void feed(byte[] b, int off, int len) {
        long base = position - off;
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            switch (state) {
                case GROUND -> {
                    if (c >= 0x20 && c != 0x7f) {
                        printable();
                        i++;
                        while (i < end && ((b[i] & 0xff) >= 0x20 && b[i] != 0x7f)) {
                            i++;
                        }
                        continue;
                    }
                    if (c != 0x7f) {
                        control(c, base + i);
                    }
                }
                case ESCAPE -> escape(c, base + i);
                case ESCAPE_INTERMEDIATE -> {
                    if (c < 0x20) {
                        control(c, base + i);
                    } else if (c < 0x30) {
                        intermediates = (intermediates << 8) | c;
                    } else if (c < 0x7f) {
                        state = GROUND;
                        escDispatch(c, intermediates, base + i);
                    }
                }
                case CSI, CSI_IGNORE -> csi(c, base + i);
                case OSC -> {
                    if (c == 0x07) {
                        state = GROUND;
                        osc();
                    } else if (c == 0x1b) {
                        osc();
                        startEscape(base + i);
                    } else if (c == 0x18 || c == 0x1a) {
                        state = GROUND;
                    } else if (c >= 0x20) {
                        if (oscLength < MAX_OSC) {
                            osc[oscLength++] = (byte) c;
                        } else {
                            oscOverflow = true;
                        }
                    }
                }
                default -> { // STRING: DCS, SOS, PM, APC up to ST
                    if (c == 0x1b) {
                        stringEnd(stringIsDcs);
                        startEscape(base + i);
                    } else if (c == 0x18 || c == 0x1a) {
                        state = GROUND;
                        stringEnd(stringIsDcs);
                    }
                }
            }
            i++;
        }
        position = base + end;
    }

    private void startEscape(long at) {
        state = ESCAPE;
        seqStart = at;
        intermediates = 0;
    }

    /** A C0 control byte outside strings. */
    private void control(int c, long at) {
        if (c == 0x1b) {
            startEscape(at);
            return;
        }
        if (c == 0x18 || c == 0x1a) {
            state = GROUND;
        }
        execute(c);
    }

    private void escape(int c, long at) {
        if (c < 0x20) {
            control(c, at);
            return;
        }
        if (c < 0x30) {
            intermediates = c;
            state = ESCAPE_INTERMEDIATE;
            return;
        }
        switch (c) {
            case '[' -> {
                state = CSI;
                privateMarker = 0;
                intermediates = 0;
                paramLength = 0;
                paramOverflow = false;
            }
            case ']' -> {
                state = OSC;
                oscLength = 0;
                oscOverflow = false;
            }
            case 'P', 'X', '^', '_' -> {
                state = STRING;
                stringIsDcs = c == 'P';
            }
            default -> {
                state = GROUND;
                if (c < 0x7f) {
                    escDispatch(c, intermediates, at);
                }
            }
        }
    }

    private void csi(int c, long at) {
        if (c < 0x20) {
            control(c, at);
            return;
        }
        if (c < 0x30) {
            intermediates = (intermediates << 8) | c;
            return;
        }
        if (c < 0x40) {
            if (intermediates != 0) {
                state = CSI_IGNORE;
            } else if (c >= 0x3c && c <= 0x3f) {
                if (paramLength == 0 && privateMarker == 0) {
                    privateMarker = c;
                } else {
                    state = CSI_IGNORE;
                }
            } else if (paramLength < MAX_PARAMS) {
                params[paramLength++] = (byte) c;
            } else {
                paramOverflow = true;
            }
            return;
        }
        if (c < 0x7f) {
            boolean ignore = state == CSI_IGNORE;
            state = GROUND;
            if (ignore || paramOverflow) {
                csiIgnored(c);
                return;
            }
            csiDispatch(c, at);
        }
    }

    private void osc() {
        if (!oscOverflow) {
            oscDispatch(osc, oscLength);
        }
    }

    // ---- the sequence being dispatched

    /** Where the escape sequence being dispatched started (its ESC). */
    long seqStart() {
        return seqStart;
    }

    /** The CSI's intermediate bytes, one per byte, first highest; 0 for none. */
    int intermediates() {
        return intermediates;
    }

    /** The CSI's private marker ({@code ?}, {@code >}, {@code =}, {@code <}), 0 for none. */
    int privateMarker() {
        return privateMarker;
    }

    /** The CSI's parameter bytes: {@code paramBytes()[0, paramLength())}. */
    byte[] paramBytes() {
        return params;
    }

    int paramLength() {
        return paramLength;
    }

    /** The CSI as its bytes ({@code ESC [}, parameters, an intermediate, {@code f}), to replay it. */
    byte[] seq(char f) {
        byte[] v = new byte[paramLength + 3 + (intermediates != 0 ? 1 : 0)];
        v[0] = 0x1b;
        v[1] = '[';
        System.arraycopy(params, 0, v, 2, paramLength);
        int i = 2 + paramLength;
        if (intermediates != 0) {
            v[i++] = (byte) intermediates;
        }
        v[i] = (byte) f;
        return v;
    }

    int paramCount() {
        int n = 1;
        for (int i = 0; i < paramLength; i++) {
            if (params[i] == ';') {
                n++;
            }
        }
        return n;
    }

    /** Parameter {@code k} (sub-parameters after ':' ignored), or {@code dflt} when empty or 0 for defaults of 1. */
    int param(int k, int dflt) {
        int i = 0;
        for (int field = 0; field < k; i++) {
            if (i >= paramLength) {
                return dflt;
            }
            if (params[i] == ';') {
                field++;
            }
        }
        int v = 0;
        boolean any = false;
        while (i < paramLength && params[i] >= '0' && params[i] <= '9') {
            v = Math.min(v * 10 + (params[i] - '0'), 99_999);
            any = true;
            i++;
        }
        return !any || (v == 0 && dflt == 1) ? dflt : v;
    }
}
