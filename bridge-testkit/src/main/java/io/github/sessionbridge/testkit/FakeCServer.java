package io.github.sessionbridge.testkit;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.testkit.internal.Captures;
import io.github.sessionbridge.testkit.internal.Plan;
import io.github.sessionbridge.testkit.internal.ServerEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Over 400 lines: the public surface of the test fake (ports, scripts, captures, awaits, the builder), each
// method documented once; about 370 lines are code, all of it delegation: the machinery is in
// testkit.internal (ServerEngine, TcpConnection, UdpPort).
/**
 * A real C session server on loopback for tests: what MockWebServer is to OkHttp. It listens on
 * one ephemeral TCP port per operations type (and optionally one UDP port each), reads request
 * lines exactly as the C-link protocol says, serves each session by a small script programmed from
 * the test, answers kicks as a real C server would, and captures every request and connection for
 * assertions.
 *
 * <pre>{@code
 * try (FakeCServer server = FakeCServer.builder().ops("SSH").start()) {
 *     server.session("s-1").sends(TerminalData.ofText(ts, "hello")).then(Ending.END);
 *     SessionBridge bridge = SessionBridge.create(server.bridgeConfig().build());
 *     bridge.monitor(caller, "SSH", "s-1", sink);
 *     CapturedRequest r = server.takeRequest(Duration.ofSeconds(5));
 *     assertThat(r.sessionId()).isEqualTo("s-1");
 *     server.awaitActiveConnections(0, Duration.ofSeconds(5));    // the bridge closed its connection
 * }
 * }</pre>
 *
 * <p><b>Requests.</b> The request line has no terminator, so the server takes it as complete when
 * it is a valid request and no more bytes arrive for the {@linkplain Builder#settleTime settle
 * time} (default 20 ms), or at once when {@link RequestLine#MAX_LENGTH} bytes arrived. It may arrive
 * in any number of pieces. A malformed request is logged, captured with its error, and the
 * connection closed.
 *
 * <p><b>Sessions.</b> A monitor request ({@code [flag]=0}) runs the {@linkplain #session session's
 * script}; a session with no script runs the {@linkplain #unknownSessions() script for unknown
 * sessions}, by default {@code '5'} and close. A kick ({@code [flag]=1}) is answered as the
 * session's {@link KickReply} says: by default {@code '3'} to the kicker and {@code '3'} to every
 * live monitor of the session (then all are closed) when it has one, else {@code '5'}.
 *
 * <p><b>Threads.</b> One selector thread does everything (I/O, timers, pacing), however many
 * connections there are; {@link #close()} closes every socket and ends it. All public methods are
 * thread-safe.
 *
 * <p><b>Logs.</b> Each connection logs at DEBUG under this class's logger name; malformed requests
 * at WARN. {@link #toString()} shows ports, open connections with what each is doing, recent
 * requests and live sessions; the {@code await...} and {@code take...} methods put it into their
 * failure messages.
 */
