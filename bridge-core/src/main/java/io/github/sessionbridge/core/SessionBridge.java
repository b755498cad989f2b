package io.github.sessionbridge.core;

import io.github.sessionbridge.core.internal.DefaultSessionBridge;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The middle tier between operators' browsers and the C session server: one per application.
 *
 * <pre>{@code
 * SessionBridge bridge = SessionBridge.create(BridgeConfig.builder().host("10.0.0.5").tcp("SSH", 9001).build());
 * Bridge watch = bridge.monitor(Caller.of("alice", wsId), "SSH", "s-42", sink);   // records flow to sink
 * ...
 * watch.close();                                                                  // browser went away
 * bridge.kick(Caller.of("alice", wsId), "SSH", "s-42").thenAccept(outcome -> ...);
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} ends every bridge (each client told once, with
 * {@link EndReason#SHUTDOWN}) and releases every connection and thread.
 */
public interface SessionBridge extends AutoCloseable {

    /** Starts a bridge tier with {@code config}. */
    static SessionBridge create(BridgeConfig config) {
        return new DefaultSessionBridge(config);
    }

    /** The configuration. */
    BridgeConfig config();

    /**
     * Monitors session {@code sessionId} for a client: opens a C connection, sends the monitor request
     * and relays every record to {@code sink}, then exactly one end notice.
     *
     * <p>When the access policy denies the request, no connection is opened: the sink is told at once
     * with {@link EndReason#FORBIDDEN} and the returned bridge has already ended.
     *
     * @return the bridge; close it when the client goes away
     * @throws io.github.sessionbridge.protocol.InvalidSessionIdException if {@code sessionId} is not valid
     * @throws IllegalArgumentException if {@code opsType} is not configured
     * @throws IllegalStateException    if this SessionBridge is closed
     */
    Bridge monitor(Caller caller, String opsType, String sessionId, ClientSink sink);

    /**
     * Kicks session {@code sessionId} off. The outcome is logged at INFO with who asked.
     *
     * @return the outcome: kicked, refused, or failed with a reason (also {@link EndReason#FORBIDDEN} and
     *         {@link EndReason#TIMEOUT}); the stage never completes exceptionally
     * @throws io.github.sessionbridge.protocol.InvalidSessionIdException if {@code sessionId} is not valid
     * @throws IllegalArgumentException if {@code opsType} is not configured
     * @throws IllegalStateException    if this SessionBridge is closed
     */
    CompletionStage<KickOutcome> kick(Caller caller, String opsType, String sessionId);

    /** The live bridges. */
    List<Bridge> bridges();

    /** The live bridges of one browser connection. */
    List<Bridge> bridgesOfConnection(String connectionId);

    /** The live bridges watching one session. */
    List<Bridge> bridgesOfSession(String sessionId);

    /** How many bridges are live. */
    int activeCount();

    /** The counters. */
    BridgeStats stats();

    /** Whether {@link #close()} was called. */
    boolean isClosed();

    /**
     * Ends every live bridge (each client told once, {@link EndReason#SHUTDOWN}), fails pending kicks,
     * closes the transport and waits briefly for its threads. Idempotent.
     */
    @Override
    void close();
}
