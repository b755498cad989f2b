package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.protocol.Action;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestDecoder;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.testkit.CapturedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayDeque;

// Over 400 lines: one job, one fake C connection's life (settling the request, running the plan with
// non-blocking writes, kicks, faults); its parts share the connection's write queue and state.
/**
 * One accepted TCP connection: reads the request (settling after it looks complete), then runs
 * its plan with non-blocking writes, waiting for {@code OP_WRITE} when the socket is full and
 * producing more only when its queue is below {@link #LOW_WATER}. Loop thread only.
 */
final class TcpConnection implements EventLoop.Handler, Output, ServerEngine.Monitor {

    /** The queue is refilled only below this many bytes: a slow reader never makes it grow. */
    static final int LOW_WATER = 64 * 1024;
    private static final int MAX_GATHER = 64;

    private enum Phase { REQUEST, SERVING, CLOSED }

    private final ServerEngine engine;
    private final EventLoop loop;
    private final SocketChannel channel;
    private final ConnRecord rec;
    private SelectionKey key;
    private Phase phase = Phase.REQUEST;

    private final RequestDecoder decoder = new RequestDecoder();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private EventLoop.Timer settleTimer;
    private long extraBytes;

    private ScriptRun run;
    private Splitter splitter;
    private String sessionId;
    private boolean monitor;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private long queued;
    private ByteBuffer chunk;
    private boolean continuationPending;
    private EventLoop.Timer wake;
    private long sent;
    private long writes;

    TcpConnection(ServerEngine engine, SocketChannel channel, ConnRecord rec) {
        this.engine = engine;
        this.loop = engine.loop();
        this.channel = channel;
        this.rec = rec;
    }

    void start(boolean read) throws IOException {
        key = loop.register(channel, read ? SelectionKey.OP_READ : 0, this);
        state(read ? "waiting for the request" : "accepted; never reading (AcceptBehavior.NEVER_READ)");
    }

