package io.github.sessionbridge.core.audit;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.protocol.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One entry of the audit trail: who watched which session from when to when, who kicked it and why,
 * who replayed what, and who was turned away. Immutable; the set is closed, so a sink can
 * {@code switch} over it exhaustively.
 *
 * <p>Every event has a unique {@linkplain #id() id} (a random UUID), the wall-clock {@linkplain #at() time}
 * it happened and the {@linkplain #caller() caller} it is about. An event that closes what another opened
 * ({@link WatchEnded}, {@link KickAnswered}, {@link PlaybackSeeked}, {@link PlaybackEnded}) names the id
 * of the opening event in {@code startId}, so a reader can pair them without keeping state.
 *
 * <p>Exactly once each, on every path: a monitor the access policy allowed gives one {@link WatchStarted}
 * and, whatever ends it (the C server, the host's {@code close()}, a failed send, a shutdown), one
 * {@link WatchEnded}; a kick the policy allowed gives one {@link KickRequested} and one {@link KickAnswered};
 * a monitor or kick the policy denied (or the audit trail could not take) gives one {@link AccessDenied}
 * and nothing else; an audited playback gives one {@link PlaybackOpened}, a {@link PlaybackSeeked} per
 * completed seek or skip, and one {@link PlaybackEnded}.
 *
 * <p>Text the audited operator controls never appears here: session ids are validated before any event,
 * and the kick reason is the caller's (the auditor's) text, checked by
 * {@link io.github.sessionbridge.core.SessionBridge#kick(Caller, String, String, String)}.
 */
public sealed interface AuditEvent {

    /**
     * The event's id.
     *
     * @return a random UUID in its usual 36-character form, unique to this event
     */
    String id();

    /**
     * When it happened.
     *
     * @return the wall-clock instant of the event
     */
    Instant at();

    /**
     * Who it is about.
     *
     * @return the caller that asked for the watch, kick or playback
     */
    Caller caller();

    /**
     * A new event id.
     *
     * @return a random UUID as a string
     */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * A monitor began: the access policy allowed it and its C connection is being made.
     *
     * @param id        the event id
     * @param at        when {@code monitor} registered it
     * @param caller    who watches, and from which browser connection
     * @param bridgeId  the bridge's {@link io.github.sessionbridge.core.Bridge#id() id}, as in the logs
     * @param opsType   the operations type
     * @param sessionId the session watched
     */
    record WatchStarted(String id, Instant at, Caller caller, long bridgeId, String opsType, String sessionId)
            implements AuditEvent {
        /**
         * Checks the components are present.
         *
         * @param id        the event id
         * @param at        when it began
         * @param caller    who watches
         * @param bridgeId  the bridge's id
         * @param opsType   the operations type
         * @param sessionId the session watched
         * @throws NullPointerException if an object component is null
         */
        public WatchStarted {
            Events.require(id, at, caller, opsType, sessionId);
        }
    }

    /**
     * A monitor ended: its client has had its last call.
     *
     * @param id        the event id
     * @param at        when it ended
     * @param caller    who watched
     * @param startId   the id of its {@link WatchStarted}
     * @param bridgeId  the bridge's id
     * @param opsType   the operations type
     * @param sessionId the session watched
     * @param startedAt when the watch was asked for ({@link io.github.sessionbridge.core.Bridge#openedAt()})
     * @param reason    why it ended ({@link EndReason#CLIENT_GONE} when the browser left,
     *                  {@link EndReason#SHUTDOWN} when the bridge tier closed, ...)
     * @param records   records handed to the client
     * @param bytes     content bytes of those records
     */
    record WatchEnded(String id, Instant at, Caller caller, String startId, long bridgeId, String opsType,
                      String sessionId, Instant startedAt, EndReason reason, long records, long bytes)
            implements AuditEvent {
        /**
         * Checks the components are present.
         *
         * @param id        the event id
         * @param at        when it ended
         * @param caller    who watched
         * @param startId   the id of its {@link WatchStarted}
         * @param bridgeId  the bridge's id
         * @param opsType   the operations type
         * @param sessionId the session watched
         * @param startedAt when the watch was asked for
         * @param reason    why it ended
         * @param records   records handed to the client
         * @param bytes     content bytes of those records
         * @throws NullPointerException if an object component is null
         */
        public WatchEnded {
            Events.require(id, at, caller, startId, opsType, sessionId, startedAt, reason);
        }
    }

    /**
     * A kick was asked for and allowed: it is on its way to the C server.
     *
     * @param id        the event id
     * @param at        when it was asked for
     * @param caller    who kicks
     * @param opsType   the operations type
     * @param sessionId the session to terminate
     * @param reason    the reason the caller gave, if any
     */
    record KickRequested(String id, Instant at, Caller caller, String opsType, String sessionId,
                         Optional<String> reason) implements AuditEvent {
        /**
         * Checks the components are present.
         *
         * @param id        the event id
         * @param at        when it was asked for
         * @param caller    who kicks
         * @param opsType   the operations type
         * @param sessionId the session to terminate
         * @param reason    the reason the caller gave, if any
         * @throws NullPointerException if a component is null
         */
        public KickRequested {
            Events.require(id, at, caller, opsType, sessionId, reason);
        }
    }

    /**
     * A kick finished: the C server answered, or it failed (timeout, shutdown, ...).
     *
     * @param id        the event id
     * @param at        when it finished
     * @param caller    who kicked
     * @param startId   the id of its {@link KickRequested}
     * @param opsType   the operations type
     * @param sessionId the session to terminate
     * @param reason    the reason the caller gave, if any
     * @param outcome   kicked, refused, or failed and why
     */
    record KickAnswered(String id, Instant at, Caller caller, String startId, String opsType, String sessionId,
                        Optional<String> reason, KickOutcome outcome) implements AuditEvent {
        /**
         * Checks the components are present.
         *
         * @param id        the event id
         * @param at        when it finished
         * @param caller    who kicked
         * @param startId   the id of its {@link KickRequested}
         * @param opsType   the operations type
         * @param sessionId the session to terminate
         * @param reason    the reason the caller gave, if any
         * @param outcome   what it came to
         * @throws NullPointerException if a component is null
         */
        public KickAnswered {
            Events.require(id, at, caller, startId, opsType, sessionId, reason, outcome);
        }
    }

    /** Why a request was turned away. */
    enum Denial {
        /** The access policy answered {@code false}. */
        DENIED,
        /** The access policy threw instead of answering (logged); that denies. */
        POLICY_FAILED,
        /** The audit trail is full ({@link AuditOptions.Overflow#BACK_PRESSURE}): nothing unaudited is allowed. */
        AUDIT_FULL
    }

    /**
     * A monitor or kick was turned away before any C connection was opened.
     *
     * @param id        the event id
     * @param at        when it was turned away
     * @param caller    who asked
     * @param action    what was asked for
     * @param opsType   the operations type
     * @param sessionId the session it was for
     * @param denial    what turned it away
     * @param reason    the kick reason the caller gave, if any (always empty for a monitor)
     */
    record AccessDenied(String id, Instant at, Caller caller, Action action, String opsType, String sessionId,
                        Denial denial, Optional<String> reason) implements AuditEvent {
        /**
         * Checks the components are present.
         *
         * @param id        the event id
         * @param at        when it was turned away
         * @param caller    who asked
         * @param action    what was asked for
         * @param opsType   the operations type
         * @param sessionId the session it was for
         * @param denial    what turned it away
         * @param reason    the kick reason, if any
         * @throws NullPointerException if a component is null
         */
        public AccessDenied {
            Events.require(id, at, caller, action, opsType, sessionId, denial, reason);
        }
    }

    /**
     * A playback began.
     *
     * @param id       the event id
     * @param at       when it began
     * @param caller   who replays
     * @param target   the recording file, or the session a C-served timeline streams
     * @param position where it starts
     */
    record PlaybackOpened(String id, Instant at, Caller caller, PlaybackTarget target, Duration position)
            implements AuditEvent {
        /**
         * Checks the components are present.
         *
         * @param id       the event id
         * @param at       when it began
         * @param caller   who replays
         * @param target   what is replayed
         * @param position where it starts
         * @throws NullPointerException if a component is null
         */
        public PlaybackOpened {
            Events.require(id, at, caller, target, position);
        }
    }

    /**
     * A seek (or skip) of a playback completed.
     *
     * @param id      the event id
     * @param at      when it completed
     * @param caller  who replays
     * @param startId the id of its {@link PlaybackOpened}
     * @param target  what is replayed
     * @param from    the position before the seek
     * @param to      the position it reached
     */
    record PlaybackSeeked(String id, Instant at, Caller caller, String startId, PlaybackTarget target,
                          Duration from, Duration to) implements AuditEvent {
        /**
         * Checks the components are present.
         *
         * @param id      the event id
         * @param at      when it completed
         * @param caller  who replays
         * @param startId the id of its {@link PlaybackOpened}
         * @param target  what is replayed
         * @param from    the position before
         * @param to      the position reached
         * @throws NullPointerException if a component is null
         */
        public PlaybackSeeked {
            Events.require(id, at, caller, startId, target, from, to);
        }
    }

    /**
     * A playback ended: its client has had its last call.
     *
     * @param id        the event id
     * @param at        when it ended
     * @param caller    who replayed
     * @param startId   the id of its {@link PlaybackOpened}
     * @param target    what was replayed
     * @param startedAt when it began
     * @param position  the position it ended at
     * @param reason    why it ended ({@link EndReason#END} at the end of the recording,
     *                  {@link EndReason#CLIENT_GONE} when the browser left, ...)
     */
    record PlaybackEnded(String id, Instant at, Caller caller, String startId, PlaybackTarget target,
                         Instant startedAt, Duration position, EndReason reason) implements AuditEvent {
        /**
         * Checks the components are present.
         *
         * @param id        the event id
         * @param at        when it ended
         * @param caller    who replayed
         * @param startId   the id of its {@link PlaybackOpened}
         * @param target    what was replayed
         * @param startedAt when it began
         * @param position  the position it ended at
         * @param reason    why it ended
         * @throws NullPointerException if a component is null
         */
        public PlaybackEnded {
            Events.require(id, at, caller, startId, target, startedAt, position, reason);
        }
    }
}
