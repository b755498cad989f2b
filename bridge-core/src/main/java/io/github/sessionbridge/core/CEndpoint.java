package io.github.sessionbridge.core;

import io.github.sessionbridge.core.internal.nio.NioEndpoint;
import java.time.Duration;

/**
 * The C side of the bridge: the transport that opens connections to the C server. The default is
 * {@link #nio(int)}, java.nio TCP and UDP on a small fixed number of selector threads; the testkit
 * adds an in-memory one for unit tests.
 *
 * <p>An endpoint passed to a {@link SessionBridge} belongs to it and is closed with it.
 */
public interface CEndpoint extends AutoCloseable {

    /**
     * Starts connecting to {@code address}. Returns at once; the outcome arrives at {@code handler}
     * on the connection's event thread.
     *
     * @param address        where the C server listens, and over which transport
     * @param connectTimeout the longest the connection may take to be established before
     *                       {@link CConnection.Handler#onConnectFailed} is called; positive
     * @param handler        receives the connection's events, ending with exactly one final event unless the
     *                       connection is closed first
     * @return the connection, not yet established: it may be closed at once (no handler call follows), and
     *         written once {@link CConnection.Handler#onConnected} has been called
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if the endpoint is closed
     */
    CConnection connect(CAddress address, Duration connectTimeout, CConnection.Handler handler);

    /**
     * Closes every connection (their handlers are not called) and stops every thread. Idempotent. Called on
     * one of the endpoint's own event threads, it stops that thread once the current event returns, without
     * waiting for it.
     */
    @Override
    void close();

    /**
     * Whether the calling thread is one of this endpoint's event threads, on which connection handlers (and
     * so {@link ClientSink} and {@link BridgeListener} calls) run. {@link SessionBridge#close()} uses it: on
     * an event thread it cannot wait for bridges whose endings need that very thread, so it finishes closing
     * on a thread of its own. The default says {@code false}, which is right for an endpoint whose handlers
     * never call back into the bridge.
     *
     * @return {@code true} if the current thread runs this endpoint's connection events
     */
    default boolean isEventThread() {
        return false;
    }

    /**
     * The default transport: TCP and UDP on java.nio with {@code ioThreads} selector threads,
     * started at once and shared by all connections (no thread per session).
     *
     * @param ioThreads how many selector threads to start, 1 to 64; they are daemon threads named
     *                  {@code session-bridge-io-*}, and each connection stays on one of them
     * @return the endpoint, its threads running until {@link #close()}
     * @throws IllegalArgumentException     if {@code ioThreads} is not within 1..64
     * @throws java.io.UncheckedIOException if a selector cannot be opened
     */
    static CEndpoint nio(int ioThreads) {
        return new NioEndpoint(ioThreads);
    }
}
