package io.github.sessionbridge.core;

import io.github.sessionbridge.core.internal.DefaultSessionBridge;
import io.github.sessionbridge.core.playback.internal.TimelineBridge;
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

    /** The longest reason {@link #kick(Caller, String, String, String)} accepts, in characters. */
    int MAX_KICK_REASON_LENGTH = 500;

    /**
     * Starts a bridge tier with {@code config}.
     *
     * @param config the C server's addresses, timeouts, policies and transport
     * @return a running {@code SessionBridge}; unless {@code config} gives a transport, its I/O threads run
     *         until {@link #close()}
     * @throws NullPointerException         if {@code config} is null
     * @throws java.io.UncheckedIOException if the default transport cannot open a selector
     */
    static SessionBridge create(BridgeConfig config) {
        return new DefaultSessionBridge(config, TimelineBridge.factory(config.timelineSpool()));
    }

    /**
     * The configuration.
     *
     * @return the configuration this {@code SessionBridge} was created with
     */
    BridgeConfig config();

    /**
     * Monitors session {@code sessionId} for a client: opens a C connection, sends the monitor request
     * and relays every record to {@code sink}, then exactly one end notice.
     *
     * <p>When the access policy denies the request, no connection is opened: the sink is told at once
     * with {@link EndReason#FORBIDDEN} and the returned bridge has already ended.
     *
     * <p>The session id and the operations type are checked first, then the access policy runs on the
     * calling thread; the connection is made on an I/O thread. The sink may be called before this method
     * returns.
     *
     * @param caller    who asks: what the access policy decides on, and whose
     *                  {@linkplain Caller#connectionId() connection id} {@link #bridgesOfConnection} finds the
     *                  bridge by
     * @param opsType   the operations type (SSH, RDP, ...), which picks the C server's port: one of the keys of
     *                  {@link BridgeConfig#addresses()}
     * @param sessionId the session to watch: 1 to 128 characters of {@code [A-Za-z0-9._:-]}
     * @param sink      the client: gets every record of the session in order, then exactly one notice
     *                  unless the bridge is closed or a send fails first
     * @return the bridge; close it when the client goes away
     * @throws NullPointerException     if an argument is null
     * @throws io.github.sessionbridge.protocol.InvalidSessionIdException if {@code sessionId} is not valid
     * @throws IllegalArgumentException if {@code opsType} is not configured
     * @throws IllegalStateException    if this SessionBridge is closed
     */
    Bridge monitor(Caller caller, String opsType, String sessionId, ClientSink sink);

    /**
     * Plays session {@code sessionId} as the C server streams it (a recorded session, or a live one), with
     * controls: see {@link Timeline}. The request on the wire is the monitor's ({@code [flag]=0}); the
     * access policy is asked with {@link AccessRequest#playback()} set, so it (and the audit trail) can tell
     * a playback from a watch. Otherwise as {@link #monitor}: the same checks, sink calls and exactly-once
     * end notice, which the client gets when playback reaches the end.
     *
     * @param caller    who watches: what the access policy decides on and the log names
     * @param opsType   the operations type, one of the keys of {@link BridgeConfig#addresses()}
     * @param sessionId the session to play: 1 to 128 characters of {@code [A-Za-z0-9._:-]}
     * @param sink      the client, as for a monitor, but called on the timeline's playback scheduler (see
     *                  {@code options}), not on an I/O thread or the {@linkplain BridgeConfig#callbackExecutor()
     *                  callback executor}: a host whose sends block gives the timeline a scheduler of its own.
     *                  A timeline that ends before it plays (denied by the access policy, its spool not created,
     *                  closed) is told on the thread that ended it
     * @param options   speed, idle limit, start paused or not, flow control and notice texts; its scheduler,
     *                  if set, runs the timeline's pacing and its sink calls (by default a small shared pool)
     * @return the timeline, already started; close it when the client goes away
     * @throws NullPointerException     if an argument is null
     * @throws io.github.sessionbridge.protocol.InvalidSessionIdException if {@code sessionId} is not valid
     * @throws IllegalArgumentException if {@code opsType} is not configured
     * @throws IllegalStateException    if this SessionBridge is closed
     */
    Timeline play(Caller caller, String opsType, String sessionId, ClientSink sink, PlaybackOptions options);

    /**
     * Kicks session {@code sessionId} off. The outcome is logged at INFO with who asked.
     *
     * <p>The session id and the operations type are checked first, then the access policy runs on the
     * calling thread; the kick itself (connect, send {@code [flag]=1}, wait for {@code '3'} or {@code '5'})
     * runs on an I/O thread, and this method returns at once.
     *
     * @param caller    who asks: what the access policy decides on and the log names
     * @param opsType   the operations type (SSH, RDP, ...), which picks the C server's port: one of the keys of
     *                  {@link BridgeConfig#addresses()}
     * @param sessionId the session to terminate: 1 to 128 characters of {@code [A-Za-z0-9._:-]}
     * @return the outcome: kicked, refused, or failed with a reason (also {@link EndReason#FORBIDDEN} and
     *         {@link EndReason#TIMEOUT}); the stage never completes exceptionally. It normally completes on an
     *         I/O thread (before this method returns when the access policy denies), so actions chained on it
     *         must not block.
     * @throws NullPointerException     if an argument is null
     * @throws io.github.sessionbridge.protocol.InvalidSessionIdException if {@code sessionId} is not valid
     * @throws IllegalArgumentException if {@code opsType} is not configured
     * @throws IllegalStateException    if this SessionBridge is closed
     */
    CompletionStage<KickOutcome> kick(Caller caller, String opsType, String sessionId);

    /**
     * Kicks session {@code sessionId} off, giving a reason: as {@link #kick(Caller, String, String)}, with
     * {@code reason} in the log and in the audit trail's {@code KickRequested} and {@code KickAnswered}
     * (or {@code AccessDenied}) events.
     *
     * @param caller    who asks
     * @param opsType   the operations type: one of the keys of {@link BridgeConfig#addresses()}
     * @param sessionId the session to terminate: 1 to 128 characters of {@code [A-Za-z0-9._:-]}
     * @param reason    why, in the caller's words: 1 to
     *                  {@value #MAX_KICK_REASON_LENGTH} characters, not
     *                  blank, no control characters
     * @return the outcome, as for {@link #kick(Caller, String, String)}
     * @throws NullPointerException     if an argument is null
     * @throws io.github.sessionbridge.protocol.InvalidSessionIdException if {@code sessionId} is not valid
     * @throws IllegalArgumentException if {@code opsType} is not configured, or {@code reason} is blank, too long
     *                                  or holds a control character (line breaks included)
     * @throws IllegalStateException    if this SessionBridge is closed
     */
    CompletionStage<KickOutcome> kick(Caller caller, String opsType, String sessionId, String reason);

    /**
     * The live bridges.
     *
     * @return an unmodifiable snapshot of the bridges that have not ended, in no particular order
     */
    List<Bridge> bridges();

    /**
     * The live bridges of one browser connection.
     *
     * @param connectionId a {@linkplain Caller#connectionId() connection id} given to {@link #monitor}
     * @return an unmodifiable snapshot of the bridges of that connection that have not ended, in no
     *         particular order; empty if there are none
     * @throws NullPointerException if {@code connectionId} is null
     */
    List<Bridge> bridgesOfConnection(String connectionId);

    /**
     * The live bridges watching one session.
     *
     * @param sessionId a session id as given to {@link #monitor} (not validated: an invalid one finds nothing)
     * @return an unmodifiable snapshot of the bridges watching that session that have not ended, whatever
     *         their operations type, in no particular order; empty if there are none
     * @throws NullPointerException if {@code sessionId} is null
     */
    List<Bridge> bridgesOfSession(String sessionId);

    /**
     * How many bridges are live.
     *
     * @return the number of bridges that have not ended, as {@link #bridges()} would list them now
     */
    int activeCount();

    /**
     * The counters.
     *
     * @return a snapshot of the counters since this {@code SessionBridge} was created
     */
    BridgeStats stats();

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} from the moment {@link #close()} is first called, even while it is still ending
     *         the bridges; then {@link #monitor} and {@link #kick} throw {@link IllegalStateException}
     */
    boolean isClosed();

    /**
     * Ends every live bridge (each client told once, {@link EndReason#SHUTDOWN}), fails pending kicks,
     * closes the transport and waits briefly for its threads. Idempotent.
     *
     * <p>Pending kicks fail with {@link EndReason#SHUTDOWN} too. Called from a thread of the host's, it
     * waits up to 5 s for the bridges to end before closing the transport, and returns once everything is
     * released. Called from a sink or listener on an I/O thread ({@link CEndpoint#isEventThread()}), where
     * the bridges can only end after the call returns, it returns at once and finishes closing on a
     * short-lived thread of its own, named {@code session-bridge-close}; {@link #isClosed()} is
     * {@code true} from the start either way.
     *
     * <p>Each bridge's notice follows the records already on their way to its client, once the last
     * send has completed (see {@link ClientSink}); the 5 s include that. A client that has not taken its
     * last record by then gets its {@link ClientSink#end} call once the transport is closed.
     *
     * <p><b>Close it before the web server</b> that carries the clients' connections: the notices
     * travel over them, and a server stopped first has dropped them (the browsers see the socket close
     * without a notice, WebSocket code 1006). Under Spring Boot, whose web server stops before the
     * context destroys its beans, that means closing it on {@code ContextClosedEvent}, not only as a
     * bean's destroy method.
     */
    @Override
    void close();
}
