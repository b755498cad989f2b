package io.github.sessionbridge.core;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link SessionBridge} tells its audit trail: the SPI behind
 * {@link BridgeConfig.Builder#audit}, implemented by {@link io.github.sessionbridge.core.audit.AuditTrail}
 * (hosts pass one of those; this interface lets the core name no audit type). It pairs each opening with
 * its one closing: a watch, kick or playback reported as started is reported as ended exactly once, one
 * that was denied or refused never.
 *
 * <p><b>Threads.</b> The {@code ...Started}/{@code ...Requested} methods and {@link #denied} run on the
 * thread that called the {@link SessionBridge} method; they may wait (for room in the trail) and return
 * {@code false} to refuse the request. The others run on I/O threads and must never block.
 */
public interface BridgeAudit {

    /** No audit: every request is admitted, nothing is recorded. */
    BridgeAudit NONE = new BridgeAudit() {
    };

    /**
     * A monitor the access policy allowed is about to open.
     *
     * @param bridge the bridge: its id, caller, ops type, session id and opening time are set
     * @return {@code true} to go ahead; {@code false} to refuse it (it then ends with
     *         {@link EndReason#FORBIDDEN}, no connection opened, and {@link #watchEnded} is not called)
     */
    default boolean watchStarted(Bridge bridge) {
        return true;
    }

    /**
     * A monitor ended: its client has had its last call. Called for every bridge, also those never
     * {@linkplain #watchStarted started} (denied ones): those are to be ignored.
     *
     * @param bridge  the bridge
     * @param reason  why it ended
     * @param records records handed to the client
     * @param bytes   content bytes of those records
     */
    default void watchEnded(Bridge bridge, EndReason reason, long records, long bytes) {
    }

    /**
     * A kick the access policy allowed is about to start.
     *
     * @param kick      identifies the kick in {@link #kickAnswered} (compared by identity)
     * @param caller    who kicks
     * @param opsType   the operations type
     * @param sessionId the session to terminate
     * @param reason    the caller's reason, if given
     * @return {@code true} to go ahead; {@code false} to refuse it (it fails with {@link EndReason#FORBIDDEN})
     */
    default boolean kickRequested(Object kick, Caller caller, String opsType, String sessionId, Optional<String> reason) {
        return true;
    }

    /**
     * A kick finished, whatever its outcome. Called for every kick, also those never
     * {@linkplain #kickRequested requested} (denied ones): those are to be ignored.
     *
     * @param kick    as given to {@link #kickRequested}
     * @param outcome what it came to
     */
    default void kickAnswered(Object kick, KickOutcome outcome) {
    }

    /**
     * The access policy turned a request away (or threw, which denies); no connection was opened.
     *
     * @param request      what was asked
     * @param policyFailed {@code true} if the policy threw instead of answering
     * @param reason       the kick reason the caller gave, if any
     */
    default void denied(AccessRequest request, boolean policyFailed, Optional<String> reason) {
    }

    /**
     * A timeline (a session the C server streams, {@link SessionBridge#play}) the access policy allowed is
     * about to open.
     *
     * @param timeline the timeline, as a bridge: its caller, ops type and session id are set
     * @param position where it starts
     * @return {@code true} to go ahead; {@code false} to refuse it
     */
    default boolean playbackStarted(Bridge timeline, Duration position) {
        return true;
    }

    /**
     * A seek of a timeline completed.
     *
     * @param timeline the timeline
     * @param from     the position before
     * @param to       the position reached
     */
    default void playbackSeeked(Bridge timeline, Duration from, Duration to) {
    }

    /**
     * A timeline ended: its client has had its last call.
     *
     * @param timeline the timeline
     * @param reason   why it ended
     * @param position the position it ended at
     */
    default void playbackEnded(Bridge timeline, EndReason reason, Duration position) {
    }
}
