package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.AccessRequest;
import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeAudit;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.BridgeListener;
import io.github.sessionbridge.core.BridgeStats;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.Timeline;
import io.github.sessionbridge.core.internal.nio.NioEndpoint;
import io.github.sessionbridge.protocol.Action;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RequestLine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Over 400 lines: one job, the session bridge's registry and lifecycle (open under the read lock, close under
// the write lock, the indexes, the stats); the bridges, kicks and timelines it registers live in their own
// classes.
/** The {@link SessionBridge} behind {@link SessionBridge#create}. */
public final class DefaultSessionBridge implements SessionBridge {
    private static final Logger log = LoggerFactory.getLogger(DefaultSessionBridge.class);

    private final BridgeConfig config;
    private final CEndpoint endpoint;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<Long, TierBridge> live = new ConcurrentHashMap<>();
    private final Map<String, Set<TierBridge>> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Set<TierBridge>> bySession = new ConcurrentHashMap<>();
    private final Set<KickCall> kicks = ConcurrentHashMap.newKeySet();
    /**
     * Orders opening against closing: {@code monitor} and {@code kick} hold the read lock from their
     * last "still open?" check until their bridge or kick is registered and started; {@code close}
     * holds the write lock while it marks itself closed and takes the list of what it ends. So a call
     * either throws {@link IllegalStateException} or is on that list, and its client is told SHUTDOWN
     * (before, a monitor whose access check outlasted the shutdown failed with CONNECT_FAILED).
     */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

    private final Timelines timelines;

    private final LongAdder opened = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder protocolErrors = new LongAdder();
    private final Map<EndReason, LongAdder> endedByReason = new EnumMap<>(EndReason.class);
    private final Map<KickOutcome.Status, LongAdder> kicksByStatus = new EnumMap<>(KickOutcome.Status.class);

    /** Starts a bridge tier that makes its timelines with {@code timelines}; prefer {@link SessionBridge#create}. */
    public DefaultSessionBridge(BridgeConfig config, Timelines timelines) {
        this.config = Objects.requireNonNull(config, "config");
        this.timelines = Objects.requireNonNull(timelines, "timelines");
        this.endpoint = config.endpoint() != null ? config.endpoint() : new NioEndpoint(config.ioThreads());
        for (EndReason r : EndReason.values()) {
            endedByReason.put(r, new LongAdder());
        }
        for (KickOutcome.Status s : KickOutcome.Status.values()) {
            kicksByStatus.put(s, new LongAdder());
        }
    }

    @Override
    public BridgeConfig config() {
        return config;
    }

