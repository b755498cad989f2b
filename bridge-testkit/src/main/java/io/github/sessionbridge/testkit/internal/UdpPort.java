package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.protocol.Action;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.testkit.CapturedRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One operations type's UDP port (protocol §3): each request datagram starts an exchange with its
 * sender, which is served by its plan in datagrams of whole units. One send queue per port, bounded:
 * exchanges produce only while it is below {@link #HIGH_WATER}. Loop thread only.
 */
final class UdpPort implements EventLoop.Handler {

    /** The largest datagram payload. */
    static final int MAX_DATAGRAM = 65_507;
    static final int HIGH_WATER = 256 * 1024;
    private static final int MAX_RECEIVES_PER_TURN = 64;

    private record Datagram(ByteBuffer payload, SocketAddress target) {
    }

    private final ServerEngine engine;
    private final String opsType;
    private final DatagramChannel channel;
    private final int port;
    private SelectionKey key;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(MAX_DATAGRAM + 1);
    private final ArrayDeque<Datagram> queue = new ArrayDeque<>();
    private long queued;
    private final Map<SocketAddress, Exchange> exchanges = new HashMap<>();

    UdpPort(ServerEngine engine, String opsType, DatagramChannel channel) throws IOException {
        this.engine = engine;
        this.opsType = opsType;
        this.channel = channel;
        this.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    void start() throws IOException {
        key = engine.loop().register(channel, SelectionKey.OP_READ, this);
    }

    int port() {
        return port;
    }

    @Override
    public void ready(SelectionKey k) throws IOException {
        if (k.isWritable()) {
            k.interestOps(k.interestOps() & ~SelectionKey.OP_WRITE);
            flush();
            for (Exchange e : new ArrayList<>(exchanges.values())) {
                e.pump();
            }
        }
        if (k.isValid() && k.isReadable()) {
            for (int i = 0; i < MAX_RECEIVES_PER_TURN; i++) {
                receiveBuffer.clear();
                SocketAddress from = channel.receive(receiveBuffer);
                if (from == null) {
                    break;
                }
                receiveBuffer.flip();
                byte[] data = new byte[receiveBuffer.remaining()];
                receiveBuffer.get(data);
                onDatagram((InetSocketAddress) from, data);
            }
        }
    }

    @Override
    public void failed(Throwable t) {
        engine.log().warn("UDP port {} of {} failed: {}", port, opsType, t.toString(), t);
    }

    private void onDatagram(InetSocketAddress from, byte[] data) {
        ConnRecord rec = engine.captures().opened(opsType, CAddress.Transport.UDP, port, from);
        rec.bytesReceived = data.length;
        byte[] raw = Arrays.copyOf(data, Math.min(data.length, CapturedRequest.MAX_RAW_BYTES));
        RequestLine line;
        try {
            line = data.length > RequestLine.MAX_LENGTH
                    ? failTooLong(data.length)
                    : RequestLine.parse(data);
        } catch (ProtocolException e) {
            CapturedRequest cr = new CapturedRequest(rec.id, opsType, CAddress.Transport.UDP, port, from, Instant.now(),
                    raw, null, e.getMessage());
            engine.log().warn("{} from {}: invalid request datagram \"{}\": {}", rec.tag(), from, cr.rawText(), e.getMessage());
            engine.request(rec, cr);
            engine.captures().closed(rec, "invalid request: " + e.getMessage());
            return;
        }
        engine.request(rec, new CapturedRequest(rec.id, opsType, CAddress.Transport.UDP, port, from,
                Instant.now(), raw, line, null));
        Exchange old = exchanges.remove(from);
        if (old != null) {
            old.finish("a new request came from the same address");
        }
        Exchange ex = new Exchange(rec, from, line);
        exchanges.put(from, ex);
        Plan plan = engine.planFor(line, ex);
        engine.log().debug("{} from {}: request {} -> {}: {}", rec.tag(), from, line, plan.label(),
                plan.steps().stream().map(Step::describe).toList());
        ex.start(plan);
    }

    private static RequestLine failTooLong(int length) {
        throw new ProtocolException(ProtocolException.Kind.MALFORMED_REQUEST, RequestLine.MAX_LENGTH,
                "the request datagram has " + length + " bytes, more than a request line's " + RequestLine.MAX_LENGTH);
    }

    private void send(ByteBuffer payload, SocketAddress target) {
        queue.add(new Datagram(payload, target));
        queued += payload.remaining();
    }

    /** Sends queued datagrams while the channel takes them. */
    private void flush() {
        Datagram d;
        while ((d = queue.peek()) != null) {
            int size = d.payload.remaining();
            int n;
            try {
                n = channel.send(d.payload, d.target);
            } catch (IOException e) {
                engine.log().debug("UDP port {}: sending {} bytes to {} failed: {}", port, size, d.target, e.toString());
                n = size;
            }
            if (n == 0) {
                if (key.isValid()) {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                }
                return;
            }
            queue.poll();
            queued -= size;
        }
    }

    /** Ends every exchange (the server is closing) and closes the channel. */
    void close() {
        for (Exchange e : new ArrayList<>(exchanges.values())) {
            e.finish("the server closed");
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            engine.log().debug("closing UDP port {} failed: {}", port, e.toString());
        }
    }

    int openExchanges() {
        return exchanges.size();
    }

    /** One request datagram's exchange: its plan, served in datagrams to the sender. */
    final class Exchange implements Output, ServerEngine.Monitor {
        private final ConnRecord rec;
        private final SocketAddress peer;
        private final RequestLine line;
        private ScriptRun run;
        private boolean onePerDatagram;
        private ByteBuffer pack;
        private boolean dropping;
        private EventLoop.Timer wake;
        private boolean done;
        private long sent;
        private long datagrams;

        Exchange(ConnRecord rec, SocketAddress peer, RequestLine line) {
            this.rec = rec;
            this.peer = peer;
            this.line = line;
        }

        void start(Plan plan) {
            run = new ScriptRun(plan);
            onePerDatagram = plan.split().isSplitting();
            pump();
        }

        void pump() {
            if (done || wake != null) {
                return;
            }
            long due = 0;
            while (!run.finished() && hasRoom()) {
                long now = System.nanoTime();
                try {
                    due = run.produce(this, now);
                } catch (IOException | RuntimeException e) {
                    flushPack();
                    flush();
                    engine.log().warn("{}: the script failed: {}", rec.tag(), e.toString());
                    finish("the script failed: " + e);
                    return;
                }
                if (due != 0) {
                    long delay = due - now;
                    wake = engine.loop().schedule(delay, () -> {
                        wake = null;
                        pump();
                    });
                    break;
                }
                if (!hasRoom()) {
                    break;
                }
            }
            flushPack();
            flush();
            rec.bytesQueued = queued;
            rec.state = run.describe();
            if (run.finished()) {
                switch (run.ending()) {
                    case CLOSE, END, REFUSE -> finish(run.interrupted() ? "the session was ended (kick or endSession): sent '3'"
                            : "script done");
                    case RESET -> finish("script done (a reset is a plain end over UDP)");
                    default -> {
                        // STALL, LIVE: the exchange stays until a kick or the server closes
                    }
                }
            }
        }

        @Override
        public boolean hasRoom() {
            return queued < HIGH_WATER;
        }

        @Override
        public void unit(ByteBuffer piece, boolean first, boolean last, long total) {
            if (first) {
                if (total > MAX_DATAGRAM) {
                    engine.log().warn("{}: a unit of {} bytes does not fit in a datagram ({} at most): not sent",
                            rec.tag(), total, MAX_DATAGRAM);
                    dropping = true;
                } else if (pack != null && (onePerDatagram || pack.remaining() < total)) {
                    flushPack();
                }
            }
            if (!dropping) {
                if (pack == null) {
                    pack = ByteBuffer.allocate(MAX_DATAGRAM);
                }
                pack.put(piece);
            }
            if (last) {
                dropping = false;
                if (onePerDatagram) {
                    flushPack();
                }
            }
        }

        @Override
        public void raw(ByteBuffer bytes) {
            flushPack();
            while (bytes.hasRemaining()) {
                int n = Math.min(bytes.remaining(), MAX_DATAGRAM);
                ByteBuffer d = bytes.slice();
                d.limit(n);
                bytes.position(bytes.position() + n);
                sendDatagram(d);
            }
        }

        private void flushPack() {
            if (pack != null && pack.position() > 0) {
                pack.flip();
                ByteBuffer d = ByteBuffer.allocate(pack.remaining());
                d.put(pack);
                d.flip();
                sendDatagram(d);
            }
            pack = null;
        }

        private void sendDatagram(ByteBuffer d) {
            sent += d.remaining();
            datagrams++;
            rec.bytesSent = sent;
            rec.writes = datagrams;
            send(d, peer);
        }

        @Override
        public void stopReading() {
            // a UDP exchange reads nothing after its request
        }

        @Override
        public String sessionId() {
            return line.sessionId();
        }

        @Override
        public boolean isMonitor() {
            return line.action() == Action.MONITOR;
        }

        @Override
        public boolean live() {
            return !done && run != null && run.live();
        }

        @Override
        public boolean endByKick() {
            if (done || !run.interrupt()) {
                return false;
            }
            if (wake != null) {
                wake.cancel();
                wake = null;
            }
            pump();
            return true;
        }

        void finish(String reason) {
            if (done) {
                return;
            }
            done = true;
            if (wake != null) {
                wake.cancel();
                wake = null;
            }
            if (run != null) {
                run.close();
            }
            exchanges.remove(peer, this);
            engine.closed(this);
            engine.log().debug("{} with {} ended: {} (sent {} B in {} datagrams)", rec.tag(), peer, reason, sent, datagrams);
            engine.captures().closed(rec, reason);
        }
    }
}
