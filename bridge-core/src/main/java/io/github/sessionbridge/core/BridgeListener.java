package io.github.sessionbridge.core;

import io.github.sessionbridge.protocol.ProtocolException;

/**
 * Observes a {@link SessionBridge}: for metrics and audit. Called on the bridge's I/O threads (or on
 * the thread that called a {@link SessionBridge} method): must be quick and must not throw (what it
 * throws is logged and ignored). Every method has an empty default.
 */
public interface BridgeListener {

    /** A listener that does nothing. */
    BridgeListener NONE = new BridgeListener() {
    };

    /** A monitor bridge was opened (after the access policy allowed it). */
    default void opened(Bridge bridge) {
    }

    /**
     * A monitor bridge ended, having handed {@code records} records of {@code bytes} content bytes to its
     * client (records dropped because the client had left are not counted). Called after the bridge's
     * last call to its client.
     */
    default void ended(Bridge bridge, EndReason reason, long records, long bytes) {
    }

    /** A C server broke the protocol on a bridge or a kick. */
    default void protocolError(Caller caller, String opsType, String sessionId, ProtocolException error) {
    }

    /** A kick finished. */
    default void kicked(Caller caller, String opsType, String sessionId, KickOutcome outcome) {
    }
}
