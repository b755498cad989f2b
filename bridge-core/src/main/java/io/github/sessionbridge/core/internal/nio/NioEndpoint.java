package io.github.sessionbridge.core.internal.nio;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.CEndpoint;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default transport: java.nio TCP and UDP on a fixed set of selector threads. */
public final class NioEndpoint implements CEndpoint {
    private static final Logger log = LoggerFactory.getLogger(NioEndpoint.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final IoLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Starts {@code ioThreads} selector threads.
     *
     * @throws IllegalArgumentException if {@code ioThreads} is not within 1..64
     */
    public NioEndpoint(int ioThreads) {
        if (ioThreads < 1 || ioThreads > 64) {
            throw new IllegalArgumentException("ioThreads must be within 1..64, was " + ioThreads);
        }
        int instance = INSTANCES.incrementAndGet();
        loops = new IoLoop[ioThreads];
        for (int i = 0; i < ioThreads; i++) {
            loops[i] = new IoLoop("session-bridge-io-" + instance + "-" + i);
        }
        for (IoLoop loop : loops) {
            loop.start();
        }
    }

    @Override
    public CConnection connect(CAddress address, Duration connectTimeout, CConnection.Handler handler) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handler, "handler");
        if (closed.get()) {
            throw new IllegalStateException("the endpoint is closed");
        }
        IoLoop loop = liveLoop();
        NioConnection c = new NioConnection(loop, address, handler);
        loop.execute(c.guarded(() -> c.start(connectTimeout)));
        return c;
    }

    /** The next loop in turn that still runs; a loop that died (logged at ERROR when it did) gets no new connection. */
    private IoLoop liveLoop() {
        int start = next.getAndIncrement();
        for (int i = 0; i < loops.length; i++) {
            IoLoop loop = loops[Math.floorMod(start + i, loops.length)];
            if (!loop.isTerminated()) {
                return loop;
            }
        }
        if (closed.get()) {
            throw new IllegalStateException("the endpoint is closed");
        }
        log.error("cannot connect: every I/O thread of this endpoint has died (see the errors logged when they did)");
        throw new IllegalStateException("every I/O thread of the transport has died");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (IoLoop loop : loops) {
            loop.shutdown();
        }
        try {
            for (IoLoop loop : loops) {
                if (loop.inLoop()) {
                    continue; // closed from its own thread: it stops once the current event returns
                }
                if (!loop.awaitTermination(5000)) {
                    log.warn("an I/O thread did not stop within 5 s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@code i}th selector loop: for tests. */
    IoLoop loop(int i) {
        return loops[i];
    }

    @Override
    public boolean isEventThread() {
        for (IoLoop loop : loops) {
            if (loop.inLoop()) {
                return true;
            }
        }
        return false;
    }
}
