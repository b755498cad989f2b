package io.github.sessionbridge.micrometer;

import io.github.sessionbridge.core.audit.AuditStats;
import io.github.sessionbridge.core.audit.AuditTrail;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters of an {@link AuditTrail}: {@code session.bridge.audit.events} (a counter, tag
 * {@code result}: {@code delivered}, {@code dropped}, {@code failed}, {@code refused}) and
 * {@code session.bridge.audit.queued} (a gauge), read from {@link AuditTrail#stats()}. Alert on
 * {@code dropped}: those events are lost.
 */
public final class AuditTrailMetrics implements MeterBinder {
    private final AuditTrail trail;

    /**
     * Meters of {@code trail}.
     *
     * @param trail the audit trail
     * @throws NullPointerException if {@code trail} is null
     */
    public AuditTrailMetrics(AuditTrail trail) {
        this.trail = Objects.requireNonNull(trail, "trail");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        count(registry, "delivered", "audit events the sink took", AuditStats::delivered);
        count(registry, "dropped", "audit events lost (queue full, or left over at close)", AuditStats::dropped);
        count(registry, "failed", "times the audit sink threw", AuditStats::failed);
        count(registry, "refused", "requests refused for want of room in the audit trail", AuditStats::refused);
        Gauge.builder("session.bridge.audit.queued", trail, t -> t.stats().queued())
                .description("audit events waiting for the sink").register(registry);
    }

    private void count(MeterRegistry registry, String result, String description, ToLongFunction<AuditStats> f) {
        FunctionCounter.builder("session.bridge.audit.events", trail, t -> f.applyAsLong(t.stats()))
                .description(description).tag("result", result).register(registry);
    }
}
