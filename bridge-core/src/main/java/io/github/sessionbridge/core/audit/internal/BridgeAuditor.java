package io.github.sessionbridge.core.audit.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.core.audit.AuditTrail;
import io.github.sessionbridge.protocol.Action;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a {@code SessionBridge} tells its audit trail, and the pairing of each opening event with its one
 * closing event: a watch or kick that was audited as started is audited as ended exactly once, one that was
 * not (denied, refused) never.
 */
public final class BridgeAuditor {
    /** No audit trail: every call does nothing and every request is admitted. */
    public static final BridgeAuditor NONE = new BridgeAuditor(null);

    private final AuditTrail trail;
    private final Map<Long, AuditEvent.WatchStarted> watches = new ConcurrentHashMap<>();
    private final Map<Object, AuditEvent.KickRequested> kicks = new ConcurrentHashMap<>();

    private BridgeAuditor(AuditTrail trail) {
        this.trail = trail;
    }

    /** An auditor for {@code trail}, or {@link #NONE} if it is empty. */
    public static BridgeAuditor of(Optional<AuditTrail> trail) {
        return trail.map(BridgeAuditor::new).orElse(NONE);
    }

    /** A monitor is about to open: {@code false} if the trail refuses it (then nothing was recorded). */
    public boolean watchStarted(Bridge b) {
        if (trail == null) {
            return true;
        }
        AuditEvent.WatchStarted e = new AuditEvent.WatchStarted(AuditEvent.newId(), Instant.now(), b.caller(), b.id(),
                b.opsType(), b.sessionId());
        if (!trail.admit(e)) {
            return false;
        }
        watches.put(b.id(), e);
        return true;
    }

    /** A monitor ended; recorded only if its start was. */
    public void watchEnded(Bridge b, EndReason reason, long records, long bytes) {
        if (trail == null) {
            return;
        }
        AuditEvent.WatchStarted s = watches.remove(b.id());
        if (s != null) {
            trail.record(new AuditEvent.WatchEnded(AuditEvent.newId(), Instant.now(), s.caller(), s.id(), s.bridgeId(),
                    s.opsType(), s.sessionId(), b.openedAt(), reason, records, bytes));
        }
    }

    /** A kick, identified by {@code key}, is about to start: {@code false} if the trail refuses it. */
    public boolean kickRequested(Object key, Caller caller, String opsType, String sessionId, Optional<String> reason) {
        if (trail == null) {
            return true;
        }
        AuditEvent.KickRequested e = new AuditEvent.KickRequested(AuditEvent.newId(), Instant.now(), caller, opsType,
                sessionId, reason);
        if (!trail.admit(e)) {
            return false;
        }
        kicks.put(key, e);
        return true;
    }

    /** A kick finished; recorded only if its request was. */
    public void kickAnswered(Object key, KickOutcome outcome) {
        if (trail == null) {
            return;
        }
        AuditEvent.KickRequested r = kicks.remove(key);
        if (r != null) {
            trail.record(new AuditEvent.KickAnswered(AuditEvent.newId(), Instant.now(), r.caller(), r.id(), r.opsType(),
                    r.sessionId(), r.reason(), outcome));
        }
    }

    /** A monitor or kick was turned away. */
    public void denied(Caller caller, Action action, String opsType, String sessionId, AuditEvent.Denial denial,
                       Optional<String> reason) {
        if (trail != null) {
            trail.record(new AuditEvent.AccessDenied(AuditEvent.newId(), Instant.now(), caller, action, opsType,
                    sessionId, denial, reason));
        }
    }
}
