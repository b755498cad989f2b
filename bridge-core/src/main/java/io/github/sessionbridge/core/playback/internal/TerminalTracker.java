package io.github.sessionbridge.core.playback.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

// Over 400 lines: one job, the keyframe rules of the ECMA-48 sequences it tracks (which sequences start,
// invalidate or turn off keyframes), one table of cases; parsing is EscapeParser, the kept state
// TerminalState.
/**
 * Follows a terminal byte stream just enough to find <em>keyframes</em>: points from which replaying
 * the stream's own bytes, after a reset ({@code ESC c}) and a short state prefix, leaves a terminal
 * exactly as playing the whole stream from its start does. It is not an emulator: it never models
 * cells or the cursor; it parses escape sequences (ECMA-48, as xterm) and keeps the few pieces of
 * state that outlive a screen clear.
 *
 * <p>A keyframe is found where
 * <ul>
 *   <li>the stream resets the terminal itself ({@code ESC c}); or</li>
 *   <li>it clears the whole screen ({@code CSI 2 J}, or {@code CSI J} right after homing the cursor) and
 *       puts the cursor at an absolute position ({@code CSI row;col H}), in either order, with nothing
 *       between them that writes a cell, moves the cursor relatively, or changes tracked state. Cell
 *       contents and the cursor position before that point then cannot show.</li>
 * </ul>
 * The prefix restores what does outlive such a clear: DEC private and ANSI modes, scroll margins,
 * character sets and shifts, the SGR attributes, the cursor style, window titles, default colours,
 * hyperlinks, and whether the alternate screen is on. Each is kept as the last sequence that set it,
 * in the order last set, so the prefix is the terminal's own bytes (SGR: the sequences since the last
 * SGR reset, at most 32).
 *
 * <p>A keyframe stops being usable past a point where the stream reads state from before it:
 * restoring a cursor saved before it ({@code ESC 8}, {@code CSI u}, {@code CSI ?1048l},
 * {@code CSI ?1049l}), or leaving the alternate screen it was taken in (which brings back the main
 * screen's older contents). The listener is told, and the index then looks further back.
 *
 * <p>State that the prefix cannot restore exactly turns keyframes off until the next {@code ESC c}:
 * tab stops set or cleared ({@code ESC H}, {@code CSI g}), left/right margins (mode 69),
 * {@code DECSTR}, {@code DECSCA}, palette changes ({@code OSC 4/5/104/105}), xterm's saved modes
 * ({@code CSI ? s/r}), status lines, and over-long sequences. So does state too large to track: more
 * than {@value #MAX_STATE_ENTRIES} distinct pieces (a mode number is one), or more than
 * {@value #MAX_STATE_BYTES} bytes of them with the SGR sequences. The start of the stream is always a
 * keyframe, so seeking stays exact, only slower.
 *
 * <p>Memory is bounded by construction, whatever the stream: the parser's fixed buffers, at most
 * {@value #MAX_STATE_ENTRIES} pieces of state of {@value #MAX_STATE_BYTES} bytes in all (nothing is kept
 * while the state is unknown), and one {@link Prefix} of at most {@value #MAX_PREFIX_LENGTH} bytes, built
 * once per state and shared by every keyframe taken in that state. {@link #retainedBytes()} says how much.
 *
 * <p>The parsing is its {@link EscapeParser}'s, the state kept its {@link TerminalState}'s; this class says
 * what each sequence means for keyframes. It is longer than most files here (about 480 lines) because that
 * meaning is one table: which sequences write cells, move the cursor relatively, set restorable state,
 * make the state unknown or read state from before a keyframe. Split by sequence family, the rules for the
 * keyframe candidate, which must be read together, would be scattered.
 *
 * <p>Not thread-safe.
 */
public final class TerminalTracker extends EscapeParser {

    /** Told about keyframes and invalidations, in stream order. */
    public interface Listener {
        /**
         * A keyframe was found at terminal byte position {@code position}, usable for targets from
         * {@code activeFrom} on (just past the byte that completed it): the listener may take it with
         * {@code prefix.get()}.
         */
        void keyframe(long position, long activeFrom, java.util.function.Supplier<Prefix> prefix);

