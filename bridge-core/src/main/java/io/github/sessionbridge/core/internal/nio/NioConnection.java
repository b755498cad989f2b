package io.github.sessionbridge.core.internal.nio;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import io.github.sessionbridge.core.Cancellable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A TCP or UDP connection on an {@link IoLoop}. All fields but {@code closed} are confined to the loop. */
final class NioConnection implements CConnection {
    private static final Logger log = LoggerFactory.getLogger(NioConnection.class);

    private final IoLoop loop;
    private final CAddress address;
    private final Handler handler;
    private final boolean datagram;

    private SelectableChannel channel;
    private SelectionKey key;
    private boolean connected;
    private boolean reading = true;
    private final ArrayDeque<ByteBuffer> writes = new ArrayDeque<>(1); // mostly the request alone: kept small per idle session
    private Cancellable connectTimer;
    private volatile boolean closed;

    NioConnection(IoLoop loop, CAddress address, Handler handler) {
        this.loop = loop;
        this.address = address;
        this.handler = handler;
        this.datagram = address.transport() == CAddress.Transport.UDP;
    }

    /** Opens the channel; on the loop. */
    void start(Duration connectTimeout) {
        if (closed) {
            return;
        }
        try {
            InetSocketAddress remote = new InetSocketAddress(address.host(), address.port());
            if (remote.isUnresolved()) {
                throw new IOException("cannot resolve host " + address.host());
            }
            if (datagram) {
                DatagramChannel ch = DatagramChannel.open();
                channel = ch;
                ch.configureBlocking(false);
                // a connected datagram channel only receives from the C server's address (protocol §3)
                ch.connect(remote);
                key = ch.register(loop.selector, 0, this);
                connected = true;
                updateInterest();
                callHandler(() -> handler.onConnected(this));
            } else {
                SocketChannel ch = SocketChannel.open();
                channel = ch;
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                boolean done = ch.connect(remote);
                key = ch.register(loop.selector, done ? 0 : SelectionKey.OP_CONNECT, this);
                if (done) {
                    established();
                } else {
                    long millis = connectTimeout.toMillis();
                    connectTimer = schedule(() -> connectFailed(
                            new SocketTimeoutException("connect to " + address + " timed out after " + millis + " ms")),
                            millis, TimeUnit.MILLISECONDS);
                }
            }
        } catch (Exception e) {
            connectFailed(e);
        }
    }

    void onConnectable() {
        try {
            if (((SocketChannel) channel).finishConnect()) {
                established();
            }
        } catch (IOException e) {
            connectFailed(e);
        }
    }

    private void established() {
        if (connectTimer != null) {
            connectTimer.cancel();
            connectTimer = null;
        }
        connected = true;
        updateInterest();
        callHandler(() -> handler.onConnected(this));
    }

    private void connectFailed(Exception e) {
        if (closed) {
            return;
        }
        closeFromLoop();
        callHandlerAfterClose(() -> handler.onConnectFailed(e));
    }

    void onReadable() {
        if (closed) {
            return;
        }
        ByteBuffer buf = datagram ? loop.datagramBuffer : loop.readBuffer;
        buf.clear();
        if (!datagram) {
            buf.limit(readSize(buf.capacity()));
        }
        int n;
        try {
            n = datagram ? ((DatagramChannel) channel).read(buf) : ((SocketChannel) channel).read(buf);
        } catch (IOException e) {
            failed(e);
            return;
        }
        if (n < 0) {
            closeFromLoop();
            callHandlerAfterClose(handler::onEndOfStream);
        } else if (n > 0) {
            buf.flip();
            callHandler(() -> handler.onData(buf));
        }
    }

    /** How much the next stream read may take: what the handler can take, from {@link IoLoop#MIN_READ} to {@code max}. */
    private int readSize(int max) {
        if (!(handler instanceof ReadBudget b)) {
            return IoLoop.MIN_READ;
        }
        return (int) Math.min(max, Math.max(IoLoop.MIN_READ, b.readBudget()));
    }

