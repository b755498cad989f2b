package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.protocol.Action;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.testkit.AcceptBehavior;
import io.github.sessionbridge.testkit.CapturedRequest;
import io.github.sessionbridge.testkit.KickReply;
import io.github.sessionbridge.testkit.Split;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;

// Over 400 lines: one job, the fake server's registry (ports, connections, live monitors per session, kicks)
// on its event loop; each public method is a thin, documented, thread-safe entry.
/**
 * The fake C server's machinery: its ports, connections, the live monitors of each session, kicks.
 * Runs on one {@link EventLoop}. Public methods are safe from any thread.
 */
public final class ServerEngine {

    /** A monitor or kick being served, TCP connection or UDP exchange. */
    interface Monitor {
        /** The requested session id. */
        String sessionId();

        /** Whether it is a monitor request (not a kick). */
        boolean isMonitor();

        /** Whether a kick of its session still ends it. */
        boolean live();

        /** Ends it as a kick does: after the current unit, {@code '3'}, then close. Whether it took effect. */
        boolean endByKick();
    }

    /**
     * How the engine is set up.
     *
     * @param threadName  the loop thread's name
     * @param host        the address to bind
     * @param tcpPorts    the TCP port to bind for each operations type, in order (0: any free port)
     * @param udpPorts    the UDP port to bind for the operations types that have one (0: any free port)
     * @param settleNanos how long no more bytes must arrive after a request looks complete
     * @param plans       the plan for a session id (its script, or the script for unknown sessions)
     * @param onRequest   told of every captured request, on the loop thread (may be null)
     * @param log         where to log
     * @param captureLimit how many requests and closed connections to keep
     */
    public record Config(String threadName, String host, Map<String, Integer> tcpPorts, Map<String, Integer> udpPorts,
                         long settleNanos, Function<String, Plan> plans, Consumer<CapturedRequest> onRequest, Logger log,
                         int captureLimit) {
    }

    private static final int BACKLOG = 4096;

    private final Config config;
    private final Logger log;
    private final EventLoop loop;
    private final Captures captures;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final Map<String, ServerSocketChannel> tcp = new LinkedHashMap<>();
    private final Map<String, Integer> tcpPorts = new LinkedHashMap<>();
    private final Map<String, UdpPort> udp = new LinkedHashMap<>();
    private final Map<String, Integer> udpPorts = new LinkedHashMap<>();
    private final Map<String, AcceptBehavior> acceptBehaviors = new ConcurrentHashMap<>();
    private final Set<TcpConnection> open = new LinkedHashSet<>();
    private final Map<String, Set<Monitor>> monitors = new HashMap<>();
    private final InetAddress bindAddress;

    private ServerEngine(Config config) throws IOException {
        this.config = config;
        this.captures = new Captures(config.captureLimit());
        this.log = config.log();
        this.bindAddress = InetAddress.getByName(config.host());
        this.loop = new EventLoop(config.threadName(), log, this::shutDown);
    }

