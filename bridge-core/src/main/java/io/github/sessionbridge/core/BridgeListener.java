package io.github.sessionbridge.core;

import io.github.sessionbridge.protocol.ProtocolException;

/**
 * Observes a {@link SessionBridge}: for metrics and audit. Called on the bridge's I/O threads (or on
 * the thread that called a {@link SessionBridge} method): must be quick and must not throw. What it
 * throws is logged (an {@link Error} at ERROR) and ignored: the bridge or kick goes on, or ends, as if the
 * listener had returned. Only a {@link VirtualMachineError} propagates, once the bridge's state is complete:
 * one thrown by {@link #opened} ends that bridge with {@link EndReason#INTERNAL_ERROR} (its client is told)
 * before {@link SessionBridge#monitor} rethrows it. Every method has an empty default.
 *
 * <p>With a callback executor ({@link BridgeConfig.Builder#callbackExecutor}), {@link #ended} is called
 * there, after the bridge's last sink call. Calls for different bridges may come concurrently from
 * different threads: a listener must be thread-safe.
 */
public interface BridgeListener {

    /** A listener that does nothing. */
    BridgeListener NONE = new BridgeListener() {
    };

    /**
     * A monitor bridge was opened (after the access policy allowed it). Called on the thread that called
     * {@link SessionBridge#monitor}, before the C connection is started.
     *
     * @param bridge the new bridge, open and about to connect
     */
    default void opened(Bridge bridge) {
    }

    /**
     * A monitor bridge ended, having handed {@code records} records of {@code bytes} content bytes to its
     * client (records dropped because the client had left are not counted). Called after the bridge's
     * last call to its client.
     *
     * <p>Also called for a monitor the access policy denied ({@link EndReason#FORBIDDEN}), which was
     * never {@linkplain #opened opened}.
     *
     * @param bridge  the bridge, no longer open
     * @param reason  why it ended; {@link EndReason#CLIENT_GONE} when the host closed it or a send failed
     * @param records how many records were handed to the client's {@link ClientSink#send}, zero or more
     * @param bytes   the content bytes of those records: the sum of their
     *                {@link io.github.sessionbridge.protocol.SessionRecord#contentLength() contentLength()},
     *                without headers, timestamps or screen-frame geometry
     */
    default void ended(Bridge bridge, EndReason reason, long records, long bytes) {
    }

    /**
     * A C server broke the protocol on a bridge or a kick. Called on the connection's event thread, before
     * the monitor ends with (or the kick fails with) {@link EndReason#PROTOCOL_ERROR}.
     *
     * @param caller    who asked for the monitor or the kick
     * @param opsType   the operations type of its C connection
     * @param sessionId the session it was for
     * @param error     what was wrong, and at which offset of the stream: what the stream decoder rejected,
     *                  or, for a kick, an answer whose first byte is not {@code '3'} or {@code '5'}
     *                  ({@link ProtocolException.Kind#UNEXPECTED_RECORD} for a record type byte, judged on that
     *                  byte alone, {@link ProtocolException.Kind#UNKNOWN_TYPE} for any other)
     */
    default void protocolError(Caller caller, String opsType, String sessionId, ProtocolException error) {
    }

    /**
     * A kick finished. Called once per kick, whatever its outcome (also a kick the access policy denied or
     * {@link SessionBridge#close()} failed), before its stage completes.
     *
     * @param caller    who asked for the kick
     * @param opsType   the operations type of its C connection
     * @param sessionId the session it was to terminate
     * @param outcome   what it came to: kicked, refused, or failed with a reason
     */
    default void kicked(Caller caller, String opsType, String sessionId, KickOutcome outcome) {
    }
}
