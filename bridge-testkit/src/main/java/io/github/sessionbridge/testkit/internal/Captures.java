package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.testkit.CapturedConnection;
import io.github.sessionbridge.testkit.CapturedRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Everything the server saw, with waits for test threads. Thread-safe. It keeps at most {@code limit}
 * requests, untaken requests and connections, forgetting the oldest first (but never an open connection),
 * so a long-running server does not grow without bound; the counts are of everything since the start.
 */
public final class Captures {

    private final Object lock = new Object();
    private final AtomicLong ids = new AtomicLong();
    private final int limit;
    private final List<ConnRecord> connections = new ArrayList<>();
    private final ArrayDeque<CapturedRequest> requests = new ArrayDeque<>();
    private final ArrayDeque<CapturedRequest> untaken = new ArrayDeque<>();
    private int openTcp;
    private int connectionTotal;
    private int requestTotal;

    /** @param limit how many requests, untaken requests and connections to keep; at least 1 */
    public Captures(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the capture limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** Records a new connection (or UDP exchange). */
    public ConnRecord opened(String opsType, CAddress.Transport transport, int localPort, InetSocketAddress remote) {
        ConnRecord r = new ConnRecord(ids.incrementAndGet(), opsType, transport, localPort, remote);
        synchronized (lock) {
            connections.add(r);
            connectionTotal++;
            if (transport == CAddress.Transport.TCP) {
                openTcp++;
            }
            if (connections.size() > limit) {
                dropOldestClosed(connections.size() - limit);
            }
            lock.notifyAll();
        }
        return r;
    }

    private void dropOldestClosed(int n) {
        Iterator<ConnRecord> it = connections.iterator();
        while (n > 0 && it.hasNext()) {
            if (!it.next().isOpen()) {
                it.remove();
                n--;
            }
        }
    }

    /** Records a request (valid or not) of connection {@code r}. */
    public void request(ConnRecord r, CapturedRequest request) {
        synchronized (lock) {
            r.request = request;
            requests.add(request);
            untaken.add(request);
            requestTotal++;
            if (requests.size() > limit) {
                requests.poll();
            }
            if (untaken.size() > limit) {
                untaken.poll();
            }
            lock.notifyAll();
        }
    }

    /** Records that {@code r} was closed, and why. */
    public void closed(ConnRecord r, String reason) {
        synchronized (lock) {
            if (r.closedAt != null) {
                return;
            }
            r.state = "closed: " + reason;
            r.closedAt = Instant.now();
            if (r.transport == CAddress.Transport.TCP) {
                openTcp--;
            }
            lock.notifyAll();
        }
    }

    /** Wakes waiters after a change they might wait for. */
    public void changed() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** The oldest request not yet taken, waiting up to {@code timeout}; {@code null} if none came. */
    public CapturedRequest take(Duration timeout) throws InterruptedException {
        synchronized (lock) {
            awaitLocked(() -> !untaken.isEmpty(), timeout);
            return untaken.poll();
        }
    }

    /** Waits up to {@code timeout} for {@code condition}; whether it became true. */
    public boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        synchronized (lock) {
            return awaitLocked(condition, timeout);
        }
    }

    private boolean awaitLocked(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long ms = Math.max(1, left / 1_000_000);
            lock.wait(Math.min(ms, 50));
        }
        return true;
    }

    /** Every request kept (all of them, up to the limit), oldest first. */
    public List<CapturedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** How many requests were captured since the start, kept or not. */
    public int requestCount() {
        synchronized (lock) {
            return requestTotal;
        }
    }

    /** How many requests were not yet taken. */
    public int untakenCount() {
        synchronized (lock) {
            return untaken.size();
        }
    }

    /** Snapshots of every connection kept (every open one, then the most recent closed ones), oldest first. */
    public List<CapturedConnection> connections() {
        synchronized (lock) {
            List<CapturedConnection> out = new ArrayList<>(connections.size());
            for (ConnRecord r : connections) {
                out.add(r.snapshot());
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** Snapshots of the open connections (TCP and UDP), oldest first. */
    public List<CapturedConnection> openConnections() {
        synchronized (lock) {
            List<CapturedConnection> out = new ArrayList<>();
            for (ConnRecord r : connections) {
                if (r.isOpen()) {
                    out.add(r.snapshot());
                }
            }
            return out;
        }
    }

    /** How many connections (and UDP exchanges) there were in all, kept or not. */
    public int connectionCount() {
        synchronized (lock) {
            return connectionTotal;
        }
    }

    /** How many TCP connections are open. */
    public int openTcpCount() {
        synchronized (lock) {
            return openTcp;
        }
    }
}
