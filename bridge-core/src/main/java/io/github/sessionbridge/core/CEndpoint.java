package io.github.sessionbridge.core;

import io.github.sessionbridge.core.internal.NioEndpoint;
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
     * @throws IllegalStateException if the endpoint is closed
     */
    CConnection connect(CAddress address, Duration connectTimeout, CConnection.Handler handler);

    /** Closes every connection (their handlers are not called) and stops every thread. Idempotent. */
    @Override
    void close();

    /**
     * The default transport: TCP and UDP on java.nio with {@code ioThreads} selector threads,
     * started at once and shared by all connections (no thread per session).
     *
     * @throws IllegalArgumentException if {@code ioThreads} is not within 1..64
     */
    static CEndpoint nio(int ioThreads) {
        return new NioEndpoint(ioThreads);
    }
}
