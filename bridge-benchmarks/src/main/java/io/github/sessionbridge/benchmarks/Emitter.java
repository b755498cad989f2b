package io.github.sessionbridge.benchmarks;

import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A fast C-side emitter on loopback for the relay benchmarks: one selector thread; every connection,
 * once it has sent anything (its request), gets either {@code bytesPerConnection} of pre-encoded
 * records as fast as the socket takes them ("bulk"), or one small record carrying its send time
 * every {@code intervalNanos} ("paced"), then {@code '3'} and close.
 */
final class Emitter implements Runnable, AutoCloseable {
    /** Bytes before the send time in a paced record: header (5) and timestamp (8). */
    static final int PACED_TIME_OFFSET = 13;
    /** Content bytes of a paced record: the send time and padding, an interactive terminal record. */
    static final int PACED_CONTENT = 64;
    static final int PACED_RECORD = 5 + 8 + PACED_CONTENT;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer block;
    private final long bytesPerConnection;
    private final long intervalNanos;
    private final long pacedDurationNanos;
    private final List<Conn> conns = new ArrayList<>();
    private volatile boolean running = true;

    private final class Conn {
        final SocketChannel ch;
        final SelectionKey key;
        boolean started;
        long left;
        ByteBuffer out;
        long nextDue;
        long endAt;
        boolean ending;

        Conn(SocketChannel ch, SelectionKey key) {
            this.ch = ch;
            this.key = key;
        }
    }

    /** Bulk: {@code bytesPerConnection} of records of {@code recordContent} bytes each. */
    static Emitter bulk(int recordContent, long bytesPerConnection) throws IOException {
        List<TerminalData> records = new ArrayList<>();
        byte[] content = new byte[recordContent];
        java.util.Arrays.fill(content, (byte) 'x');
        int recordBytes = 5 + 8 + recordContent;
        for (int size = 0; size + recordBytes <= 256 * 1024 || records.isEmpty(); size += recordBytes) {
            records.add(new TerminalData(records.size(), content));
        }
        byte[] block = UnitEncoder.encodeAll(records);
        long whole = bytesPerConnection / block.length * block.length;
        return new Emitter(ByteBuffer.wrap(block), Math.max(whole, block.length), 0, 0);
    }

    /** Paced: one {@link #PACED_RECORD}-byte record per connection every {@code intervalNanos} for {@code durationNanos}. */
    static Emitter paced(long intervalNanos, long durationNanos) throws IOException {
        return new Emitter(null, 0, intervalNanos, durationNanos);
    }

    private Emitter(ByteBuffer block, long bytesPerConnection, long intervalNanos, long pacedDurationNanos) throws IOException {
        this.block = block;
        this.bytesPerConnection = bytesPerConnection;
        this.intervalNanos = intervalNanos;
        this.pacedDurationNanos = pacedDurationNanos;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = new Thread(this, "emitter");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.socket().getLocalPort();
    }

    long bytesPerConnection() {
        return bytesPerConnection;
    }

    @Override
    public void run() {
        ByteBuffer in = ByteBuffer.allocate(4096);
        ByteBuffer paced = ByteBuffer.allocate(PACED_RECORD);
        try {
            while (running) {
                selector.select(intervalNanos > 0 ? 1 : 100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
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
                            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                            Conn c = new Conn(ch, key);
                            key.attach(c);
                            conns.add(c);
                        }
                        continue;
                    }
                    Conn c = (Conn) k.attachment();
                    if (k.isReadable()) {
                        in.clear();
                        int n;
                        try {
                            n = c.ch.read(in);
                        } catch (IOException e) {
                            n = -1;
                        }
                        if (n < 0) {
                            close(c);
                            continue;
                        }
                        if (n > 0 && !c.started) {
                            start(c);
                        }
                    }
                    if (k.isValid() && k.isWritable()) {
                        writeBulk(c);
                    }
                }
                if (intervalNanos > 0) {
                    tickPaced(paced);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Conn c : conns) {
                close(c);
            }
            try {
                server.close();
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void start(Conn c) {
        c.started = true;
        if (intervalNanos > 0) {
            long now = System.nanoTime();
            c.nextDue = now;
            c.endAt = now + pacedDurationNanos;
        } else {
            c.left = bytesPerConnection;
            c.out = block.duplicate();
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            writeBulk(c);
        }
    }

    private void writeBulk(Conn c) {
        try {
            while (c.left > 0) {
                if (!c.out.hasRemaining()) {
                    c.out.clear();
                }
                int n = c.ch.write(c.out);
                if (n == 0) {
                    return;
                }
                c.left -= n;
            }
            if (!c.ending) {
                c.ending = true;
                c.ch.write(ByteBuffer.wrap(new byte[] {'3'}));
                close(c);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    private void tickPaced(ByteBuffer rec) throws IOException {
        long now = System.nanoTime();
        for (Conn c : conns) {
            if (!c.started || c.ending || !c.ch.isOpen()) {
                continue;
            }
            // every record due before the end is written, however late this tick is
            while (c.nextDue <= now && c.nextDue < c.endAt) {
                rec.clear();
                rec.put((byte) 'd').putInt(8 + PACED_CONTENT).putLong(System.currentTimeMillis()).putLong(System.nanoTime());
                rec.position(PACED_RECORD).flip();
                int n = c.ch.write(rec);
                if (n != PACED_RECORD) {
                    throw new IllegalStateException("a paced record did not fit the socket buffer");
                }
                c.nextDue += intervalNanos;
            }
            if (now >= c.endAt) {
                c.ending = true;
                c.ch.write(ByteBuffer.wrap(new byte[] {'3'}));
                close(c);
            }
        }
    }

    private static void close(Conn c) {
        c.key.cancel();
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(5000);
    }
}
