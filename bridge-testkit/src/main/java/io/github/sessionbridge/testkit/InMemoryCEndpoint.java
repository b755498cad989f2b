package io.github.sessionbridge.testkit;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CEndpoint} with no sockets: an in-memory C server answers each request, for the fastest
 * host unit tests. Give it to the bridge with {@code BridgeConfig.Builder.endpoint(...)}.
 *
 * <pre>{@code
 * InMemoryCEndpoint c = InMemoryCEndpoint.create(peer -> {
 *     if (peer.request().sessionId().equals("s-1")) {
 *         peer.send(TerminalData.ofText(0, "hello")).send(Control.END);
 *     } else {
 *         peer.send(Control.REFUSED);
 *     }
 * });
 * SessionBridge bridges = SessionBridge.create(BridgeConfig.builder().tcp("SSH", 1).endpoint(c).build());
 * }</pre>
 *
 * <p>All connections share one event thread; the responder runs there when a request arrives. A
 * test may keep the {@link Peer} and send more later from any thread.
 */
public final class InMemoryCEndpoint implements CEndpoint {
    private static final Logger log = LoggerFactory.getLogger(InMemoryCEndpoint.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** What the in-memory C server does when a request arrives. */
    @FunctionalInterface
    public interface Responder {
        /**
         * Answers {@code peer}'s request; runs on the endpoint's thread, once per connection whose
         * request line is valid (a malformed one is logged and its connection closed without a call).
         * Must not block, and should not throw: an exception is logged (at error level) and the connection
         * is reset, as {@link Peer#reset()} does, so the bridge ends with {@link
         * io.github.sessionbridge.core.EndReason#IO_ERROR} rather than waiting on a silent connection.
         *
         * @param peer the C server's side of the connection, with {@link Peer#request()} set; it may be
         *             kept to send more later, from any thread
         */
        void respond(Peer peer);
    }

    /** The C server's side of one connection. Thread-safe. */
    public interface Peer {
        /**
         * The request the bridge sent.
         *
         * @return the parsed request line: monitor or kick, and the session id
         */
        RequestLine request();

        /**
         * Where the bridge connected: the address its configuration gives the operations type.
         *
         * @return host, port and transport as configured (nothing listens there: the port may be any
         *         valid number)
         */
        CAddress address();

        /**
         * Sends units (TCP: stream bytes; UDP: one datagram holding them all). The bridge gets them
         * while it reads; units sent after {@link #close()} or {@link #reset()}, or after the bridge
         * closed its side, are dropped.
         *
         * @param units the records and control bytes, encoded as on the wire (protocol §2); none null.
         *              A control byte does not close this side by itself; the bridge closes its side
         *              when it reads one
         * @return this peer, for chaining
         */
        Peer send(Unit... units);

        /**
         * Sends raw bytes: garbage, partial units, anything. Like {@link #send(Unit...)}, but as they are.
         *
         * @param bytes the bytes, copied now; not null (an empty array sends nothing)
         * @return this peer, for chaining
         */
        Peer sendBytes(byte[] bytes);

        /**
         * Closes cleanly: over TCP the bridge reads the end of the stream after everything sent
         * before. Over UDP, which has no close, nothing more is delivered. Later calls do nothing.
         */
        void close();

        /**
         * Resets the connection: anything sent but not yet delivered is dropped and the bridge sees an
         * I/O error (code 5, reason IO_ERROR). Does nothing once either side has closed.
         */
        void reset();

        /**
         * Whether the bridge closed its side, for example after a kick's answer or when its client left.
         *
         * @return {@code true} once the bridge has closed the connection
         */
        boolean isClosedByBridge();
    }

    private final Responder responder;
    private final ScheduledThreadPoolExecutor thread;
    private final List<RequestLine> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean refuse;
    private volatile boolean closed;
    private volatile Thread eventThread;

    private InMemoryCEndpoint(Responder responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
        int n = INSTANCES.incrementAndGet();
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "in-memory-c-endpoint-" + n);
            t.setDaemon(true);
            eventThread = t;
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
    }

    /**
     * An endpoint whose C server answers with {@code responder}. It starts its event thread (a daemon
     * thread); the bridge closes the endpoint when it closes.
     *
     * @param responder called for every valid request; not null
     * @return a new endpoint, accepting connections
     */
    public static InMemoryCEndpoint create(Responder responder) {
        return new InMemoryCEndpoint(responder);
    }

    /**
     * Makes every later connect fail as if the C server were down (or up again). Open connections
     * are not affected.
     *
     * @param refuse {@code true}: connects fail with a {@link ConnectException}, so the bridge ends with
     *               reason CONNECT_FAILED; {@code false} (the default): connects succeed again
     * @return this endpoint, for chaining
     */
    public InMemoryCEndpoint refuseConnections(boolean refuse) {
        this.refuse = refuse;
        return this;
    }

    /**
     * Every request received, in order.
     *
     * @return an unmodifiable snapshot of the valid request lines (malformed ones are not kept)
     */
    public List<RequestLine> requests() {
        return List.copyOf(requests);
    }

