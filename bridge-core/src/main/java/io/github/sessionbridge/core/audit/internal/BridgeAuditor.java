package io.github.sessionbridge.core.audit.internal;

import io.github.sessionbridge.core.AccessRequest;
import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.core.audit.PlaybackTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The events of a bridge tier, built from its {@link io.github.sessionbridge.core.BridgeAudit} calls: each
 * opening event remembered until its one closing event, so a watch, kick or timeline audited as started is
 * audited as ended exactly once, and one that was not (denied, refused) never.
 */
public final class BridgeAuditor {
    private final AuditQueue queue;
    private final Map<Long, AuditEvent.WatchStarted> watches = new ConcurrentHashMap<>();
    private final Map<Object, AuditEvent.KickRequested> kicks = new ConcurrentHashMap<>();
    private final Map<Bridge, AuditEvent.PlaybackOpened> timelines = new ConcurrentHashMap<>();

    /** Auditor recording into {@code queue}. */
    public BridgeAuditor(AuditQueue queue) {
        this.queue = queue;
    }

    /** A monitor is about to open: {@code false} if the trail refuses it (the refusal is recorded). */
    public boolean watchStarted(Bridge b) {
        AuditEvent.WatchStarted e = new AuditEvent.WatchStarted(AuditEvent.newId(), Instant.now(), b.caller(), b.id(),
                b.opsType(), b.sessionId());
        if (!queue.admit(e)) {
            refused(b.caller(), io.github.sessionbridge.protocol.Action.MONITOR, b.opsType(), b.sessionId(), Optional.empty());
            return false;
        }
        watches.put(b.id(), e);
        return true;
    }

    /** A monitor ended; recorded only if its start was. */
    public void watchEnded(Bridge b, EndReason reason, long records, long bytes) {
        AuditEvent.WatchStarted s = watches.remove(b.id());
        if (s != null) {
            queue.record(new AuditEvent.WatchEnded(AuditEvent.newId(), Instant.now(), s.caller(), s.id(), s.bridgeId(),
                    s.opsType(), s.sessionId(), b.openedAt(), reason, records, bytes));
        }
    }

    /** A kick, identified by {@code key}, is about to start: {@code false} if the trail refuses it. */
    public boolean kickRequested(Object key, Caller caller, String opsType, String sessionId, Optional<String> reason) {
        AuditEvent.KickRequested e = new AuditEvent.KickRequested(AuditEvent.newId(), Instant.now(), caller, opsType,
                sessionId, reason);
        if (!queue.admit(e)) {
            refused(caller, io.github.sessionbridge.protocol.Action.KICK, opsType, sessionId, reason);
            return false;
        }
        kicks.put(key, e);
        return true;
    }

    /** A kick finished; recorded only if its request was. */
    public void kickAnswered(Object key, KickOutcome outcome) {
        AuditEvent.KickRequested r = kicks.remove(key);
        if (r != null) {
            queue.record(new AuditEvent.KickAnswered(AuditEvent.newId(), Instant.now(), r.caller(), r.id(), r.opsType(),
                    r.sessionId(), r.reason(), outcome));
        }
    }

    /** The access policy turned a request away. */
    public void denied(AccessRequest request, boolean policyFailed, Optional<String> reason) {
        queue.record(new AuditEvent.AccessDenied(AuditEvent.newId(), Instant.now(), request.caller(), request.action(),
                request.opsType(), request.sessionId(),
                policyFailed ? AuditEvent.Denial.POLICY_FAILED : AuditEvent.Denial.DENIED, reason));
    }

    private void refused(Caller caller, io.github.sessionbridge.protocol.Action action, String opsType, String sessionId,
                         Optional<String> reason) {
        queue.record(new AuditEvent.AccessDenied(AuditEvent.newId(), Instant.now(), caller, action, opsType, sessionId,
                AuditEvent.Denial.AUDIT_FULL, reason));
    }

    /** A timeline is about to open: {@code false} if the trail refuses it. */
    public boolean playbackStarted(Bridge timeline, Duration position) {
        AuditEvent.PlaybackOpened e = new AuditEvent.PlaybackOpened(AuditEvent.newId(), Instant.now(), timeline.caller(),
                new PlaybackTarget.Session(timeline.opsType(), timeline.sessionId()), position);
        if (!queue.admit(e)) {
            return false;
        }
        timelines.put(timeline, e);
        return true;
    }

    /** A seek of a timeline completed; recorded only if its opening was. */
    public void playbackSeeked(Bridge timeline, Duration from, Duration to) {
        AuditEvent.PlaybackOpened o = timelines.get(timeline);
        if (o != null) {
            queue.record(new AuditEvent.PlaybackSeeked(AuditEvent.newId(), Instant.now(), o.caller(), o.id(), o.target(),
                    from, to));
        }
    }

    /** A timeline ended; recorded only if its opening was. */
    public void playbackEnded(Bridge timeline, EndReason reason, Duration position) {
        AuditEvent.PlaybackOpened o = timelines.remove(timeline);
        if (o != null) {
            queue.record(new AuditEvent.PlaybackEnded(AuditEvent.newId(), Instant.now(), o.caller(), o.id(), o.target(),
                    o.at(), position, reason));
        }
    }
}
