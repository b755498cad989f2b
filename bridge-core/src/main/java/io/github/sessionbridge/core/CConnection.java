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

    /**
     * Whether the connection carries datagrams (UDP) rather than a byte stream.
     *
     * @return {@code true} for UDP, where each {@link Handler#onData} call is one whole datagram;
     *         {@code false} for a TCP byte stream, split and merged at will
     */
    boolean isDatagram();

    /**
     * Sends bytes: the whole request line (TCP: queued and written in order; UDP: one datagram). Call it
     * once {@link Handler#onConnected} has been called; after {@link #close()} it does nothing. A write
     * error is reported to {@link Handler#onError}.
     *
     * @param bytes the bytes from its position to its limit; taken (copied or consumed) before the call
     *              returns, so the caller may reuse the buffer
     */
    void write(ByteBuffer bytes);

    /**
     * Stops or resumes delivering data (flow control). Reading is on when a connection opens.
     *
     * @param reading {@code false} to stop calling {@link Handler#onData} (over TCP the C server is then
     *                slowed by TCP flow control); {@code true} to resume
     */
    void setReading(boolean reading);

    /** Closes the connection at once; no handler callback follows. Idempotent. */
    void close();

    /**
     * Runs {@code task} on the connection's event thread (even after close). A task is never dropped: once
     * the endpoint is closed and its threads have stopped, it runs on the calling thread instead.
     *
     * @param task what to run, after the tasks and events already queued for the event thread
     */
    void execute(Runnable task);

    /**
     * Runs {@code task} on the event thread after {@code delay}, unless cancelled. A task still waiting
     * when the endpoint is closed never runs, nor does one scheduled after it closed (no exception).
     *
     * @param task  what to run
     * @param delay how long to wait, at least; zero or negative runs it as soon as the event thread can
     * @param unit  the unit of {@code delay}
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * The event thread as an executor.
     *
     * @return an executor that runs each task as {@link #execute} does
     */
    default Executor executor() {
        return this::execute;
    }

    /**
     * Receives a connection's events, on its event thread. After {@link #onConnectFailed},
     * {@link #onEndOfStream} or {@link #onError} no further event comes. If {@link #onConnected} or
     * {@link #onData} throws, the connection is closed and {@link #onError} follows with the failure as
     * its cause, so a handler always sees exactly one final event.
     */
    interface Handler {
        /**
         * The connection is established: the request may be written.
         *
         * @param connection the connection, the one {@link CEndpoint#connect} returned
         */
        void onConnected(CConnection connection);

        /**
         * Bytes arrived: stream bytes (TCP) or one whole datagram (UDP). The buffer is only valid during
         * the call.
         *
         * @param data the bytes that arrived, from its position to its limit; reused by the transport once
         *             the call returns, so whatever must outlive it is to be copied
         */
        void onData(ByteBuffer data);

        /** The peer closed its side (TCP only). The connection is closed; no further event comes. */
        void onEndOfStream();

        /**
         * The connection could not be made (refused, unreachable, connect timeout).
         *
         * @param cause why: the I/O exception of the connect, an unresolvable host, or a timeout exception
         *              once the connect timeout has passed
         */
        void onConnectFailed(Exception cause);

        /**
         * A read or write error on an established connection. The connection is closed.
         *
         * @param cause the I/O exception, or an exception wrapping what {@link #onConnected} or
         *              {@link #onData} threw
         */
        void onError(Exception cause);
    }
}
