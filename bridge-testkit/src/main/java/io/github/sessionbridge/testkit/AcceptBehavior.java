package io.github.sessionbridge.testkit;

/**
 * What a {@link FakeCServer} does with a TCP connection as soon as it accepts it, before any
 * request: set with {@link FakeCServer#onAccept(AcceptBehavior)} for faults that a per-session
 * script cannot express because the session id is not known yet.
 */
public enum AcceptBehavior {
    /** Read the request and serve it by its session's script. The default. */
    SERVE,
    /**
     * Accept and never read or write anything: the request stays unread in the socket buffers.
     * The server cannot notice the client closing such a connection; it stays open until
     * {@link FakeCServer#close()}.
     */
    NEVER_READ,
    /** Close the connection at once, before reading anything. */
    CLOSE,
    /** Reset the connection (RST) at once, before reading anything. */
    RESET
}
