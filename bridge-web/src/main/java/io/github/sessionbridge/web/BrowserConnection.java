package io.github.sessionbridge.web;

/**
 * One browser's WebSocket, served: made by {@link BrowserBridge#open} when the WebSocket opens, and told by
 * the adapter what arrives. Thread-safe; each call returns promptly (it never waits for the browser or the
 * C server).
 */
public interface BrowserConnection {

    /**
     * A text frame arrived (one request).
     *
     * @param text the whole frame
     */
    void onText(String text);

    /**
     * A binary frame arrived: not a request. The browser is told so; its bytes are not read.
     *
     * @param length the frame's size in bytes
     */
    void onBinary(long length);

    /**
     * The WebSocket closed or failed: every view of this connection closes (no notices are sent) and what
     * waits to be sent is dropped. Idempotent.
     */
    void onClose();

    /**
     * Whether it has not closed yet.
     *
     * @return {@code true} until {@link #onClose()}, or until the connection decided to close the WebSocket
     */
    boolean isOpen();
}