public final class FakeCServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FakeCServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String name;
    private final String host;
    private final List<String> opsTypes;
    private final Split defaultSplit;
    private final Pacing defaultPacing;
    private final Duration settleTime;
    private final Map<String, SessionScript> sessions = new ConcurrentHashMap<>();
    private final SessionScript unknownSessions = new SessionScript(null).then(Ending.REFUSE);
    private final ServerEngine engine;
    private final Captures captures;
    private volatile boolean closed;

    private FakeCServer(Builder b) throws IOException {
        this.name = b.name != null ? b.name : "fake-c-server-" + INSTANCES.incrementAndGet();
        this.host = b.host;
        Map<String, Integer> tcp = new LinkedHashMap<>(b.tcpPorts);
        if (tcp.isEmpty()) {
            tcp.put("SSH", 0);
        }
        Map<String, Integer> udpPorts = new LinkedHashMap<>();
        for (String ops : tcp.keySet()) {
            Integer p = b.udpPorts.get(ops);
            if (p != null || b.udpAll) {
                udpPorts.put(ops, p == null ? 0 : p);
            }
        }
        this.opsTypes = List.copyOf(tcp.keySet());
        this.defaultSplit = b.split;
        this.defaultPacing = b.pacing;
        this.settleTime = b.settleTime;
        this.engine = ServerEngine.start(new ServerEngine.Config(name, host, tcp, udpPorts, settleTime.toNanos(),
                this::planFor, b.onRequest, LOG, b.captureLimit));
        this.captures = engine.captures();
        LOG.debug("{} started on {}: tcp {}{}", name, host, tcpPortsInOrder(),
                udpPorts.isEmpty() ? "" : ", udp " + udpPorts());
    }

    /**
     * A builder with the defaults: 127.0.0.1, one operations type {@code SSH}, no UDP.
     *
     * @return a new builder; {@link Builder#start()} starts the server
     */
    public static Builder builder() {
        return new Builder();
    }

    private Plan planFor(String sessionId) {
        SessionScript s = sessions.getOrDefault(sessionId, unknownSessions);
        return s.plan(defaultSplit, defaultPacing);
    }

    // ---- where it listens ----

    /**
     * The address the ports are bound to.
     *
     * @return the host as given to {@link Builder#host(String)}, default {@code 127.0.0.1}
     */
    public String host() {
        return host;
    }

    /**
     * The operations types this server listens for.
     *
     * @return an unmodifiable list in the order given to the builder; never empty ({@code [SSH]} when none
     *         was given)
     */
    public List<String> opsTypes() {
        return opsTypes;
    }

    /**
     * The TCP port of the first operations type: for tests that use only one.
     *
     * @return the port, as bound (a free ephemeral port unless the builder gave one)
     */
    public int port() {
        return port(opsTypes.get(0));
    }

    /**
     * The TCP port of {@code opsType}.
     *
     * @param opsType an operations type of this server, exactly as given to the builder (case matters)
     * @return the port, as bound (a free ephemeral port unless the builder gave one)
     * @throws NullPointerException     if {@code opsType} is null
     * @throws IllegalArgumentException naming the known types if it has none
     */
    public int port(String opsType) {
        Integer p = engine.tcpPort(Objects.requireNonNull(opsType, "opsType"));
        if (p == null) {
            throw new IllegalArgumentException("no operations type \"" + opsType + "\" (this server has " + opsTypes + ")");
        }
        return p;
    }

    /**
     * The UDP port of the first operations type.
     *
     * @return the port, as bound
     * @throws IllegalStateException if it has no UDP port
     */
    public int udpPort() {
        return udpPort(opsTypes.get(0));
    }

    /**
     * The UDP port of {@code opsType}.
     *
     * @param opsType an operations type of this server, exactly as given to the builder
     * @return the port, as bound
     * @throws NullPointerException     if {@code opsType} is null
     * @throws IllegalStateException    if it has no UDP port
     * @throws IllegalArgumentException naming the known types if there is no such operations type
     */
    public int udpPort(String opsType) {
        port(opsType);
        Integer p = engine.udpPort(opsType);
        if (p == null) {
            throw new IllegalStateException("operations type " + opsType + " has no UDP port: build the server with "
                    + "udp(true) or udp(\"" + opsType + "\", port)");
        }
        return p;
    }

    /**
     * Whether {@code opsType} has a UDP port.
     *
     * @param opsType an operations type; not null
     * @return {@code true} if the builder gave it one; {@code false} also for an unknown operations type
     */
    public boolean hasUdp(String opsType) {
        return engine.udpPort(Objects.requireNonNull(opsType, "opsType")) != null;
    }

    private Map<String, Integer> udpPorts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String ops : opsTypes) {
            Integer p = engine.udpPort(ops);
            if (p != null) {
                m.put(ops, p);
            }
        }
        return m;
    }

    /**
     * The TCP address of {@code opsType}, for a client of its own (the bridge is simpler to reach
     * through {@link #bridgeConfig()}).
     *
     * @param opsType an operations type of this server, exactly as given to the builder
     * @return {@link #host()} and {@link #port(String) port(opsType)}
     * @throws IllegalArgumentException if there is no such operations type
     */
    public InetSocketAddress address(String opsType) {
        return new InetSocketAddress(host, port(opsType));
    }

    /**
     * The UDP address of {@code opsType}.
     *
     * @param opsType an operations type of this server, exactly as given to the builder
     * @return {@link #host()} and {@link #udpPort(String) udpPort(opsType)}
     * @throws IllegalStateException    if it has no UDP port
     * @throws IllegalArgumentException if there is no such operations type
     */
    public InetSocketAddress udpAddress(String opsType) {
        return new InetSocketAddress(host, udpPort(opsType));
    }

    /**
     * A bridge configuration reaching every operations type of this server over TCP; add to it and build.
     *
     * @return a new builder with {@link #host()} and a TCP port for every operations type set, the rest
     *         at the bridge's defaults
     */
    public BridgeConfig.Builder bridgeConfig() {
        return bridgeConfig(CAddress.Transport.TCP);
    }

    /**
     * A bridge configuration reaching every operations type of this server over {@code transport}.
     *
     * @param transport TCP, or UDP for a server built with {@link Builder#udp(boolean) udp(true)}
     * @return a new builder with {@link #host()} and a port on {@code transport} for every operations type
     *         set, the rest at the bridge's defaults
     * @throws NullPointerException  if {@code transport} is null
     * @throws IllegalStateException if {@code transport} is UDP and an operations type has no UDP port
     */
    public BridgeConfig.Builder bridgeConfig(CAddress.Transport transport) {
        Objects.requireNonNull(transport, "transport");
        BridgeConfig.Builder b = BridgeConfig.builder().host(host);
        for (String ops : opsTypes) {
            if (transport == CAddress.Transport.UDP) {
                b.udp(ops, udpPort(ops));
            } else {
                b.tcp(ops, port(ops));
            }
        }
        return b;
    }

    /**
     * The split writes use unless a session's script says otherwise.
     *
     * @return as given to {@link Builder#split(Split)}, default {@link Split#none()}
     */
    public Split defaultSplit() {
        return defaultSplit;
    }

    /**
     * The pacing records use unless a session's script says otherwise.
     *
     * @return as given to {@link Builder#pacing(Pacing)}, default {@link Pacing#fast()}
     */
    public Pacing defaultPacing() {
        return defaultPacing;
    }

    /**
     * How long no more bytes must arrive after a request looks complete.
     *
     * @return as given to {@link Builder#settleTime(Duration)}, default 20 ms
     */
    public Duration settleTime() {
        return settleTime;
    }

    // ---- programming it ----

    /**
     * The script of session {@code sessionId}, created empty (live, with nothing sent) on first use;
     * add steps to it. Calling it again returns the same script.
     *
     * @param sessionId the session id as the bridge will request it: 1 to 128 characters of
     *                  {@code [A-Za-z0-9._:-]} (protocol §1)
     * @return the session's script, the same object on every call until {@link #forgetSession(String)}
     * @throws NullPointerException                                       if {@code sessionId} is null
     * @throws io.github.sessionbridge.protocol.InvalidSessionIdException if {@code sessionId} is not valid
     */
    public SessionScript session(String sessionId) {
        RequestLine.validateSessionId(sessionId);
        return sessions.computeIfAbsent(sessionId, SessionScript::new);
    }

    /**
     * Forgets session {@code sessionId}'s script: later requests for it get {@link #unknownSessions()}.
     * Connections already running it go on with their copy. Nothing happens if it has no script.
     *
     * @param sessionId the session id; not null
     */
    public void forgetSession(String sessionId) {
        sessions.remove(Objects.requireNonNull(sessionId, "sessionId"));
    }

    /**
     * The script for sessions that have none of their own; by default {@code '5'} and close. To change
     * it, {@link SessionScript#clear() clear} it first: {@code server.unknownSessions().clear().sendsText(...)}.
     *
     * @return the one script every session without its own runs, the same object on every call
     */
    public SessionScript unknownSessions() {
        return unknownSessions;
    }

    /**
     * Sets what happens to newly accepted TCP connections of every operations type; connections
     * already accepted, and UDP, are not affected.
     *
     * @param behavior what to do with each connection from now on, default {@link AcceptBehavior#SERVE};
     *                 not null
     * @return this server, for chaining
     */
    public FakeCServer onAccept(AcceptBehavior behavior) {
        engine.acceptBehavior(null, Objects.requireNonNull(behavior, "behavior"));
        return this;
    }

    /**
     * Sets what happens to newly accepted TCP connections of {@code opsType}; connections already
     * accepted, other operations types and UDP are not affected.
     *
     * @param opsType  an operations type of this server, exactly as given to the builder
     * @param behavior what to do with each of its connections from now on, default
     *                 {@link AcceptBehavior#SERVE}; not null
     * @return this server, for chaining
     * @throws IllegalArgumentException if there is no such operations type
     */
    public FakeCServer onAccept(String opsType, AcceptBehavior behavior) {
        port(opsType);
        engine.acceptBehavior(opsType, Objects.requireNonNull(behavior, "behavior"));
        return this;
    }

    /**
     * Ends session {@code sessionId} now, as the C side does when the watched session is over:
     * {@code '3'} to every live monitor of it (after the unit each is sending), then close them.
     * Returns at once; the loop does it soon after. A session with no live monitor is left alone;
     * its script is kept, so later monitor requests run it again.
     *
     * @param sessionId the session id; not null
     */
    public void endSession(String sessionId) {
        engine.endSession(Objects.requireNonNull(sessionId, "sessionId"));
    }

    /**
     * How many live monitors session {@code sessionId} has now: monitor connections that are open,
     * have sent no control byte and are not closing (see {@link KickReply#AUTO}).
     *
     * @param sessionId the session id; not null
     * @return the count; 0 for a session never requested, and once the server is closed
     */
    public int liveMonitors(String sessionId) {
        return engine.liveMonitors(Objects.requireNonNull(sessionId, "sessionId"));
    }

    // ---- what it saw ----

    /**
     * The oldest request not taken yet (valid or not), waiting up to {@code timeout} for one.
     *
     * @param timeout how long to wait at most; not null ({@link Duration#ZERO}: only a request already there)
     * @return the request, now taken (it stays in {@link #requests()})
     * @throws AssertionError with this server's state if none arrives in time,
     *                        or if the calling thread is interrupted while waiting (its interrupt flag is set again)
     */
    public CapturedRequest takeRequest(Duration timeout) {
        CapturedRequest r = pollRequest(timeout);
        if (r == null) {
            throw new AssertionError("no request arrived within " + timeout.toMillis() + " ms; " + this);
        }
        return r;
    }

    /**
     * The oldest request not taken yet (valid or not), waiting up to {@code timeout}: as
     * {@link #takeRequest(Duration)} for a test that expects none.
     *
     * @param timeout how long to wait at most; not null
     * @return the request, now taken, or {@code null} if none arrives in time
     * @throws AssertionError with this server's state if the calling thread is interrupted while waiting
     *                        (its interrupt flag is set again)
     */
    public CapturedRequest pollRequest(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return captures.take(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a request; " + this, e);
        }
    }

    /**
     * Waits until at least {@code n} requests have arrived in all (taken or not).
     *
     * @param n       how many requests since the server started, valid or not; 0 or less returns at once
     * @param timeout how long to wait at most; not null
     * @return every request so far, oldest first (it may be more than {@code n}); an unmodifiable snapshot
     * @throws AssertionError with this server's state if they do not arrive in time,
     *                        or if the calling thread is interrupted while waiting (its interrupt flag is set again)
     */
    public List<CapturedRequest> awaitRequests(int n, Duration timeout) {
        await(() -> captures.requestCount() >= n, timeout, "at least " + n + " request(s)");
        return captures.requests();
    }

    /**
     * Every request so far (valid or not), oldest first; {@link #takeRequest} does not change it. With a
     * {@link Builder#captureLimit(int) capture limit}, only the most recent ones.
     *
     * @return an unmodifiable snapshot; later requests do not appear in it
     */
    public List<CapturedRequest> requests() {
        return captures.requests();
    }

    /**
     * How many requests arrived (valid or not).
     *
     * @return the count since the server started, taken or not
     */
    public int requestCount() {
        return captures.requestCount();
    }

    /**
     * Snapshots of every connection so far (and UDP exchange), oldest first. With a
     * {@link Builder#captureLimit(int) capture limit}, at most that many: every open one, then the most
     * recent closed ones.
     *
     * @return an unmodifiable list of snapshots taken now, open and closed connections alike
     */
    public List<CapturedConnection> connections() {
        return captures.connections();
    }

    /**
     * How many connections were accepted (and UDP request datagrams received) in all.
     *
     * @return the count since the server started, open and closed alike
     */
    public int connectionCount() {
        return captures.connectionCount();
    }

    /**
     * How many TCP connections are open now. (UDP has no connections to close.)
     *
     * @return the count, 0 once the server is closed
     */
    public int activeConnections() {
        return captures.openTcpCount();
    }

    /**
     * Waits until at least {@code n} connections have been accepted in all (TCP connections and
     * UDP request datagrams).
     *
     * @param n       how many connections since the server started, open or closed; 0 or less returns at once
     * @param timeout how long to wait at most; not null
     * @return an unmodifiable list of snapshots of every connection so far (it may be more than {@code n}),
     *         oldest first
     * @throws AssertionError with this server's state if they are not accepted in time,
     *                        or if the calling thread is interrupted while waiting (its interrupt flag is set again)
     */
    public List<CapturedConnection> awaitConnections(int n, Duration timeout) {
        await(() -> captures.connectionCount() >= n, timeout, "at least " + n + " connection(s) accepted");
        return captures.connections();
    }

    /**
     * Waits until exactly {@code n} TCP connections are open, for example 0 once the bridge has
     * closed its C connections.
     *
     * @param n       how many TCP connections must be open at one moment; 0 or more
     * @param timeout how long to wait at most; not null
     * @throws AssertionError with this server's state if that does not happen in time,
     *                        or if the calling thread is interrupted while waiting (its interrupt flag is set again)
     */
    public void awaitActiveConnections(int n, Duration timeout) {
        await(() -> captures.openTcpCount() == n, timeout, "exactly " + n + " open TCP connection(s)");
    }

    private void await(BooleanSupplier condition, Duration timeout, String what) {
        Objects.requireNonNull(timeout, "timeout");
        boolean ok;
        try {
            ok = captures.await(condition, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what + "; " + this, e);
        }
        if (!ok) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what + "; " + this);
        }
    }

    // ---- lifecycle ----

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once the server is closed (or closing)
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes every connection and port and ends the server's thread, waiting for it. Idempotent.
     * What was captured stays readable.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!engine.stop()) {
            LOG.warn("{}: its thread did not end within 10 s", name);
        }
        LOG.debug("{} closed", name);
    }

    /**
     * The server's state for failure messages: ports, connection and request counts, live sessions,
     * every open connection with what it is doing, and the latest requests.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FakeCServer[").append(name).append(" on ").append(host).append(", tcp ")
                .append(engine.tcpPorts().isEmpty() ? "{}" : tcpPortsInOrder());
        Map<String, Integer> udpPorts = udpPorts();
        if (!udpPorts.isEmpty()) {
            sb.append(", udp ").append(udpPorts);
        }
        if (closed) {
            sb.append(", CLOSED");
        }
        List<CapturedConnection> open = captures.openConnections();
        List<CapturedRequest> reqs = captures.requests();
        sb.append("; ").append(captures.openTcpCount()).append(" open TCP connection(s), ")
                .append(captures.connectionCount()).append(" in all; ").append(reqs.size()).append(" request(s)");
        long invalid = reqs.stream().filter(r -> !r.isValid()).count();
        if (invalid > 0) {
            sb.append(" (").append(invalid).append(" invalid)");
        }
        if (!closed) {
            sb.append("; live sessions ").append(engine.liveSessions());
        }
        Set<String> scripted = new LinkedHashSet<>(new java.util.TreeSet<>(sessions.keySet()));
        sb.append("; scripted sessions ").append(scripted.size() <= 20 ? scripted : scripted.size() + " sessions");
        if (!open.isEmpty()) {
            sb.append("\n  open:");
            open.stream().limit(10).forEach(c -> sb.append("\n    ").append(c));
            if (open.size() > 10) {
                sb.append("\n    ... and ").append(open.size() - 10).append(" more");
            }
        }
        if (!reqs.isEmpty()) {
            sb.append("\n  latest requests:");
            List<CapturedRequest> last = new ArrayList<>(reqs.subList(Math.max(0, reqs.size() - 5), reqs.size()));
            last.forEach(r -> sb.append("\n    ").append(r));
        }
        return sb.append("]").toString();
    }

    private String tcpPortsInOrder() {
        StringBuilder sb = new StringBuilder("{");
        for (String ops : opsTypes) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(ops).append('=').append(engine.tcpPort(ops));
        }
        return sb.append('}').toString();
    }

    /** Builds a {@link FakeCServer}. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private final Map<String, Integer> tcpPorts = new LinkedHashMap<>();
        private final Map<String, Integer> udpPorts = new LinkedHashMap<>();
        private boolean udpAll;
        private Split split = Split.none();
        private Pacing pacing = Pacing.fast();
        private Duration settleTime = Duration.ofMillis(20);
        private String name;
        private Consumer<CapturedRequest> onRequest;
        private int captureLimit = Integer.MAX_VALUE;

        private Builder() {
        }

        /**
         * The address to listen on (default {@code 127.0.0.1}).
         *
         * @param host an IP address or host name of this machine, resolved when the server starts; not null
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Adds operations types, each with its own TCP port, picked from the free ephemeral ports.
         * Without any, the server has one: {@code SSH}.
         *
         * @param opsTypes the operations types, as the bridge's configuration names them (for example
         *                 {@code "SSH", "RDP"}; case matters); none null
         * @return this builder
         * @throws NullPointerException     if a type is null
         * @throws IllegalArgumentException if a type is blank or already added
         */
        public Builder ops(String... opsTypes) {
            for (String ops : opsTypes) {
                ops(ops, 0);
            }
            return this;
        }

        /**
         * Adds an operations type listening on TCP port {@code port} (0: any free port), for tools
         * that need a fixed port; tests should let the server pick.
         *
         * @param opsType the operations type, as the bridge's configuration names it; not null
         * @param port    the TCP port, within 0..65535; 0 picks a free ephemeral port
         * @return this builder
         * @throws NullPointerException     if {@code opsType} is null
         * @throws IllegalArgumentException if the type is blank or already added, or the port is out of range
         */
        public Builder ops(String opsType, int port) {
            Objects.requireNonNull(opsType, "opsType");
            if (opsType.isBlank()) {
                throw new IllegalArgumentException("an operations type must not be blank");
            }
            checkPort(port);
            if (tcpPorts.containsKey(opsType)) {
                throw new IllegalArgumentException("operations type " + opsType + " is already added");
            }
            tcpPorts.put(opsType, port);
            return this;
        }

        /**
         * Whether every operations type gets a UDP port too, picked from the free ports (default off).
         * A port given with {@link #udp(String, int)} is kept.
         *
         * @param udp {@code true} to give every operations type a UDP port as well as its TCP port
         * @return this builder
         */
        public Builder udp(boolean udp) {
            this.udpAll = udp;
            return this;
        }

        /**
         * Gives operations type {@code opsType} a UDP port {@code port} (0: any free port), adding the
         * type (with a free TCP port) if it is not added yet. Calling it again for the same type
         * replaces the port.
         *
         * @param opsType the operations type; not null
         * @param port    the UDP port, within 0..65535; 0 picks a free port
         * @return this builder
         * @throws NullPointerException     if {@code opsType} is null
         * @throws IllegalArgumentException if the port is out of range, or the type is new and blank
         */
        public Builder udp(String opsType, int port) {
            Objects.requireNonNull(opsType, "opsType");
            checkPort(port);
            if (!tcpPorts.containsKey(opsType)) {
                ops(opsType, 0);
            }
            udpPorts.put(opsType, port);
            return this;
        }

        private static void checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be within 0..65535 (0: any free port), was " + port);
            }
        }

        /**
         * Tells {@code listener} of every captured request (valid or not) as it is captured, on the
         * server's thread: keep it short and never block in it. For tools that log requests.
         *
         * @param listener called once per captured request; not null. It replaces any listener set before
         *                 (default: none)
         * @return this builder
         */
        public Builder onRequest(Consumer<CapturedRequest> listener) {
            this.onRequest = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * How writes are cut unless a session's script says otherwise.
         *
         * @param split the split for every session without its own, default {@link Split#none()}; not null
         * @return this builder
         */
        public Builder split(Split split) {
            this.split = Objects.requireNonNull(split, "split");
            return this;
        }

        /**
         * When records are sent unless a session's script says otherwise.
         *
         * @param pacing the pacing for every session without its own, default {@link Pacing#fast()}; not null
         * @return this builder
         */
        public Builder pacing(Pacing pacing) {
            this.pacing = Objects.requireNonNull(pacing, "pacing");
            return this;
        }

        /**
         * How long no more bytes must arrive after a request looks complete before it is taken as
         * complete (default 20 ms).
         *
         * @param settleTime zero or positive, not null. Longer is safer against a request that arrives
         *                   in pieces far apart; zero takes a request as soon as it parses, which can cut
         *                   a session id short when its last characters arrive later
         * @return this builder
         * @throws IllegalArgumentException if it is negative
         */
        public Builder settleTime(Duration settleTime) {
            Objects.requireNonNull(settleTime, "settleTime");
            if (settleTime.isNegative()) {
                throw new IllegalArgumentException("settleTime must not be negative, was " + settleTime);
            }
            this.settleTime = settleTime;
            return this;
        }

        /**
         * How many requests, untaken requests and connections the server keeps for
         * {@link FakeCServer#requests()}, {@link FakeCServer#takeRequest}, {@link FakeCServer#connections()}
         * and its failure messages (default: all of them, right for a test). A long-running server (the
         * {@code fake-server} command keeps 10,000) sets a limit so its memory stays bounded: beyond it the
         * oldest are forgotten, except open connections, which are always kept;
         * {@link FakeCServer#requestCount()} and {@link FakeCServer#connectionCount()} still count everything.
         *
         * @param limit at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code limit} is below 1
         */
        public Builder captureLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("captureLimit must be at least 1, was " + limit);
            }
            this.captureLimit = limit;
            return this;
        }

        /**
         * The server's name, for its thread, logs and {@link FakeCServer#toString()}.
         *
         * @param name any text; not null. The default is {@code fake-c-server-N}, with N counting the servers
         *             of this JVM; {@link FakeCServerExtension} uses the test's display name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Opens the ports and starts the server. The builder may be used again to start another.
         *
         * @return the running server, listening on every port; close it when done (it is
         *         {@link AutoCloseable})
         * @throws IOException if the host cannot be resolved or a port cannot be opened (for example a
         *                     fixed port already in use)
         */
        public FakeCServer start() throws IOException {
            return new FakeCServer(this);
        }
    }
}
