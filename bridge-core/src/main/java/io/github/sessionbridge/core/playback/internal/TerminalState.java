package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.playback.internal.TerminalTracker.Prefix;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The terminal state a {@link TerminalTracker} keeps for its keyframes' prefixes: each piece of state that
 * outlives a screen clear as the last sequence that set it, in the order last set, and the SGR sequences
 * since the last SGR reset; or <i>unknown</i>, when it holds state a prefix cannot restore (then nothing is
 * kept until the next reset). Bounded: {@link TerminalTracker#MAX_STATE_ENTRIES} pieces,
 * {@link TerminalTracker#MAX_STATE_BYTES} bytes with the SGR sequences, {@link TerminalTracker#MAX_SGR}
 * of those.
 *
 * <p>Not thread-safe.
 */
final class TerminalState {
    private static final byte[] RIS = {0x1b, 'c'};
    /** Per piece of state beyond its sequence's bytes: a map entry, its key string (as LinkedHashMap, String). */
    static final int ENTRY_OVERHEAD = 40 + 24 + 24 + 16 + 16;

    private final Map<String, byte[]> modes = new LinkedHashMap<>();
    private int stateBytes;
    private String lastKey; // the key last set, if it is still the map's last
    private final List<byte[]> sgr = new ArrayList<>();
    private Prefix prefix = Prefix.RESET;
    private boolean prefixStale;
    private boolean sgrUnknown;
    private boolean unknown;

    /** Whether keyframes can be found at present (no state the prefix cannot restore). */
    boolean exact() {
        return !unknown && !sgrUnknown;
    }

    /**
     * Sets piece {@code key} to the sequence {@code value}.
     *
     * @return true when that breaks a keyframe candidate: the state is unknown, got too large, or changed
     */
    boolean set(String key, byte[] value) {
        if (unknown) {
            return true; // nothing is kept until the next reset: no keyframe can use it
        }
        byte[] old = modes.remove(key);
        if (old != null) {
            stateBytes -= old.length;
        }
        if (modes.size() >= TerminalTracker.MAX_STATE_ENTRIES || stateBytes + value.length > TerminalTracker.MAX_STATE_BYTES) {
            makeUnknown();
            return true;
        }
        modes.put(key, value);
        stateBytes += value.length;
        boolean changed = old == null || !Arrays.equals(old, value);
        if (changed) {
            prefixStale = true;
        } else if (!key.equals(lastKey)) {
            prefixStale = true; // the same value, but now last set
        }
        lastKey = key;
        return changed;
    }

    void remove(String key) {
        byte[] old = modes.remove(key);
        if (old != null) {
            stateBytes -= old.length;
            prefixStale = true;
            if (key.equals(lastKey)) {
                lastKey = null;
            }
        }
    }

    /** An SGR sequence with parameter bytes {@code params[0, length)}. */
    void sgr(byte[] params, int length) {
        boolean resets = length == 0 || params[0] == ';' || params[0] == ':' || (params[0] == '0' && (length == 1
                || params[1] == ';' || params[1] == ':'));
        if (resets) {
            clearSgr();
            sgrUnknown = false;
        } else if (sgr.size() >= TerminalTracker.MAX_SGR || stateBytes + length + 3 > TerminalTracker.MAX_STATE_BYTES) {
            sgrUnknown = true;
            clearSgr();
        }
        if (!sgrUnknown && !unknown && length > 0) {
            sgr.add(Arrays.copyOf(params, length));
            stateBytes += length + 3;
        }
        prefixStale = true;
    }

    private void clearSgr() {
        for (byte[] p : sgr) {
            stateBytes -= p.length + 3;
        }
        sgr.clear();
    }

    /** State a prefix cannot restore: no keyframe until the next reset, which starts from nothing, so nothing is kept. */
    void makeUnknown() {
        unknown = true;
        forget();
    }

    /** A full reset ({@code ESC c}): nothing tracked, everything known. */
    void reset() {
        forget();
        sgrUnknown = false;
        unknown = false;
    }

    private void forget() {
        modes.clear();
        sgr.clear();
        stateBytes = 0;
        lastKey = null;
        prefix = Prefix.RESET;
        prefixStale = false;
    }

    /** The bytes that put a terminal in this state; the same object as long as the state does not change. */
    Prefix prefix() {
        if (prefixStale) {
            prefix = buildPrefix();
            prefixStale = false;
        }
        return prefix;
    }

    private Prefix buildPrefix() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.writeBytes(RIS);
        for (byte[] v : modes.values()) {
            out.writeBytes(v);
        }
        if (!sgr.isEmpty()) {
            out.writeBytes(new byte[] {0x1b, '[', '0', 'm'});
            for (byte[] p : sgr) {
                out.write(0x1b);
                out.write('[');
                out.writeBytes(p);
                out.write('m');
            }
        }
        return out.size() == RIS.length ? Prefix.RESET : new Prefix(out.toByteArray());
    }

    /** What the pieces, the SGR sequences and the prefix retain on the heap beyond the fixed containers. */
    long retainedBytes() {
        long r = 0;
        for (Map.Entry<String, byte[]> e : modes.entrySet()) {
            r += ENTRY_OVERHEAD + e.getKey().length() + TerminalTracker.align(16 + e.getValue().length);
        }
        for (byte[] p : sgr) {
            r += TerminalTracker.align(16 + p.length);
        }
        if (prefix != Prefix.RESET) {
            r += prefix.retainedBytes();
        }
        return r;
    }
}
