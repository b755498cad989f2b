package io.github.sessionbridge.core;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One connection to the C server, made by a {@link CEndpoint}. Part of the transport SPI: host
 * applications only meet it when they write a transport.
 *
 * <p>Each connection has an event thread: its {@link Handler} callbacks, the tasks given to
 * {@link #execute} and those given to {@link #schedule} all run there, one at a time. Every method
 * here may be called from any thread.
 */
public interface CConnection {

    /** Whether the connection carries datagrams (UDP) rather than a byte stream. */
    boolean isDatagram();

    /** Sends bytes: the whole request line (TCP: queued and written in order; UDP: one datagram). */
    void write(ByteBuffer bytes);

    /** Stops or resumes delivering data (flow control). Reading is on when a connection opens. */
    void setReading(boolean reading);

    /** Closes the connection at once; no handler callback follows. Idempotent. */
    void close();

    /** Runs {@code task} on the connection's event thread (even after close). */
    void execute(Runnable task);

    /** Runs {@code task} on the event thread after {@code delay}, unless cancelled. */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /** The event thread as an executor. */
    default Executor executor() {
        return this::execute;
    }

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run. */
        void cancel();
    }

    /**
     * Receives a connection's events, on its event thread. After {@link #onConnectFailed},
     * {@link #onEndOfStream} or {@link #onError} no further event comes. If {@link #onConnected} or
     * {@link #onData} throws, the connection is closed and {@link #onError} follows with the failure as
     * its cause, so a handler always sees exactly one final event.
     */
    interface Handler {
        /** The connection is established: the request may be written. */
        void onConnected(CConnection connection);

        /**
         * Bytes arrived: stream bytes (TCP) or one whole datagram (UDP). The buffer is only valid during
         * the call.
         */
        void onData(ByteBuffer data);

        /** The peer closed its side (TCP only). */
        void onEndOfStream();

        /** The connection could not be made (refused, unreachable, connect timeout). */
        void onConnectFailed(Exception cause);

        /** A read or write error on an established connection. */
        void onError(Exception cause);
    }
}
