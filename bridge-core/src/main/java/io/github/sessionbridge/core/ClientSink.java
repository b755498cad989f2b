package io.github.sessionbridge.core;

import io.github.sessionbridge.protocol.SessionRecord;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The browser side of a bridge: the host application's client connection (a WebSocket, an SSE
 * stream, ...), as the bridge sees it.
 *
 * <p><b>Contract.</b> For one bridge, calls into its sink are never concurrent and always in stream
 * order: zero or more {@link #send} calls, then at most one {@link #end} call, which is the last.
 * {@code end} is called exactly once unless the host closed the bridge itself (its client went away).
 *
 * <p><b>Threads.</b> By default the sink is called on one of the bridge's I/O threads, which serve
 * many bridges: {@code send} must not block. An asynchronous send API (Jakarta WebSocket's
 * {@code RemoteEndpoint.Async}, Jetty's {@code Session.sendBinary(buffer, callback)}, Spring's
 * {@code ConcurrentWebSocketSessionDecorator}) fits directly: start the send and return a stage that
 * completes when it has. A host whose sends block configures a callback executor
 * ({@link BridgeConfig.Builder#callbackExecutor}); each bridge's calls then run there, still one at a
 * time and in order.
 *
 * <p><b>Flow control.</b> The bytes of records whose stage has not yet completed count as queued for
 * the client. Above the high-water mark the bridge stops reading that client's C connection and
 * resumes below the low-water mark; a client that stays above it for the slow-client timeout ends
 * with {@link EndReason#CLIENT_TOO_SLOW}. A stage that completes exceptionally, or a {@code send}
 * that throws, means the client is gone: the bridge closes its C connection and ends with
 * {@link EndReason#CLIENT_GONE}, sending no notice.
 */
public interface ClientSink {

    /** A completed stage, for sinks whose sends finish before they return. */
    CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * Delivers one record to the client.
     *
     * @param record the next record of the session, in stream order: terminal data, a screen frame or an
     *               input event, as the C server sent it ({@code UnitEncoder.encode(record)} gives back its
     *               bytes); never {@code null}. It is immutable and may be kept.
     * @return a stage that completes when the client has taken the record ({@link #DONE} if it already has)
     */
    CompletionStage<Void> send(SessionRecord record);

    /**
     * Tells the client its bridge has ended. Called at most once, after every {@code send}. What it throws
     * is logged and ignored.
     *
     * @param notice the code (3 or 5), reason and text to tell the client; never {@code null}, and never
     *               for {@link EndReason#CLIENT_GONE}, which sends none
     */
    void end(Notice notice);
}
