package io.github.sessionbridge.core.audit;

import io.github.sessionbridge.core.AccessRequest;
import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeAudit;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.audit.internal.AuditQueue;
import io.github.sessionbridge.core.audit.internal.AuditedPlayer;
import io.github.sessionbridge.core.audit.internal.BridgeAuditor;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit trail: takes {@link AuditEvent}s from the bridges and players and hands them, in order, to the
 * host's {@link AuditSink} on a thread of its own ({@code session-bridge-audit}, one per trail), so that a
 * slow or failing sink never holds up a bridge. Nothing is lost silently: an event that cannot be queued or
 * delivered is counted ({@link #stats()}) and logged at ERROR, and {@link AuditOptions.Overflow} says whether
 * requests then go on unaudited or are refused.
 *
 * <pre>{@code
 * AuditTrail audit = AuditTrail.start(JsonLinesAuditWriter.daily(Path.of("/var/log/bridge"), Fsync.BATCH));
 * SessionBridge bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", 9001).audit(audit).build());
 * bridge.kick(caller, "SSH", "s-42", "left a root shell open");      // KickRequested, then KickAnswered
 * SessionPlayer p = audit.play(caller, Recording.open(file), sink, PlaybackOptions.defaults());
 * ...
 * bridge.close();                                                    // the watches' WatchEnded(SHUTDOWN) ...
 * audit.close();                                                     // ... reach the sink before this returns
 * }</pre>
 *
 * <p>The host owns the trail: a {@link io.github.sessionbridge.core.SessionBridge} given it does not close it.
 * Close the bridge first, then the trail, which waits up to {@link AuditOptions#closeTimeout()} for the sink.
 * Thread-safe.
 */
public final class AuditTrail implements BridgeAudit, AutoCloseable {
    private final AuditQueue queue;
    private final BridgeAuditor bridges;

    private AuditTrail(AuditSink sink, AuditOptions options) {
        this.queue = new AuditQueue(sink, options);
        this.bridges = new BridgeAuditor(queue);
    }

    /**
     * Starts a trail with {@link AuditOptions#DEFAULT}.
     *
     * @param sink where the events go
     * @return the running trail
     * @throws NullPointerException if {@code sink} is null
     */
    public static AuditTrail start(AuditSink sink) {
        return start(sink, AuditOptions.DEFAULT);
    }

    /**
     * Starts a trail.
     *
     * @param sink    where the events go
     * @param options capacity, overflow behaviour and timeouts
     * @return the running trail; its delivery thread runs until {@link #close()}
     * @throws NullPointerException if an argument is null
     */
    public static AuditTrail start(AuditSink sink, AuditOptions options) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(options, "options");
        return new AuditTrail(sink, options);
    }

    /**
     * The options.
     *
     * @return the options the trail was started with
     */
    public AuditOptions options() {
        return queue.options();
    }

    /**
     * Queues the event of a new request (a {@link AuditEvent.WatchStarted}, {@link AuditEvent.KickRequested}
     * or {@link AuditEvent.PlaybackOpened}), for integrations that open audited things of their own. Under
     * {@link AuditOptions.Overflow#BACK_PRESSURE} it waits up to {@link AuditOptions#maxWait()} for room: call
     * it on the requesting thread, never on an I/O thread.
     *
     * @param event the opening event
     * @return {@code true} if it was queued (or, under {@code DROP}, dropped and counted): go ahead;
     *         {@code false} if the request must be refused for want of room (counted in
     *         {@link AuditStats#refused()})
     * @throws NullPointerException if {@code event} is null
     */
    public boolean admit(AuditEvent event) {
        return queue.admit(Objects.requireNonNull(event, "event"));
    }

    /**
     * Queues an event without ever waiting; if there is no room it is dropped (counted and logged).
     *
     * @param event the event
     * @throws NullPointerException if {@code event} is null
     */
    public void record(AuditEvent event) {
        queue.record(Objects.requireNonNull(event, "event"));
    }

    /**
     * Plays a recording for {@code caller}, audited: {@link AuditEvent.PlaybackOpened} now,
     * {@link AuditEvent.PlaybackSeeked} for each completed {@link SessionPlayer#seek seek} or
     * {@link SessionPlayer#skip skip}, {@link AuditEvent.PlaybackEnded} once it has ended, each exactly once.
     * Otherwise as {@link SessionPlayer#play(Recording, ClientSink, PlaybackOptions)}.
     *
     * @param caller    who replays
     * @param recording the recording
     * @param sink      the client
     * @param options   the playback options
     * @return the player, started
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if the trail has no room for the opening event
     *                               ({@link AuditOptions.Overflow#BACK_PRESSURE}); nothing was played
     */
    public SessionPlayer play(Caller caller, Recording recording, ClientSink sink, PlaybackOptions options) {
        return AuditedPlayer.start(queue, caller, recording, sink, options);
    }

    @Override
    public boolean watchStarted(Bridge bridge) {
        return bridges.watchStarted(bridge);
    }

    @Override
    public void watchEnded(Bridge bridge, EndReason reason, long records, long bytes) {
        bridges.watchEnded(bridge, reason, records, bytes);
    }

    @Override
    public boolean kickRequested(Object kick, Caller caller, String opsType, String sessionId, Optional<String> reason) {
        return bridges.kickRequested(kick, caller, opsType, sessionId, reason);
    }

    @Override
    public void kickAnswered(Object kick, KickOutcome outcome) {
        bridges.kickAnswered(kick, outcome);
    }

    @Override
    public void denied(AccessRequest request, boolean policyFailed, Optional<String> reason) {
        bridges.denied(request, policyFailed, reason);
    }

    @Override
    public boolean playbackStarted(Bridge timeline, Duration position) {
        return bridges.playbackStarted(timeline, position);
    }

    @Override
    public void playbackSeeked(Bridge timeline, Duration from, Duration to) {
        bridges.playbackSeeked(timeline, from, to);
    }

    @Override
    public void playbackEnded(Bridge timeline, EndReason reason, Duration position) {
        bridges.playbackEnded(timeline, reason, position);
    }

    /**
     * The counters.
     *
     * @return a snapshot of what was delivered, dropped, failed and refused, and what is queued now
     */
    public AuditStats stats() {
        return queue.stats();
    }

    /**
     * Lets the sink take what is queued (up to {@link AuditOptions#closeTimeout()}), then stops the delivery
     * thread; events left over, and events recorded later, are counted as dropped and logged. Does not close
     * the sink. Idempotent.
     */
    @Override
    public void close() {
        queue.close();
    }

    @Override
    public String toString() {
        return "AuditTrail[" + queue.stats() + "]";
    }
}
