package io.github.sessionbridge.core;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * One live monitor: a client watching one session through one C connection. The handle the host
 * keeps for the browser connection, and closes when that goes away.
 */
public interface Bridge extends AutoCloseable {

    /** A number unique within its {@link SessionBridge}. */
    long id();

    /** Who asked. */
    Caller caller();

    /** The operations type. */
    String opsType();

    /** The session watched. */
    String sessionId();

    /** When the host asked for it. */
    Instant openedAt();

    /** Whether it has not ended yet. */
    boolean isOpen();

    /**
     * Completes with the reason once the bridge has ended, released its connection and made its last
     * call to its client (with a callback executor: once that call has run there). Never fails.
     */
    CompletionStage<EndReason> ended();

    /**
     * The client went away: closes the C connection promptly and sends the client no notice
     * (ends with {@link EndReason#CLIENT_GONE}). Idempotent; does nothing once the bridge has ended.
     */
    @Override
    void close();
}
