package io.github.sessionbridge.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * A C server that takes requests and never answers: idle sessions for the scale benchmark, run in its
 * own process. Prints {@code listening PORT}, then {@code requests N} at every thousandth request.
 */
public final class IdleCServer {
    private IdleCServer() {
    }

    public static void main(String[] args) throws Exception {
        try (Selector sel = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8192);
            server.configureBlocking(false);
            server.register(sel, SelectionKey.OP_ACCEPT);
            System.out.println("listening " + server.socket().getLocalPort());
            System.out.flush();
            ByteBuffer buf = ByteBuffer.allocate(512);
            long requests = 0;
            while (true) {
                sel.select();
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        SocketChannel ch;
                        while ((ch = server.accept()) != null) {
                            ch.configureBlocking(false);
                            ch.register(sel, SelectionKey.OP_READ, Boolean.FALSE);
                        }
                    } else if (k.isReadable()) {
                        SocketChannel ch = (SocketChannel) k.channel();
                        buf.clear();
                        int n;
                        try {
                            n = ch.read(buf);
                        } catch (java.io.IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            k.cancel();
                            ch.close();
                        } else if (n > 0 && k.attachment() == Boolean.FALSE) {
                            k.attach(Boolean.TRUE);
                            if (++requests % 1000 == 0) {
                                System.out.println("requests " + requests);
                                System.out.flush();
                            }
                        }
                    }
                }
            }
        }
    }
}