        /** Keyframes after {@code threshold} are not usable for targets past {@code at}. */
        void invalidate(long threshold, long at);
    }

    /**
     * The bytes that put a terminal in a tracked state, {@code ESC c} first: immutable, so keyframes
     * taken in one state share one.
     */
    public static final class Prefix {
        /** {@code ESC c} alone: the prefix of the start and of every full reset. */
        public static final Prefix RESET = new Prefix(new byte[] {0x1b, 'c'});

        private final byte[] bytes;

        Prefix(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Its length in bytes, at most {@link #MAX_PREFIX_LENGTH}. */
        public int length() {
            return bytes.length;
        }

        /** Writes its bytes to {@code out}. */
        public void writeTo(ByteArrayOutputStream out) {
            out.write(bytes, 0, bytes.length);
        }

        /** A copy of its bytes. */
        public byte[] toByteArray() {
            return bytes.clone();
        }

        /** What it retains on the heap: its bytes, the array's and its own header. */
        public long retainedBytes() {
            return 16 + align(16 + bytes.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Prefix p && Arrays.equals(bytes, p.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Prefix[" + bytes.length + " bytes]";
        }
    }

    /** The most distinct pieces of state tracked (modes, charsets, titles, ...); more make the state unknown. */
    public static final int MAX_STATE_ENTRIES = 128;
    /** The most bytes of state tracked (the pieces' sequences and the SGR sequences); more make it unknown. */
    public static final int MAX_STATE_BYTES = 6 * 1024;
    /** The longest prefix: {@code ESC c}, the state, {@code CSI 0 m} and the SGR sequences' framing. */
    public static final int MAX_PREFIX_LENGTH = 2 + MAX_STATE_BYTES + 4;
    /** The most SGR sequences kept since the last SGR reset; more make the SGR state unknown. */
    static final int MAX_SGR = 32;

    private final Listener listener;
    private final TerminalState tracked = new TerminalState();

    // state the prefix does not replay but keyframes depend on
    private boolean alt;
    private boolean decom;
    private boolean lrMargins;
    private long altEnteredAt = -1;
    private final long[] savedAt = {-1, -1};

    // keyframe candidate
    private long completedAt;
    private long candidate = -1;
    private boolean cleared;
    private boolean homed;
    private boolean homedAtOrigin;

    /** A tracker that tells {@code listener}; position 0 (the stream's start) is a keyframe by definition. */
    public TerminalTracker(Listener listener) {
        this.listener = listener;
    }

    /** Whether keyframes can be found at present (no state the prefix cannot restore). */
    public boolean exact() {
        return tracked.exact();
    }

    // ---- what the parser found

    @Override
    void printable() {
        candidate = -1;
    }

    @Override
    void execute(int c) {
        switch (c) {
            case 0x00, 0x07 -> {
                // NUL, BEL: nothing on the screen
            }
            case 0x0e, 0x0f -> set("GL", new byte[] {(byte) c}); // SO, SI
            default -> candidate = -1; // CAN, SUB; BS, HT, LF, VT, FF, CR, ...: cursor-relative
        }
    }

    @Override
    void csiIgnored(int c) {
        candidate = -1;
        if (c == 'm' || c == 'h' || c == 'l' || c == 'r') {
            makeUnknown();
        }
    }

    @Override
    void escDispatch(int f, int inter, long at) {
        completedAt = at;
        if (inter == 0) {
            switch (f) {
                case 'c' -> reset();
                case '7' -> save();
                case '8' -> restore(at);
                case '=', '>' -> set("KP", new byte[] {0x1b, (byte) f});
                case 'n', 'o' -> set("GL", new byte[] {0x1b, (byte) f});
                case '~', '}', '|' -> set("GR", new byte[] {0x1b, (byte) f});
                case 'H' -> makeUnknown(); // HTS: a tab stop at the (unknown) cursor column
                case '\\' -> {
                    // ST after a string
                }
                default -> candidate = -1;
            }
            return;
        }
        if (inter <= 0xff) {
            switch (inter) {
                case '(', ')', '*', '+', '-', '.', '/' -> {
                    set("G" + (char) inter, new byte[] {0x1b, (byte) inter, (byte) f});
                    return;
                }
                case '%' -> {
                    set("CS", new byte[] {0x1b, '%', (byte) f});
                    return;
                }
                default -> {
                }
            }
        } else if (inter <= 0xffff && "()*+-./".indexOf(inter >> 8) >= 0) {
            set("G" + (char) (inter >> 8), new byte[] {0x1b, (byte) (inter >> 8), (byte) inter, (byte) f});
            return;
        }
        candidate = -1; // DECALN, line attributes, ...
    }

    @Override
    void csiDispatch(int f, long at) {
        completedAt = at;
        int inter = intermediates();
        if (privateMarker() == 0 && inter == 0) {
            switch (f) {
                case 'm' -> sgr();
                case 'J' -> {
                    int p = param(0, 0);
                    if (p == 2) {
                        clear();
                    } else if (p == 0 && candidate >= 0 && homed && homedAtOrigin && !decom && !cleared) {
                        clear();
                    } else if (p != 3) {
                        candidate = -1;
                    }
                }
                case 'H', 'f' -> home(param(0, 1) <= 1 && param(1, 1) <= 1);
                case 'r' -> set("STBM", seq('r'));
                case 'h', 'l' -> {
                    for (int k = 0; k < paramCount(); k++) {
                        int n = param(k, 0);
                        set("M" + n, ("\u001b[" + n + (char) f).getBytes(StandardCharsets.US_ASCII));
                    }
                }
                case 's' -> {
                    if (lrMargins) {
                        makeUnknown();
                    } else {
                        save();
                    }
                }
                case 'u' -> restore(at);
                case 'g' -> makeUnknown();
                case 't', 'n', 'c' -> {
                    // window operations, reports, device attributes: nothing on the screen
                }
                default -> candidate = -1;
            }
        } else if (privateMarker() == '?' && inter == 0) {
            switch (f) {
                case 'h', 'l' -> decModes(f == 'h', at);
                case 'J' -> {
                    if (param(0, 0) == 2) {
                        clear();
                    } else {
                        candidate = -1;
                    }
                }
                case 's', 'r' -> makeUnknown();
                case 'n' -> {
                    // report
                }
                default -> candidate = -1;
            }
        } else if (privateMarker() != 0 && privateMarker() != '?') {
            // CSI > / = / <: xterm key modifiers, secondary attributes, keyboard protocols: nothing on the screen
        } else if (privateMarker() == 0 && inter == ' ' && f == 'q') {
            set("CURSOR", seq('q'));
        } else if (inter == '!' || inter == '"' || (inter == '$' && (f == '}' || f == '~'))) {
            makeUnknown(); // DECSTR, DECSCA, DECSCL, status line
        } else if (inter == '$' && f == 'p') {
            // DECRQM: a query
        } else {
            candidate = -1;
        }
    }

    private void decModes(boolean on, long at) {
        for (int k = 0; k < paramCount(); k++) {
            int n = param(k, 0);
            switch (n) {
                case 1049, 1047, 47 -> {
                    if (on && !alt) {
                        if (n == 1049) {
                            savedAt[0] = seqStart();
                        }
                        alt = true;
                        altEnteredAt = seqStart();
                        set("ALT", "\u001b[?1049h".getBytes(StandardCharsets.US_ASCII));
                    } else if (!on && alt) {
                        alt = false;
                        listener.invalidate(altEnteredAt, at);
                        if (n == 1049 && savedAt[0] >= 0) {
                            listener.invalidate(savedAt[0], at);
                        }
                        tracked.remove("ALT");
                        candidate = -1;
                    }
                }
                case 1048 -> {
                    if (on) {
                        save();
                    } else {
                        restore(at);
                    }
                }
                case 69 -> {
                    if (on) {
                        lrMargins = true;
                        makeUnknown();
                    } else {
                        lrMargins = false;
                        set("?69", "\u001b[?69l".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                default -> {
                    if (n == 6) {
                        decom = on;
                    }
                    set("?" + n, ("\u001b[?" + n + (on ? 'h' : 'l')).getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
    }

    @Override
    void oscDispatch(byte[] osc, int oscLength) {
        int n = 0;
        int i = 0;
        while (i < oscLength && osc[i] >= '0' && osc[i] <= '9' && n < 10000) {
            n = n * 10 + (osc[i] - '0');
            i++;
        }
        if (i == 0) {
            return;
        }
        String key;
        switch (n) {
            case 0, 1, 2, 8, 10, 11, 12 -> key = "OSC" + n;
            case 110, 111, 112 -> key = "OSC" + (n - 100);
            case 4, 5, 104, 105 -> {
                makeUnknown();
                return;
            }
            default -> {
                return; // clipboard, working directory, notifications: nothing on the screen
            }
        }
        byte[] v = new byte[oscLength + 3];
        v[0] = 0x1b;
        v[1] = ']';
        System.arraycopy(osc, 0, v, 2, oscLength);
        v[v.length - 1] = 0x07;
        set(key, v);
    }

    @Override
    void stringEnd(boolean dcs) {
        if (dcs) {
            candidate = -1; // DCS may draw (sixel) or redefine things
        }
    }

    // ---- state

    private void set(String key, byte[] value) {
        if (tracked.set(key, value)) {
            candidate = -1;
        }
    }

    private void sgr() {
        tracked.sgr(paramBytes(), paramLength());
        candidate = -1;
    }

    private void makeUnknown() {
        tracked.makeUnknown();
        candidate = -1;
    }

    private void reset() {
        tracked.reset();
        alt = false;
        decom = false;
        lrMargins = false;
        altEnteredAt = -1;
        savedAt[0] = -1;
        savedAt[1] = -1;
        candidate = -1;
        listener.keyframe(seqStart(), completedAt + 1, () -> Prefix.RESET);
    }

    private void save() {
        savedAt[alt ? 1 : 0] = seqStart();
        candidate = -1;
    }

    private void restore(long at) {
        long saved = savedAt[alt ? 1 : 0];
        if (saved >= 0) {
            listener.invalidate(saved, at);
        }
        candidate = -1;
    }

    private void clear() {
        if (candidate < 0) {
            startCandidate();
        }
        cleared = true;
        maybeKeyframe();
    }

    private void home(boolean origin) {
        if (candidate < 0) {
            startCandidate();
        }
        homed = true;
        homedAtOrigin = origin;
        maybeKeyframe();
    }

    private void startCandidate() {
        candidate = seqStart();
        cleared = false;
        homed = false;
        homedAtOrigin = false;
    }

    private void maybeKeyframe() {
        if (cleared && homed) {
            long at = candidate;
            candidate = -1;
            if (exact()) {
                listener.keyframe(at, completedAt + 1, this::prefix);
            }
        }
    }

    /**
     * The bytes that put a terminal in the tracked state: {@code ESC c}, then each piece of state; the same
     * object as long as the state does not change.
     */
    public Prefix prefix() {
        return tracked.prefix();
    }

    /** What this tracker retains on the heap, in bytes (an upper bound, with compressed references). */
    public long retainedBytes() {
        return 128 // the tracker's own fields
                + align(16 + MAX_PARAMS) + align(16 + MAX_OSC) + 16 + 16 // params, osc, savedAt
                // the map and its table: at most MAX_STATE_ENTRIES entries need at most 256 slots (load factor 0.75)
                + 56 + align(16 + 4L * 256)
                // the SGR list and its array: at most MAX_SGR entries, an array of at most 33
                + 24 + align(16 + 4L * 33)
                + tracked.retainedBytes();
    }

    /** The most {@link #retainedBytes()} can say, whatever the stream. */
    public static final long MAX_RETAINED_BYTES = 128 + align(16 + MAX_PARAMS) + align(16 + MAX_OSC) + 32
            + 56 + align(16 + 4L * 256) + 24 + align(16 + 4L * 33)
            + MAX_STATE_ENTRIES * (TerminalState.ENTRY_OVERHEAD + 8L + 16 + 7) + MAX_SGR * (16L + 7) + MAX_STATE_BYTES
            + 16 + align(16 + MAX_PREFIX_LENGTH);

    static long align(long n) {
        return (n + 7) & ~7L;
    }
}
