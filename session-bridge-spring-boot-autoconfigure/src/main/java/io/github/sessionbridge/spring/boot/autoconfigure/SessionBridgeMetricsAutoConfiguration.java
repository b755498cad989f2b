package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.audit.AuditTrail;
import io.github.sessionbridge.micrometer.AuditTrailMetrics;
import io.github.sessionbridge.micrometer.BridgeMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The Micrometer meters of the auto-configured bridge tier, when Micrometer is present: {@link BridgeMetrics}
 * (a {@code MeterBinder}, bound by Spring Boot to every registry, and a listener of the bridge tier) and
 * {@link AuditTrailMetrics}. Names start with {@code session.bridge.}.
 */
@AutoConfiguration(before = SessionBridgeAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnProperty(prefix = "session-bridge", name = "enabled", matchIfMissing = true)
public class SessionBridgeMetricsAutoConfiguration {

    /** Made by Spring. */
    public SessionBridgeMetricsAutoConfiguration() {
    }

    /**
     * The bridge tier's meters.
     *
     * @return the meters, counting from zero
     */
    @Bean
    @ConditionalOnMissingBean
    public BridgeMetrics sessionBridgeMetrics() {
        return new BridgeMetrics();
    }

    /**
     * Counts the recordings of {@code session-bridge.recording.directory}.
     *
     * @param metrics the meters
     * @return the decorator
     */
    @Bean
    public SessionBridgeAutoConfiguration.RecordingPolicyDecorator sessionBridgeRecordingMetrics(BridgeMetrics metrics) {
        return metrics::recording;
    }

    /**
     * The audit trail's meters.
     *
     * @param trail the audit trail
     * @return the meters
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "session-bridge.audit", name = "enabled", matchIfMissing = true)
    public AuditTrailMetrics sessionBridgeAuditMetrics(AuditTrail trail) {
        return new AuditTrailMetrics(trail);
    }
}