    ConnRecord record() {
        return rec;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void ready(SelectionKey k) throws IOException {
        if (k.isReadable()) {
            onReadable();
        }
        if (phase != Phase.CLOSED && k.isValid() && k.isWritable()) {
            k.interestOps(k.interestOps() & ~SelectionKey.OP_WRITE);
            pump();
        }
    }

    /** {@code task}, closing this connection if it throws (timer and next-turn tasks run outside {@link #ready}). */
    private Runnable safely(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                failed(e);
            }
        };
    }

    @Override
    public void failed(Throwable t) {
        if (t instanceof Error) {
            engine.log().error("{} failed: {}", rec.tag(), t.toString(), t);
        } else {
            engine.log().warn("{} failed: {}", rec.tag(), t.toString(), t);
        }
        close("internal error: " + t, false);
    }

    private void onReadable() {
        ByteBuffer buf = engine.readBuffer();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            onClientGone("reading failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            onClientGone(null);
            return;
        }
        if (n == 0) {
            return;
        }
        rec.bytesReceived += n;
        buf.flip();
        if (phase == Phase.REQUEST) {
            feedRequest(buf);
        }
        if (phase == Phase.SERVING && buf.hasRemaining()) {
            int extra = buf.remaining();
            extraBytes += extra;
            engine.log().debug("{} received {} unexpected bytes after its request ({} in all)", rec.tag(), extra, extraBytes);
        }
    }

    private void feedRequest(ByteBuffer buf) {
        int take = Math.min(buf.remaining(), RequestLine.MAX_LENGTH - decoder.length());
        ByteBuffer slice = buf.slice();
        slice.limit(take);
        buf.position(buf.position() + take);
        if (raw.size() < CapturedRequest.MAX_RAW_BYTES) {
            int keep = Math.min(take, CapturedRequest.MAX_RAW_BYTES - raw.size());
            byte[] b = new byte[keep];
            slice.duplicate().get(b);
            raw.write(b, 0, keep);
        }
        RequestDecoder.Status status;
        try {
            status = decoder.feed(slice);
        } catch (ProtocolException e) {
            invalidRequest(e.getMessage());
            return;
        }
        state("reading the request (" + decoder.length() + " bytes so far)");
        if (status == RequestDecoder.Status.COMPLETE) {
            cancelSettle();
            if (decoder.length() >= RequestLine.MAX_LENGTH) {
                finishRequest();
            } else {
                settleTimer = loop.schedule(engine.settleNanos(), safely(() -> {
                    settleTimer = null;
                    if (phase == Phase.REQUEST) {
                        finishRequest();
                    }
                }));
            }
        }
    }

    private void cancelSettle() {
        if (settleTimer != null) {
            settleTimer.cancel();
            settleTimer = null;
        }
    }

    private void invalidRequest(String error) {
        engine.log().warn("{} from {}: invalid request \"{}\": {}", rec.tag(), rec.remote, ascii(), error);
        engine.request(rec, capture(null, error));
        close("invalid request: " + error, false);
    }

    private void finishRequest() {
        RequestLine line = decoder.finish();
        engine.request(rec, capture(line, null));
        phase = Phase.SERVING;
        sessionId = line.sessionId();
        monitor = line.action() == Action.MONITOR;
        Plan plan = engine.planFor(line, this);
        engine.log().debug("{} from {}: request {} -> {}: {}", rec.tag(), rec.remote, line, plan.label(),
                plan.steps().stream().map(Step::describe).toList());
        run = new ScriptRun(plan);
        splitter = Splitter.of(plan.split());
        state(run.describe());
        pump();
    }

    private CapturedRequest capture(RequestLine line, String error) {
        return new CapturedRequest(rec.id, rec.opsType, CAddress.Transport.TCP, rec.localPort, rec.remote, Instant.now(),
                raw.toByteArray(), line, error);
    }

    private String ascii() {
        return capture(null, "-").rawText();
    }

    private void onClientGone(String error) {
        if (phase == Phase.REQUEST) {
            if (decoder.status() == RequestDecoder.Status.COMPLETE) {
                cancelSettle();
                finishRequest();
            } else {
                String what = decoder.length() == 0 && raw.size() == 0
                        ? "no request: the client closed the connection without sending anything"
                        : "incomplete request: the client closed the connection after " + raw.size() + " bytes";
                if (error != null) {
                    what = "no complete request: " + error;
                }
                engine.log().debug("{} from {}: {}", rec.tag(), rec.remote, what);
                engine.request(rec, capture(null, what));
            }
        }
        close(error == null ? "the client closed the connection" : "the client's connection failed: " + error, false);
    }

    // ---- serving ----

    @Override
    public boolean hasRoom() {
        return queued < LOW_WATER;
    }

    @Override
    public void unit(ByteBuffer piece, boolean first, boolean last, long total) {
        enqueue(piece);
    }

    @Override
    public void raw(ByteBuffer bytes) {
        enqueue(bytes);
    }

    private void enqueue(ByteBuffer b) {
        if (b.hasRemaining()) {
            out.add(b);
            queued += b.remaining();
            rec.bytesQueued = queued;
        }
    }

    @Override
    public void stopReading() {
        if (key.isValid()) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        }
        engine.log().debug("{} stops reading from the client", rec.tag());
    }

    private boolean canProduce() {
        return run != null && !run.finished() && wake == null && queued < LOW_WATER;
    }

    private void produce() {
        long now = System.nanoTime();
        long due;
        try {
            due = run.produce(this, now);
        } catch (IOException | RuntimeException e) {
            engine.log().warn("{}: the script failed: {}", rec.tag(), e.toString());
            close("the script failed: " + e, false);
            return;
        }
        if (due != 0) {
            wake = loop.schedule(due - now, safely(() -> {
                wake = null;
                pump();
            }));
        }
        state(run.describe());
    }

    /** Moves things along: produces while there is room, writes while the socket takes it. */
    void pump() {
        while (phase == Phase.SERVING) {
            if (canProduce()) {
                produce();
                if (phase != Phase.SERVING) {
                    return;
                }
            }
            if (chunk == null && out.isEmpty()) {
                break;
            }
            if (continuationPending || !write()) {
                return;
            }
        }
        if (phase == Phase.SERVING && chunk == null && out.isEmpty() && run.finished()) {
            switch (run.ending()) {
                case CLOSE, END, REFUSE -> close(run.interrupted() ? "the session was ended (kick or endSession): sent '3', closed"
                        : "script done: closed", false);
                case RESET -> close("script done: reset", true);
                default -> state(run.describe());
            }
        }
    }

    /** Writes once; whether to go on writing at once. */
    private boolean write() {
        long n;
        try {
            if (splitter == null) {
                ByteBuffer[] bufs = new ByteBuffer[Math.min(out.size(), MAX_GATHER)];
                int i = 0;
                for (ByteBuffer b : out) {
                    if (i == bufs.length) {
                        break;
                    }
                    bufs[i++] = b;
                }
                n = channel.write(bufs);
                while (!out.isEmpty() && !out.peek().hasRemaining()) {
                    out.poll();
                }
            } else {
                if (chunk == null) {
                    chunk = takeChunk(splitter.next());
                }
                n = channel.write(chunk);
            }
        } catch (IOException e) {
            close("writing failed (the client went away?): " + e.getMessage(), false);
            return false;
        }
        sent += n;
        queued -= n;
        rec.bytesSent = sent;
        rec.bytesQueued = queued;
        if (splitter == null) {
            if (n > 0) {
                rec.writes = ++writes;
            }
            if (!out.isEmpty()) {
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                return false;
            }
            return true;
        }
        if (chunk.hasRemaining()) {
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            return false;
        }
        chunk = null;
        rec.writes = ++writes;
        continuationPending = true;
        Runnable next = safely(() -> {
            continuationPending = false;
            pump();
        });
        long pause = splitter.pauseNanos();
        if (pause > 0) {
            loop.schedule(pause, next);
        } else {
            loop.nextTurn(next);
        }
        return false;
    }

    private ByteBuffer takeChunk(int size) {
        int n = (int) Math.min(size, queued);
        ByteBuffer c = ByteBuffer.allocate(n);
        while (c.hasRemaining()) {
            ByteBuffer head = out.peek();
            int k = Math.min(c.remaining(), head.remaining());
            ByteBuffer part = head.slice();
            part.limit(k);
            c.put(part);
            head.position(head.position() + k);
            if (!head.hasRemaining()) {
                out.poll();
            }
        }
        c.flip();
        return c;
    }

    // ---- kicks ----

    @Override
    public boolean isMonitor() {
        return monitor;
    }

    @Override
    public boolean live() {
        return phase == Phase.SERVING && run != null && run.live();
    }

    @Override
    public boolean endByKick() {
        if (phase != Phase.SERVING || !run.interrupt()) {
            return false;
        }
        if (wake != null) {
            wake.cancel();
            wake = null;
        }
        pump();
        return true;
    }

    // ---- closing ----

    /** Closes the connection (with RST when {@code reset}), records why. Idempotent. */
    void close(String reason, boolean reset) {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        cancelSettle();
        if (wake != null) {
            wake.cancel();
            wake = null;
        }
        if (run != null) {
            run.close();
        }
        engine.closed(this);
        if (reset) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                engine.log().debug("{}: setting SO_LINGER 0 failed: {}", rec.tag(), e.toString());
            }
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            engine.log().debug("{}: closing failed: {}", rec.tag(), e.toString());
        }
        out.clear();
        queued = 0;
        rec.bytesQueued = 0;
        engine.log().debug("{} closed: {} (received {} B, sent {} B in {} writes)", rec.tag(), reason,
                rec.bytesReceived, sent, writes);
        engine.captures().closed(rec, reason);
    }

    private void state(String s) {
        rec.state = s;
    }

    InetSocketAddress remote() {
        return rec.remote;
    }
}