    /**
     * Connections open now (neither side closed).
     *
     * @return how many connections are connected and not yet released: the bridge has not closed them,
     *         has not read the peer's end of stream, and the peer has not reset them
     */
    public int openConnections() {
        return open.get();
    }

    @Override
    public CConnection connect(CAddress address, Duration connectTimeout, CConnection.Handler handler) {
        if (closed) {
            throw new IllegalStateException("the in-memory endpoint is closed");
        }
        Connection c = new Connection(address, handler);
        thread.execute(() -> {
            if (refuse) {
                c.bridgeClosed = true;
                handler.onConnectFailed(new ConnectException("connection refused (in-memory C server refuses connections)"));
            } else {
                open.incrementAndGet();
                c.open = true;
                handler.onConnected(c);
            }
        });
        return c;
    }

    /**
     * Whether the calling thread is this endpoint's event thread (the one that runs the responder's answers
     * and so the bridge's sink and listener calls).
     *
     * @return {@code true} on the event thread
     */
    @Override
    public boolean isEventThread() {
        return Thread.currentThread() == eventThread;
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        if (isEventThread()) {
            return; // closed from its own thread: it stops once the current task returns
        }
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("the in-memory endpoint's thread did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Connection implements CConnection {
        private static final byte[] END_OF_STREAM = new byte[0];

        private final CAddress address;
        private final Handler handler;
        private final PeerSide peer = new PeerSide();
        private final ArrayDeque<byte[]> held = new ArrayDeque<>();
        private volatile RequestLine request;
        private volatile boolean bridgeClosed;
        private boolean peerClosed;
        private boolean open;
        private boolean reading = true;

        Connection(CAddress address, Handler handler) {
            this.address = address;
            this.handler = handler;
        }

        @Override
        public boolean isDatagram() {
            return address.transport() == CAddress.Transport.UDP;
        }

        @Override
        public void write(ByteBuffer bytes) {
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            execute(() -> {
                if (bridgeClosed || peerClosed) {
                    return;
                }
                try {
                    request = RequestLine.parse(b);
                } catch (ProtocolException e) {
                    log.warn("in-memory C server: malformed request: {}", e.getMessage());
                    peer.close();
                    return;
                }
                requests.add(request);
                try {
                    responder.respond(peer);
                } catch (RuntimeException e) {
                    log.error("in-memory C server: the responder threw for {}; resetting the connection", request, e);
                    peer.reset();
                }
            });
        }

        @Override
        public void setReading(boolean on) {
            execute(() -> {
                reading = on;
                flush();
            });
        }

        @Override
        public void close() {
            if (!bridgeClosed) {
                bridgeClosed = true;
                execute(this::released);
            }
        }

        private void released() {
            if (open) {
                open = false;
                InMemoryCEndpoint.this.open.decrementAndGet();
            }
        }

        @Override
        public void execute(Runnable task) {
            if (thread.isShutdown()) {
                task.run();
            } else {
                thread.execute(task);
            }
        }

        @Override
        public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
            try {
                var f = thread.schedule(task, delay, unit);
                return () -> f.cancel(false);
            } catch (RejectedExecutionException closed) {
                return () -> { }; // the endpoint is closed: the task never runs, as on the default transport
            }
        }

        /** Delivers what the C side sent while the bridge reads; on the endpoint thread. */
        private void flush() {
            while (reading && !bridgeClosed && !held.isEmpty()) {
                byte[] b = held.poll();
                if (b == END_OF_STREAM) {
                    released();
                    handler.onEndOfStream();
                    return;
                }
                handler.onData(ByteBuffer.wrap(b));
            }
        }

        private final class PeerSide implements Peer {
            @Override
            public RequestLine request() {
                return request;
            }

            @Override
            public CAddress address() {
                return address;
            }

            @Override
            public Peer send(Unit... units) {
                return sendBytes(UnitEncoder.encodeAll(List.of(units)));
            }

            @Override
            public Peer sendBytes(byte[] bytes) {
                byte[] copy = bytes.clone();
                execute(() -> {
                    if (!peerClosed && copy.length > 0) {
                        held.add(copy);
                        flush();
                    }
                });
                return this;
            }

            @Override
            public void close() {
                execute(() -> {
                    if (!peerClosed) {
                        peerClosed = true;
                        if (!isDatagram()) {
                            held.add(END_OF_STREAM);
                        }
                        flush();
                    }
                });
            }

            @Override
            public void reset() {
                execute(() -> {
                    if (!peerClosed && !bridgeClosed) {
                        peerClosed = true;
                        held.clear();
                        released();
                        handler.onError(new IOException("connection reset by the in-memory C server"));
                    }
                });
            }

            @Override
            public boolean isClosedByBridge() {
                return bridgeClosed;
            }

            @Override
            public String toString() {
                return "Peer[" + address + ", " + request + "]";
            }
        }
    }
}