    void flushWrites() {
        try {
            ByteBuffer head;
            while ((head = writes.peek()) != null) {
                if (datagram) {
                    ((DatagramChannel) channel).write(head);
                } else {
                    ((SocketChannel) channel).write(head);
                }
                if (head.hasRemaining()) {
                    break;
                }
                writes.poll();
            }
            updateInterest();
        } catch (IOException e) {
            failed(e);
        }
    }

    private void failed(IOException e) {
        if (closed) {
            return;
        }
        closeFromLoop();
        callHandlerAfterClose(() -> handler.onError(e));
    }

    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = 0;
        if (connected) {
            if (reading) {
                ops |= SelectionKey.OP_READ;
            }
            if (!writes.isEmpty()) {
                ops |= SelectionKey.OP_WRITE;
            }
        } else {
            ops = SelectionKey.OP_CONNECT;
        }
        key.interestOps(ops);
    }

    private void callHandler(Runnable call) {
        if (closed) {
            return;
        }
        try {
            call.run();
        } catch (Throwable t) {
            log.error("connection handler for {} failed; closing the connection", address, t);
            closeFromLoop();
            // the handler still gets its one final event: whatever it holds (a bridge and its client, a
            // kick) ends once, instead of staying live forever on a connection that is gone
            callHandlerAfterClose(() -> handler.onError(new TransportFailure("the connection handler failed", t)));
        }
    }

    /**
     * This connection's own work on the loop (a task, a timer, a key event) threw: a bug, not a network
     * failure. The connection closes and its handler is told once, with a {@link TransportFailure}; the loop
     * and every other connection on it go on.
     */
    void failedInternally(Throwable t) {
        log.error("the transport failed on {}; closing the connection", address, t);
        if (closed) {
            return; // the handler closed it, or was already told
        }
        try {
            closeFromLoop();
        } catch (Throwable e) {
            log.error("closing {} after a failure failed", address, e);
        }
        callHandlerAfterClose(() -> handler.onError(new TransportFailure("the transport failed", t)));
    }

    /** The loop died: the connection is closed and its handler told, so whatever it holds ends with a notice. */
    void loopDied(Throwable cause) {
        if (closed) {
            return;
        }
        try {
            closeFromLoop();
        } catch (Throwable e) {
            log.error("closing {} after the I/O thread died failed", address, e);
        }
        callHandlerAfterClose(() -> handler.onError(new TransportFailure("the I/O thread died", cause)));
    }

    /** {@code task}, with what it throws made a failure of this connection alone. */
    Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                failedInternally(t);
            }
        };
    }

    private void callHandlerAfterClose(Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            log.error("connection handler for {} failed", address, t);
        }
    }

    @Override
    public boolean isDatagram() {
        return datagram;
    }

    @Override
    public void write(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
        copy.put(bytes).flip();
        runOnLoop(() -> {
            if (closed) {
                return;
            }
            if (!connected) {
                failed(new ClosedChannelException());
                return;
            }
            writes.add(copy);
            flushWrites();
        });
    }

    @Override
    public void setReading(boolean on) {
        runOnLoop(() -> {
            reading = on;
            updateInterest();
        });
    }

    @Override
    public void close() {
        closed = true;
        runOnLoop(this::closeFromLoop);
    }

    void closeFromLoop() {
        closed = true;
        if (connectTimer != null) {
            connectTimer.cancel();
            connectTimer = null;
        }
        writes.clear();
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing {}", address, e);
            }
        }
    }

    private void runOnLoop(Runnable r) {
        if (loop.inLoop()) {
            r.run();
        } else {
            loop.execute(guarded(r));
        }
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(guarded(task));
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return loop.schedule(guarded(task), delay, unit);
    }

    @Override
    public String toString() {
        return "NioConnection[" + address + (closed ? ", closed" : connected ? ", connected" : ", connecting") + "]";
    }
}
