package io.github.sessionbridge.web;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * One browser WebSocket as the {@link BrowserConnection} sees it: what an adapter implements over its
 * server's WebSocket API (the Jakarta and Spring adapters do; a host implements it only for another API).
 *
 * <p>The connection calls it one send at a time: {@link #sendText} or {@link #sendBinary} is not called
 * again before the stage the previous call returned has completed, which suits APIs that allow one
 * outstanding send (Jakarta's {@code RemoteEndpoint.Async}). Sends must not block; a stage that completes
 * exceptionally means the browser is gone.
 */
public interface BrowserTransport {

    /**
     * Sends one text frame.
     *
     * @param text the frame's text (a JSON message)
     * @return completes once the frame was written, exceptionally if it cannot be; never {@code null}
     */
    CompletionStage<Void> sendText(String text);

    /**
     * Sends one binary frame.
     *
     * @param frame the frame's bytes (a view number and a record), to send from its position to its limit
     * @return completes once the frame was written, exceptionally if it cannot be; never {@code null}
     */
    CompletionStage<Void> sendBinary(ByteBuffer frame);

    /**
     * Closes the WebSocket with a close code; then the adapter calls {@link BrowserConnection#onClose()}.
     * May be called while a send is in flight: what is in flight may be lost.
     *
     * @param code   the close code (1000, 1002, 1008, 1009, ...)
     * @param reason a short text for the close frame (at most 123 bytes of UTF-8 are sent)
     */
    void close(int code, String reason);
}
