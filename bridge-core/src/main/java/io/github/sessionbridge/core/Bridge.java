package io.github.sessionbridge.core;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * One live monitor: a client watching one session through one C connection. The handle the host
 * keeps for the browser connection, and closes when that goes away.
 *
 * <p>Made by {@link SessionBridge#monitor}; thread-safe: every method may be called from any thread,
 * including from within the bridge's own {@link ClientSink}.
 */
public interface Bridge extends AutoCloseable {

    /**
     * A number unique within its {@link SessionBridge}, for logs and recording file names.
     *
     * @return a positive number, given out in increasing order from 1 as {@link SessionBridge#monitor} is
     *         called (a monitor the access policy denied uses one up too)
     */
    long id();

    /**
     * Who asked.
     *
     * @return the caller given to {@link SessionBridge#monitor}: its principal and its browser connection id
     */
    Caller caller();

    /**
     * The operations type.
     *
     * @return the operations type given to {@link SessionBridge#monitor} (SSH, RDP, ...), one of the keys of
     *         {@link BridgeConfig#addresses()}
     */
    String opsType();

    /**
     * The session watched.
     *
     * @return the session id sent in the monitor request: 1 to 128 characters of {@code [A-Za-z0-9._:-]}
     */
    String sessionId();

    /**
     * When the host asked for it.
     *
     * @return the wall-clock instant {@link SessionBridge#monitor} was called for this bridge, before the
     *         access policy ran and before the C connection was made
     */
    Instant openedAt();

    /**
     * Whether it has not ended yet.
     *
     * @return {@code true} until the bridge begins to end (a control byte, an error, a timeout, {@link #close()},
     *         {@link SessionBridge#close()}); {@code false} from then on, possibly before its client has had its
     *         notice and before {@link #ended()} completes. Already {@code false} when the access policy denied
     *         the monitor.
     */
    boolean isOpen();

    /**
     * Completes with the reason once the bridge has ended, released its connection and made its last
     * call to its client (with a callback executor: once that call has run there). Never fails.
     *
     * @return a stage that completes normally, exactly once, with why the bridge ended
     *         ({@link EndReason#CLIENT_GONE} after {@link #close()}). Actions chained on it before it completes
     *         run on the thread that ends the bridge &mdash; normally an I/O thread, or the callback executor if
     *         one is configured &mdash; so they must not block.
     */
    CompletionStage<EndReason> ended();

    /**
     * The client went away: closes the C connection promptly and sends the client no notice
     * (ends with {@link EndReason#CLIENT_GONE}). Idempotent; does nothing once the bridge has ended.
     * Returns at once: the bridge ends on its connection's event thread, which {@link #ended()} tells.
     */
    @Override
    void close();
}
