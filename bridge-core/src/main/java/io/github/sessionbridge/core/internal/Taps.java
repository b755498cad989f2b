package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeTap;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.protocol.SessionRecord;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The taps on one bridge (see {@link BridgeTap}): a tap that throws is logged and dropped from this bridge,
 * the bridge and the other taps go on. Called on the bridge's event thread only, after {@link #open}.
 */
final class Taps {
    private static final Logger log = LoggerFactory.getLogger(Taps.class);
    private static final BridgeTap.Session[] NO_SESSIONS = new BridgeTap.Session[0];

    /** No tap. */
    static final Taps NONE = new Taps(null, NO_SESSIONS);

    private final Bridge bridge;
    private BridgeTap.Session[] sessions;

    private Taps(Bridge bridge, BridgeTap.Session[] sessions) {
        this.bridge = bridge;
        this.sessions = sessions;
    }

    /** Asks every tap about {@code bridge} (on the thread opening it). */
    static Taps open(List<BridgeTap> taps, Bridge bridge) {
        if (taps.isEmpty()) {
            return NONE;
        }
        BridgeTap.Session[] s = new BridgeTap.Session[taps.size()];
        int n = 0;
        for (BridgeTap tap : taps) {
            try {
                BridgeTap.Session session = tap.open(bridge);
                if (session != null) {
                    s[n++] = session;
                }
            } catch (Throwable e) {
                log.error("[bridge {} sid={}] the tap {} threw on open; it does not see this bridge", bridge.id(),
                        bridge.sessionId(), tap, e);
                Failures.rethrowIfFatal(e);
            }
        }
        return n == 0 ? NONE : new Taps(bridge, Arrays.copyOf(s, n));
    }

    void record(SessionRecord r) {
        BridgeTap.Session[] s = sessions;
        for (int i = 0; i < s.length; i++) {
            try {
                s[i].record(r);
            } catch (Throwable e) {
                drop(s[i], "record", e);
            }
        }
    }

    void end(EndReason reason) {
        BridgeTap.Session[] s = sessions;
        sessions = NO_SESSIONS;
        for (BridgeTap.Session session : s) {
            try {
                session.end(reason);
            } catch (Throwable e) {
                log.error("[bridge {} sid={}] the tap session {} threw on end", bridge.id(), bridge.sessionId(), session, e);
                Failures.rethrowIfFatal(e);
            }
        }
    }

    private void drop(BridgeTap.Session session, String call, Throwable e) {
        log.error("[bridge {} sid={}] the tap session {} threw on {}; it no longer sees this bridge", bridge.id(),
                bridge.sessionId(), session, call, e);
        BridgeTap.Session[] s = sessions;
        BridgeTap.Session[] kept = new BridgeTap.Session[Math.max(0, s.length - 1)];
        int n = 0;
        for (BridgeTap.Session x : s) {
            if (x != session && n < kept.length) {
                kept[n++] = x;
            }
        }
        sessions = n == 0 ? NO_SESSIONS : Arrays.copyOf(kept, n);
        Failures.rethrowIfFatal(e);
    }

    /** Closes every tap (when the {@code SessionBridge} closes). */
    static void closeAll(List<BridgeTap> taps) {
        for (BridgeTap tap : taps) {
            try {
                tap.close();
            } catch (Throwable e) {
                log.error("the tap {} threw on close", tap, e);
                Failures.rethrowIfFatal(e);
            }
        }
    }
}