    /**
     * Opens every port and starts the loop.
     *
     * @throws IOException if a port cannot be opened (everything opened so far is closed again)
     */
    public static ServerEngine start(Config config) throws IOException {
        ServerEngine e = new ServerEngine(config);
        try {
            e.open();
        } catch (IOException | RuntimeException ex) {
            try {
                e.loop.stop(1000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw ex;
        }
        e.loop.start();
        return e;
    }

    private void open() throws IOException {
        for (Map.Entry<String, Integer> e : config.tcpPorts().entrySet()) {
            String ops = e.getKey();
            ServerSocketChannel ss = ServerSocketChannel.open();
            tcp.put(ops, ss);
            ss.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            bind(ops, "TCP", e.getValue(), a -> ss.bind(a, BACKLOG));
            ss.configureBlocking(false);
            int port = ((InetSocketAddress) ss.getLocalAddress()).getPort();
            tcpPorts.put(ops, port);
            loop.register(ss, SelectionKey.OP_ACCEPT, new Acceptor(ops, ss, port));
            Integer udpPort = config.udpPorts().get(ops);
            if (udpPort != null) {
                DatagramChannel dc = DatagramChannel.open();
                try {
                    bind(ops, "UDP", udpPort, dc::bind);
                    dc.configureBlocking(false);
                } catch (IOException ex) {
                    dc.close();
                    throw ex;
                }
                UdpPort up = new UdpPort(this, ops, dc);
                udp.put(ops, up);
                udpPorts.put(ops, up.port());
                up.start();
            }
        }
    }

    private interface Binder {
        void bind(InetSocketAddress address) throws IOException;
    }

    private void bind(String ops, String transport, int port, Binder binder) throws IOException {
        InetSocketAddress a = new InetSocketAddress(bindAddress, port);
        try {
            binder.bind(a);
        } catch (java.net.BindException e) {
            java.net.BindException named = new java.net.BindException("cannot listen on " + transport + " "
                    + config.host() + ":" + port + " for " + ops + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    /** Tells the listener of a captured request, then records it (so a waiter sees the listener's effects). */
    void request(ConnRecord rec, CapturedRequest request) {
        Consumer<CapturedRequest> l = config.onRequest();
        if (l != null) {
            try {
                l.accept(request);
            } catch (RuntimeException e) {
                log.warn("the request listener failed on {}", request, e);
            }
        }
        captures.request(rec, request);
    }

    EventLoop loop() {
        return loop;
    }

    Logger log() {
        return log;
    }

    /** What the server captured. */
    public Captures captures() {
        return captures;
    }

    long settleNanos() {
        return config.settleNanos();
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** The TCP port of each operations type, in order. */
    public Map<String, Integer> tcpPorts() {
        return Map.copyOf(tcpPorts);
    }

    /** The TCP port of {@code opsType}, or {@code null}. */
    public Integer tcpPort(String opsType) {
        return tcpPorts.get(opsType);
    }

    /** The UDP port of {@code opsType}, or {@code null}. */
    public Integer udpPort(String opsType) {
        return udpPorts.get(opsType);
    }

    /** The loop thread. */
    public Thread thread() {
        return loop.thread();
    }

    /** Sets what happens to newly accepted TCP connections of {@code opsType} ({@code null}: all types). */
    public void acceptBehavior(String opsType, AcceptBehavior behavior) {
        if (opsType == null) {
            for (String ops : tcpPorts.keySet()) {
                acceptBehaviors.put(ops, behavior);
            }
        } else {
            acceptBehaviors.put(opsType, behavior);
        }
    }

    /** What happens to newly accepted TCP connections of {@code opsType}. */
    public AcceptBehavior acceptBehavior(String opsType) {
        return acceptBehaviors.getOrDefault(opsType, AcceptBehavior.SERVE);
    }

    // ---- requests and kicks (loop thread) ----

    /** The plan for a request just received; registers monitors and carries out kicks. */
    Plan planFor(RequestLine line, Monitor m) {
        String sid = line.sessionId();
        Plan plan = config.plans().apply(sid);
        if (line.action() == Action.MONITOR) {
            monitors.computeIfAbsent(sid, k -> new LinkedHashSet<>()).add(m);
            return plan;
        }
        KickReply reply = plan.kickReply();
        Split split = plan.split();
        String label = "kick of " + sid + " (" + reply + ")";
        return switch (reply) {
            case AUTO -> {
                int ended = endSessionNow(sid);
                yield ended > 0
                        ? Plan.ending(label + ": ended " + ended + " monitor(s)", Step.Ending.END, split)
                        : Plan.ending(label + ": not live", Step.Ending.REFUSE, split);
            }
            case END -> {
                int ended = endSessionNow(sid);
                yield Plan.ending(label + ": ended " + ended + " monitor(s)", Step.Ending.END, split);
            }
            case REFUSE -> Plan.ending(label, Step.Ending.REFUSE, split);
            case NO_ANSWER -> Plan.ending(label, Step.Ending.STALL, split);
            case CLOSE -> Plan.ending(label, Step.Ending.CLOSE, split);
            case RESET -> Plan.ending(label, Step.Ending.RESET, split);
        };
    }

    /** Ends every live monitor of {@code sid} with {@code '3'}; how many. */
    private int endSessionNow(String sid) {
        Set<Monitor> set = monitors.get(sid);
        if (set == null) {
            return 0;
        }
        int n = 0;
        for (Monitor m : new ArrayList<>(set)) {
            if (m.live() && m.endByKick()) {
                n++;
            }
        }
        log.debug("session {} ended: '3' to {} monitor(s)", sid, n);
        return n;
    }

    /** A connection or exchange is gone. */
    void closed(Monitor m) {
        if (m instanceof TcpConnection c) {
            open.remove(c);
        }
        String sid = m.sessionId();
        if (sid != null) {
            Set<Monitor> set = monitors.get(sid);
            if (set != null && set.remove(m) && set.isEmpty()) {
                monitors.remove(sid);
            }
        }
    }

    // ---- calls from other threads ----

    /** Ends session {@code sid} as the C side would when it is over: {@code '3'} to its live monitors. */
    public void endSession(String sid) {
        Objects.requireNonNull(sid, "sid");
        loop.execute(() -> endSessionNow(sid));
    }

    /** How many live monitors session {@code sid} has. */
    public int liveMonitors(String sid) {
        return loop.call(() -> {
            Set<Monitor> set = monitors.get(sid);
            int n = 0;
            if (set != null) {
                for (Monitor m : set) {
                    if (m.live()) {
                        n++;
                    }
                }
            }
            return n;
        }, 0);
    }

    /** The session ids with at least one live monitor, and how many each. */
    public Map<String, Integer> liveSessions() {
        return loop.call(() -> {
            Map<String, Integer> out = new LinkedHashMap<>();
            monitors.forEach((sid, set) -> {
                int n = (int) set.stream().filter(Monitor::live).count();
                if (n > 0) {
                    out.put(sid, n);
                }
            });
            return out;
        }, Map.of());
    }

    /** Whether the engine has stopped. */
    public boolean isStopped() {
        return loop.isStopped();
    }

    /**
     * Closes every connection and port and stops the loop thread, waiting for it.
     *
     * @return whether the thread ended in time
     */
    public boolean stop() {
        try {
            return loop.stop(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void shutDown() {
        for (TcpConnection c : new ArrayList<>(open)) {
            c.close("the server closed", false);
        }
        for (UdpPort p : udp.values()) {
            p.close();
        }
        for (ServerSocketChannel ss : tcp.values()) {
            try {
                ss.close();
            } catch (IOException e) {
                log.debug("closing a server socket failed: {}", e.toString());
            }
        }
        log.debug("fake C server stopped");
    }

    /** Accepts the connections of one TCP port. */
    private final class Acceptor implements EventLoop.Handler {
        private final String ops;
        private final ServerSocketChannel server;
        private final int port;

        Acceptor(String ops, ServerSocketChannel server, int port) {
            this.ops = ops;
            this.server = server;
            this.port = port;
        }

        @Override
        public void ready(SelectionKey key) throws IOException {
            for (int i = 0; i < 256; i++) {
                SocketChannel ch = server.accept();
                if (ch == null) {
                    return;
                }
                accepted(ch);
            }
        }

        private void accepted(SocketChannel ch) throws IOException {
            InetSocketAddress remote;
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                remote = (InetSocketAddress) ch.getRemoteAddress();
            } catch (IOException e) {
                log.debug("a connection to {} port {} failed as it was accepted: {}", ops, port, e.toString());
                ch.close();
                return;
            }
            ConnRecord rec = captures.opened(ops, CAddress.Transport.TCP, port, remote);
            AcceptBehavior behavior = acceptBehavior(ops);
            log.debug("{} accepted from {} ({})", rec.tag(), remote, behavior);
            TcpConnection c = new TcpConnection(ServerEngine.this, ch, rec);
            open.add(c);
            switch (behavior) {
                case SERVE -> c.start(true);
                case NEVER_READ -> c.start(false);
                case CLOSE -> c.close("closed on accept (AcceptBehavior.CLOSE)", false);
                case RESET -> c.close("reset on accept (AcceptBehavior.RESET)", true);
            }
        }

        @Override
        public void failed(Throwable t) {
            log.warn("accepting on {} port {} failed: {}", ops, port, t.toString(), t);
        }
    }

    /** How many UDP exchanges are open. */
    public int openUdpExchanges() {
        return loop.call(() -> udp.values().stream().mapToInt(UdpPort::openExchanges).sum(), 0);
    }
}
