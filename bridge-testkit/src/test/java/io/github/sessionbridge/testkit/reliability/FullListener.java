package io.github.sessionbridge.testkit.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener whose accept queue is full: the kernel drops further SYNs, so a connect to it
 * hangs (until the connect timeout, or until {@link #drainAndServe} frees the queue and the
 * client's SYN retransmission gets through).
 */
final class FullListener implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();
    private Thread servant;

    FullListener() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            try {
                s.connect(server.getLocalSocketAddress(), 200);
                fillers.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return;
            }
        }
        throw new IllegalStateException("the accept queue of a backlog-1 listener never filled");
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * Frees the queue: accepts and closes the fillers, then accepts the next connection (the
     * client's, once its SYN is retransmitted), reads {@code requestLength} request bytes and answers
     * {@code answer}, then closes. On a thread of its own; {@link #close()} waits for it.
     */
    void drainAndServe(int requestLength, byte[] answer) {
        servant = new Thread(() -> {
            try {
                for (int i = 0; i < fillers.size(); i++) {
                    server.accept().close();
                }
                server.setSoTimeout(20_000);
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    in.readNBytes(requestLength);
                    OutputStream out = s.getOutputStream();
                    out.write(answer);
                    out.flush();
                }
            } catch (IOException e) {
                // the test sees what the client got
            }
        }, "full-listener-servant");
        servant.start();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Socket s : fillers) {
            s.close();
        }
        server.close();
        if (servant != null) {
            servant.join(30_000);
        }
    }
}
