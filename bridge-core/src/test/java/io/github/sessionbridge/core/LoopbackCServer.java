package io.github.sessionbridge.core;

import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal scripted C server on loopback for bridge-core's own tests (blocking, a thread per
 * connection: fine for tests). The testkit's FakeCServer is the full one.
 */
final class LoopbackCServer implements AutoCloseable {

    interface Script {
        void run(Conn c) throws Exception;
    }

    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final BlockingQueue<Conn> accepted = new LinkedBlockingQueue<>();
    private final List<Conn> all = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;
    private volatile Script script;

    LoopbackCServer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "loopback-c-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    void script(Script s) {
        this.script = s;
    }

    int port() {
        return server.getLocalPort();
    }

    int connectionCount() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Conn c = new Conn(s);
                connections.incrementAndGet();
                all.add(c);
                accepted.add(c);
                Script sc = script;
                pool.submit(() -> {
                    try {
                        c.request = c.readRequest();
                        sc.run(c);
                    } catch (Exception e) {
                        c.failure = e;
                    } finally {
                        // a C server closes once it has said what it had to say
                        c.closeQuietly();
                    }
                    return null;
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    Conn awaitConnection(Duration timeout) throws InterruptedException {
        Conn c = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no connection within " + timeout);
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Conn c : all) {
            c.closeQuietly();
        }
        pool.shutdownNow();
    }

    static final class Conn {
        final Socket socket;
        volatile String request;
        volatile Exception failure;
        private final java.util.concurrent.CountDownLatch requestRead = new java.util.concurrent.CountDownLatch(1);

        Conn(Socket socket) {
            this.socket = socket;
        }

        /** Reads the request: the first bytes, then whatever follows within 100 ms. */
        String readRequest() throws IOException {
            try {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                byte[] b = new byte[512];
                socket.setSoTimeout(5000);
                int n = in.read(b);
                if (n < 0) {
                    return "";
                }
                buf.write(b, 0, n);
                socket.setSoTimeout(100);
                try {
                    while ((n = in.read(b)) > 0) {
                        buf.write(b, 0, n);
                    }
                } catch (SocketTimeoutException quiet) {
                    // the request is complete
                }
                socket.setSoTimeout(0);
                return buf.toString(StandardCharsets.US_ASCII);
            } finally {
                requestRead.countDown();
            }
        }

        String awaitRequest() throws InterruptedException {
            if (!requestRead.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("no request read");
            }
            return request;
        }

        void send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        void send(Unit... units) throws IOException {
            send(UnitEncoder.encodeAll(List.of(units)));
        }

        void close() throws IOException {
            socket.close();
        }

        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /** Whether the bridge closed its side within the timeout. */
        boolean awaitPeerClose(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] b = new byte[4096];
            try {
                while (true) {
                    if (socket.getInputStream().read(b) < 0) {
                        return true;
                    }
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        void closeQuietly() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
