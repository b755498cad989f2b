package io.github.sessionbridge.micrometer;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeListener;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingResult;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.protocol.ProtocolException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Micrometer meters of a {@code SessionBridge}: a {@link BridgeListener} that counts, and a {@link MeterBinder}
 * that shows the counts in every registry it is bound to (before or after the counting began). Tags are
 * low-cardinality only: the operations type, the end reason, the kick status, the bridge kind &mdash; never a
 * session id or a principal.
 *
 * <pre>{@code
 * BridgeMetrics metrics = new BridgeMetrics();
 * SessionBridge bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", 9001)
 *         .listener(metrics)                                                    // counts
 *         .tap(RecordingTap.of(metrics.recording(RecordingPolicy.all(dir))))    // recordings started/failed
 *         .build());
 * metrics.bindTo(registry);                                                     // shows them
 * }</pre>
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code session.bridge.active}</td><td>gauge</td><td>{@code kind}, {@code ops.type}</td></tr>
 * <tr><td>{@code session.bridge.opened}</td><td>counter</td><td>{@code kind}, {@code ops.type}</td></tr>
 * <tr><td>{@code session.bridge.ended}</td><td>counter</td><td>{@code kind}, {@code ops.type}, {@code reason}
 *     (one of {@link EndReason}; {@code CLIENT_TOO_SLOW} counts the slow-client ends)</td></tr>
 * <tr><td>{@code session.bridge.records}</td><td>counter</td><td>{@code kind}, {@code ops.type}</td></tr>
 * <tr><td>{@code session.bridge.bytes}</td><td>counter (base unit bytes)</td><td>{@code kind}, {@code ops.type}</td></tr>
 * <tr><td>{@code session.bridge.kicks}</td><td>counter</td><td>{@code ops.type}, {@code status}, {@code reason}</td></tr>
 * <tr><td>{@code session.bridge.protocol.errors}</td><td>counter</td><td>{@code ops.type}, {@code error} (its {@link ProtocolException.Kind})</td></tr>
 * <tr><td>{@code session.bridge.recordings}</td><td>counter</td><td>{@code ops.type}, {@code result}
 *     ({@code started}, {@code completed}, {@code failed})</td></tr>
 * </table>
 *
 * <p>Records and bytes are counted when a bridge ends (the listener is told them then). The bridge kind is
 * {@code monitor} for live monitors. Thread-safe.
 */
public final class BridgeMetrics implements BridgeListener, MeterBinder {
    private static final String MONITOR = "monitor";

    private final Map<Tags, AtomicLong> active = new ConcurrentHashMap<>();
    private final Map<Key, LongAdder> counters = new ConcurrentHashMap<>();
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    /** The bridges opened and not yet ended (a denied one ends without opening). */
    private final Set<Bridge> open = ConcurrentHashMap.newKeySet();

    /** A meter: its name, description, base unit and tags. */
    private record Key(String name, String description, String unit, Tags tags) {
    }

    /** New metrics, counting from zero; bind them with {@link #bindTo}. */
    public BridgeMetrics() {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (this) {
            registries.add(registry);
            active.forEach((tags, n) -> registerGauge(registry, tags, n));
            counters.forEach((key, n) -> registerCounter(registry, key, n));
        }
    }

    private static void registerGauge(MeterRegistry registry, Tags tags, AtomicLong n) {
        Gauge.builder("session.bridge.active", n, AtomicLong::get).description("bridges live now").tags(tags)
                .register(registry);
    }

    private static void registerCounter(MeterRegistry registry, Key key, LongAdder n) {
        FunctionCounter.builder(key.name(), n, LongAdder::sum).description(key.description()).baseUnit(key.unit())
                .tags(key.tags()).register(registry);
    }

    private LongAdder counter(String name, String description, String unit, Tags tags) {
        Key key = new Key(name, description, unit, tags);
        LongAdder n = counters.get(key);
        if (n != null) {
            return n;
        }
        synchronized (this) {
            return counters.computeIfAbsent(key, k -> {
                LongAdder a = new LongAdder();
                registries.forEach(r -> registerCounter(r, k, a));
                return a;
            });
        }
    }

    private AtomicLong active(Tags tags) {
        AtomicLong n = active.get(tags);
        if (n != null) {
            return n;
        }
        synchronized (this) {
            return active.computeIfAbsent(tags, t -> {
                AtomicLong a = new AtomicLong();
                registries.forEach(r -> registerGauge(r, t, a));
                return a;
            });
        }
    }

    private static Tags bridgeTags(String opsType) {
        return Tags.of("kind", MONITOR, "ops.type", opsType);
    }

    @Override
    public void opened(Bridge bridge) {
        Tags tags = bridgeTags(bridge.opsType());
        if (open.add(bridge)) {
            active(tags).incrementAndGet();
        }
        counter("session.bridge.opened", "bridges opened", null, tags).increment();
    }

    @Override
    public void ended(Bridge bridge, EndReason reason, long records, long bytes) {
        Tags tags = bridgeTags(bridge.opsType());
        if (open.remove(bridge)) {
            active(tags).decrementAndGet();
        }
        counter("session.bridge.ended", "bridges ended, by reason", null, tags.and("reason", reason.name())).increment();
        counter("session.bridge.records", "records handed to clients", null, tags).add(records);
        counter("session.bridge.bytes", "record content bytes handed to clients", "bytes", tags).add(bytes);
    }

    @Override
    public void protocolError(Caller caller, String opsType, String sessionId, ProtocolException error) {
        counter("session.bridge.protocol.errors", "protocol errors from the C server", null,
                Tags.of("ops.type", opsType, "error", error.kind().name())).increment();
    }

    @Override
    public void kicked(Caller caller, String opsType, String sessionId, KickOutcome outcome) {
        counter("session.bridge.kicks", "kicks finished, by outcome", null, Tags.of("ops.type", opsType,
                "status", outcome.status().name(), "reason", outcome.reason().name())).increment();
    }

    /**
     * A recording policy that counts what {@code policy} records: started when it picks a target, then
     * completed or failed when the recording ends.
     *
     * @param policy the policy to count
     * @return a policy that decides as {@code policy} does and tells it the same
     * @throws NullPointerException if {@code policy} is null
     */
    public RecordingPolicy recording(RecordingPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return new RecordingPolicy() {
            @Override
            public Optional<RecordingTarget> target(Bridge bridge) {
                Optional<RecordingTarget> t = policy.target(bridge);
                if (t != null && t.isPresent()) {
                    recordings(bridge, "started");
                }
                return t;
            }

            @Override
            public void finished(Bridge bridge, RecordingResult result) {
                recordings(bridge, result.error().isPresent() || !result.complete() ? "failed" : "completed");
                policy.finished(bridge, result);
            }
        };
    }

    private void recordings(Bridge bridge, String result) {
        counter("session.bridge.recordings", "recordings, by result", null,
                Tags.of("ops.type", bridge.opsType(), "result", result)).increment();
    }
}