    @Override
    public Bridge monitor(Caller caller, String opsType, String sessionId, ClientSink sink) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(sink, "sink");
        RequestLine.validateSessionId(sessionId);
        CAddress address = config.address(opsType);
        ensureOpen();
        LiveBridge bridge = new LiveBridge(ids.incrementAndGet(), caller, opsType, sessionId, sink, this);
        open(bridge, new AccessRequest(caller, Action.MONITOR, opsType, sessionId, false), address);
        return bridge;
    }

    /** Asks the policy, then registers and starts {@code bridge} (or ends it FORBIDDEN / INTERNAL_ERROR). */
    private void open(TierBridge bridge, AccessRequest request, CAddress address) {
        boolean allowed;
        try {
            allowed = allowed(request, Optional.empty());
        } catch (Throwable t) {
            // an Error from the policy: a bug, not a decision; nothing is opened, the client is told
            audit().denied(request, true, Optional.empty());
            bridge.internalError("the access policy", t);
            return;
        }
        if (!allowed) {
            bridge.forbid();
            return;
        }
        lifecycle.readLock().lock();
        try {
            // closed while the access policy ran: nothing is opened
            ensureOpen();
            // the audit trail may have no room (it records the refusal itself)
            boolean audited = request.playback() ? audit().playbackStarted(bridge, java.time.Duration.ZERO)
                    : audit().watchStarted(bridge);
            if (!audited) {
                bridge.forbid();
                return;
            }
            register(bridge);
            opened.increment();
            try {
                listen(l -> l.opened(bridge));
                bridge.start(endpoint, address);
            } catch (Throwable t) {
                // registered but not started: it must end (unregistered, its client told), not stay stranded
                bridge.internalError("opening the bridge", t);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public Timeline play(Caller caller, String opsType, String sessionId, ClientSink sink, PlaybackOptions options) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(options, "options");
        RequestLine.validateSessionId(sessionId);
        CAddress address = config.address(opsType);
        ensureOpen();
        Timelines.Made timeline = timelines.create(ids.incrementAndGet(), caller, opsType, sessionId, sink, options, this);
        open(timeline, new AccessRequest(caller, Action.MONITOR, opsType, sessionId, true), address);
        return timeline;
    }

    @Override
    public CompletionStage<KickOutcome> kick(Caller caller, String opsType, String sessionId) {
        return kick(caller, opsType, sessionId, Optional.empty());
    }

    @Override
    public CompletionStage<KickOutcome> kick(Caller caller, String opsType, String sessionId, String reason) {
        return kick(caller, opsType, sessionId, Optional.of(KickReason.check(reason)));
    }

    private CompletionStage<KickOutcome> kick(Caller caller, String opsType, String sessionId, Optional<String> reason) {
        Objects.requireNonNull(caller, "caller");
        RequestLine.validateSessionId(sessionId);
        CAddress address = config.address(opsType);
        ensureOpen();
        KickCall call = new KickCall(caller, opsType, sessionId, this);
        AccessRequest request = new AccessRequest(caller, Action.KICK, opsType, sessionId);
        boolean allowed;
        try {
            allowed = allowed(request, reason);
        } catch (Throwable t) {
            audit().denied(request, true, reason);
            call.internalError("the access policy", t);
            return call.result.minimalCompletionStage();
        }
        if (!allowed) {
            call.forbid();
            return call.result.minimalCompletionStage();
        }
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            if (!audit().kickRequested(call, caller, opsType, sessionId, reason)) {
                call.forbid();
                return call.result.minimalCompletionStage();
            }
            kicks.add(call);
            log.debug("[kick sid={} ops={}] asked by {} (connection {}) via {}{}", sessionId, opsType,
                    caller.principal(), caller.connectionId(), address, reason.map(r -> ", reason: " + Json.quote(r)).orElse(""));
            try {
                call.start(endpoint, address);
            } catch (Throwable t) {
                call.internalError("starting the kick", t);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
        return call.result.minimalCompletionStage();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the session bridge is closed");
        }
    }

    /**
     * What the policy says, a denial audited; a RuntimeException denies (logged); an Error propagates, for the
     * caller to end with (and audit).
     */
    private boolean allowed(AccessRequest request, Optional<String> kickReason) {
        boolean allowed;
        boolean failed = false;
        try {
            allowed = config.accessPolicy().allows(request);
        } catch (RuntimeException e) {
            log.warn("[sid={}] the access policy threw; denying {}", request.sessionId(), request, e);
            allowed = false;
            failed = true;
        }
        if (!allowed) {
            audit().denied(request, failed, kickReason);
        }
        return allowed;
    }

    private BridgeAudit audit() {
        return config.audit();
    }

    private void register(TierBridge b) {
        live.put(b.id(), b);
        index(byConnection, b.caller().connectionId(), b);
        index(bySession, b.sessionId(), b);
    }

    private static void index(Map<String, Set<TierBridge>> map, String key, TierBridge b) {
        map.compute(key, (k, set) -> {
            Set<TierBridge> s = set != null ? set : ConcurrentHashMap.newKeySet(1); // mostly one bridge per key: a 2-slot table
            s.add(b);
            return s;
        });
    }

    private static void unindex(Map<String, Set<TierBridge>> map, String key, TierBridge b) {
        map.computeIfPresent(key, (k, set) -> {
            set.remove(b);
            return set.isEmpty() ? null : set;
        });
    }

    // ---- called by bridges and kicks

    public void relayed(int contentBytes) {
        records.increment();
        bytes.add(contentBytes);
    }

    /** The bridge has ended: it is no longer live. */
    public void unregister(TierBridge b) {
        // out of the indexes before out of the count: who sees activeCount() drop sees the indexes without it
        if (live.get(b.id()) == b) {
            unindex(byConnection, b.caller().connectionId(), b);
            unindex(bySession, b.sessionId(), b);
            live.remove(b.id(), b);
        }
    }

    /** The bridge's client has had its last call: {@code recordCount} records were handed to it. */
    public void ended(TierBridge b, EndReason reason, long recordCount, long byteCount) {
        unregister(b);
        endedByReason.get(reason).increment();
        if (b instanceof Timeline t) {
            audited(() -> audit().playbackEnded(b, reason, t.position()));
        } else {
            audited(() -> audit().watchEnded(b, reason, recordCount, byteCount));
        }
        listen(l -> l.ended(b, reason, recordCount, byteCount));
    }

    /** A timeline's seek completed (audited). */
    public void seeked(TierBridge timeline, java.time.Duration from, java.time.Duration to) {
        audited(() -> audit().playbackSeeked(timeline, from, to));
    }

    public void protocolError(Caller caller, String opsType, String sessionId, ProtocolException e) {
        protocolErrors.increment();
        listen(l -> l.protocolError(caller, opsType, sessionId, e));
    }

    void kickFinished(KickCall call, KickOutcome outcome) {
        kicks.remove(call);
        kicksByStatus.get(outcome.status()).increment();
        audited(() -> audit().kickAnswered(call, outcome));
        log.info("[kick sid={} ops={}] asked by {} (connection {}): {} ({}: {})", call.sessionId, call.opsType,
                call.caller.principal(), call.caller.connectionId(), outcome.status(), outcome.reason(), outcome.detail());
        listen(l -> l.kicked(call.caller, call.opsType, call.sessionId, outcome));
    }

    /** Tells the audit of an end on an I/O thread: what it throws is logged and ignored, as for the listener. */
    private static void audited(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("the bridge audit threw; ignored", e);
        } catch (Throwable t) {
            log.error("the bridge audit threw an Error", t);
            Failures.rethrowIfFatal(t);
        }
    }

    /**
     * Tells the listener; what it throws is logged (an Error at ERROR) and ignored, except a
     * {@link VirtualMachineError}, rethrown for the caller to finish its cleanup around.
     */
    private void listen(Consumer<BridgeListener> event) {
        try {
            event.accept(config.listener());
        } catch (RuntimeException e) {
            log.warn("the bridge listener threw; ignored", e);
        } catch (Throwable t) {
            log.error("the bridge listener threw an Error", t);
            Failures.rethrowIfFatal(t);
        }
    }

    // ---- registry

    @Override
    public List<Bridge> bridges() {
        return List.copyOf(live.values());
    }

    @Override
    public List<Bridge> bridgesOfConnection(String connectionId) {
        return snapshot(byConnection.get(Objects.requireNonNull(connectionId, "connectionId")));
    }

    @Override
    public List<Bridge> bridgesOfSession(String sessionId) {
        return snapshot(bySession.get(Objects.requireNonNull(sessionId, "sessionId")));
    }

    private static List<Bridge> snapshot(Set<TierBridge> set) {
        return set == null ? List.of() : List.copyOf(set);
    }

    @Override
    public int activeCount() {
        return live.size();
    }

    @Override
    public BridgeStats stats() {
        Map<EndReason, Long> ended = new EnumMap<>(EndReason.class);
        endedByReason.forEach((r, a) -> ended.put(r, a.sum()));
        Map<KickOutcome.Status, Long> kicked = new EnumMap<>(KickOutcome.Status.class);
        kicksByStatus.forEach((s, a) -> kicked.put(s, a.sum()));
        return new BridgeStats(opened.sum(), live.size(), ended, records.sum(), bytes.sum(), protocolErrors.sum(), kicked);
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        List<TierBridge> bridges;
        List<KickCall> pending;
        // a listener calling close() from inside monitor() or kick() cannot wait for its own call
        boolean lock = lifecycle.getReadHoldCount() == 0;
        if (lock) {
            lifecycle.writeLock().lock();
        }
        try {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            bridges = new ArrayList<>(live.values());
            pending = new ArrayList<>(kicks);
        } finally {
            if (lock) {
                lifecycle.writeLock().unlock();
            }
        }
        log.info("closing the session bridge: {} live bridges, {} pending kicks", bridges.size(), pending.size());
        if (endpoint.isEventThread()) {
            // called from a sink or listener: the bridges can only end on this very thread once it returns,
            // so waiting here would stall; the rest of close() runs on a thread of its own
            Thread closer = new Thread(() -> finishClose(bridges, pending), "session-bridge-close");
            closer.setDaemon(true);
            closer.start();
            return;
        }
        finishClose(bridges, pending);
    }

    private void finishClose(List<TierBridge> bridges, List<KickCall> pending) {
        List<CompletableFuture<?>> done = new ArrayList<>();
        for (TierBridge b : bridges) {
            b.shutdown();
            done.add(b.ended().toCompletableFuture());
        }
        for (KickCall k : pending) {
            k.shutdown();
            done.add(k.result);
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("not every bridge ended within 5 s of close(); closing the transport anyway", e);
        }
        try {
            endpoint.close();
        } catch (RuntimeException e) {
            log.error("closing the transport failed", e);
        }
        try {
            // the transport's threads are gone: whatever had not ended ends here, on this thread, and an end
            // still waiting for its client's last send waits no longer
            for (TierBridge b : bridges) {
                b.shutdown();
                b.abandon();
            }
            for (KickCall k : pending) {
                k.shutdown();
            }
        } finally {
            Taps.closeAll(config.taps());
            timelines.close();
        }
    }

    @Override
    public String toString() {
        return "SessionBridge[" + config.addresses() + ", " + live.size() + " live" + (closed.get() ? ", closed" : "") + "]";
    }
}
