package io.github.sessionbridge.core;

import io.github.sessionbridge.protocol.SessionRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The browser side of a bridge: the host application's client connection (a WebSocket, an SSE
 * stream, ...), as the bridge sees it.
 *
 * <p><b>Contract.</b> For one bridge (or player), calls into its sink are never concurrent and always
 * in stream order: zero or more {@link #send} calls, then at most one {@link #end} call, which is the
 * last. {@code end} is called exactly once unless the host closed the bridge itself (its client went
 * away).
 *
 * <p><b>One send at a time.</b> {@code send} is not called again until the stage the previous one
 * returned has completed, and {@code end} not before the last one has: records wait in the bridge
 * meanwhile. So a sink may hand each record straight to an API that allows one outstanding send, as
 * Jakarta WebSocket's {@code RemoteEndpoint.Async} does per endpoint (a second {@code sendBinary}
 * while one is pending throws {@code IllegalStateException} on Tomcat). One exception: when the
 * bridge has ended with a notice for the client and its last send has still not completed one
 * slow-client timeout later (or {@link SessionBridge#close()} ran out of time), the client is taken as
 * stuck: what still waits is dropped and {@code end} is called anyway, with
 * {@link EndReason#CLIENT_TOO_SLOW}, so the host can close its connection. A sink that queues records
 * itself can let the bridge pipeline: see {@link #pipelining()}.
 *
 * <p><b>Threads.</b> By default the sink is called on one of the bridge's I/O threads, which serve
 * many bridges: {@code send} must not block. An asynchronous send API fits directly: start the send
 * and return a stage that completes when it has, e.g. with Jakarta WebSocket
 * <pre>{@code
 * CompletableFuture<Void> done = new CompletableFuture<>();
 * session.getAsyncRemote().sendBinary(ByteBuffer.wrap(UnitEncoder.encode(record)), result -> {
 *     if (result.isOK()) done.complete(null); else done.completeExceptionally(result.getException());
 * });
 * return done;
 * }</pre>
 * or Jetty's {@code Session.sendBinary(buffer, callback)}. Spring's {@code WebSocketSession} and its
 * {@code ConcurrentWebSocketSessionDecorator} do <i>not</i>: their {@code sendMessage} returns nothing
 * and may block (the decorator blocks the first sender while it writes); use the native session
 * underneath ({@code NativeWebSocketSession.getNativeSession}), or a callback executor. A host whose
 * sends block configures a callback executor ({@link BridgeConfig.Builder#callbackExecutor}); each
 * bridge's calls then run there, still one at a time and in order, and a blocking sink returns
 * {@link #DONE}. A player ({@link io.github.sessionbridge.core.playback.SessionPlayer}) calls its sink on
 * its scheduler's threads, under the same rules.
 *
 * <p><b>Flow control.</b> The bytes of the records waiting in the bridge and of the one whose stage
 * has not yet completed count as queued for the client. Above the high-water mark the bridge stops
 * reading that client's C connection and resumes below the low-water mark; a client that stays above
 * it for the slow-client timeout ends with {@link EndReason#CLIENT_TOO_SLOW} (the records still
 * waiting are dropped; the notice follows the send in flight). A stage that completes exceptionally,
 * a {@code send} that throws or one that returns {@code null} (a contract violation, logged at ERROR
 * with the sink's class), means the client is gone: the bridge drops what waits, closes its C
 * connection and ends with {@link EndReason#CLIENT_GONE}, sending no notice.
 *
 * <p><b>Order of shutdown.</b> Close the {@link SessionBridge} (and stop the players) <i>before</i> the
 * web server that carries the clients' connections: {@link SessionBridge#close()} tells every client
 * {@link EndReason#SHUTDOWN} through its sink and waits for it, which a server that has already closed
 * its connections cannot carry (the browsers see the socket drop, WebSocket close 1006, and no notice).
 */
public interface ClientSink {

    /**
     * A completed stage, for sinks whose sends finish before they return. It is not a
     * {@link CompletableFuture}: nobody can complete, obtrude or cancel it.
     */
    CompletionStage<Void> DONE = CompletableFuture.completedStage(null);

    /**
     * Delivers one record to the client. Not called again before the returned stage has completed,
     * unless this sink {@linkplain #pipelining() pipelines}.
     *
     * @param record the next record of the session, in stream order: terminal data, a screen frame or an
     *               input event, as the C server sent it ({@code UnitEncoder.encode(record)} gives back its
     *               bytes, {@code record.encodedBuffer()} the same bytes as a read-only view, without a copy
     *               for a record the bridge decoded whole); never {@code null}. It is immutable and may be kept.
     * @return a stage that completes when the client has taken the record ({@link #DONE} if it already
     *         has), exceptionally if the client is gone; never {@code null}
     */
    CompletionStage<Void> send(SessionRecord record);

    /**
     * Tells the client its bridge has ended. Called at most once, after every {@code send} and (unless
     * this sink pipelines) once the last one's stage has completed. What it throws is logged and ignored.
     *
     * @param notice the code (3 or 5), reason and text to tell the client; never {@code null}, and never
     *               for {@link EndReason#CLIENT_GONE}, which sends none
     */
    void end(Notice notice);

    /**
     * Whether this sink queues records itself, so that the bridge may call {@link #send} again before
     * the previous stage completed, and {@link #end} before the last one did. Calls still never overlap
     * and stay in order; flow control still counts every record whose stage has not completed. Only for
     * a sink whose own queue allows it (never one that hands records straight to Jakarta WebSocket's
     * {@code RemoteEndpoint.Async}); asked once, when the bridge or player starts.
     *
     * @return {@code false} by default: one send in flight at a time
     */
    default boolean pipelining() {
        return false;
    }
}
