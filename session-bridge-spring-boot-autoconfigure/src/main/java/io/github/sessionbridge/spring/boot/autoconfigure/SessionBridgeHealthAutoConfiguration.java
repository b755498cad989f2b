package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.audit.AuditTrail;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator health indicator of the bridge tier ({@code sessionBridge} in {@code /actuator/health}),
 * when Actuator is present; off with {@code management.health.session-bridge.enabled=false}.
 */
@AutoConfiguration(after = SessionBridgeAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(SessionBridge.class)
@ConditionalOnEnabledHealthIndicator("session-bridge")
public class SessionBridgeHealthAutoConfiguration {

    /** Made by Spring. */
    public SessionBridgeHealthAutoConfiguration() {
    }

    /**
     * The health indicator: C ports probed with a connect of at most 1 s, each result cached for 10 s.
     *
     * @param bridge the bridge tier
     * @param props  the settings (the recording directory)
     * @param audit  the audit trail, if any
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "sessionBridgeHealthIndicator")
    public SessionBridgeHealthIndicator sessionBridgeHealthIndicator(SessionBridge bridge, SessionBridgeProperties props,
                                                                     ObjectProvider<AuditTrail> audit) {
        return new SessionBridgeHealthIndicator(bridge, props.getRecording().getDirectory(), audit.getIfAvailable(),
                Duration.ofSeconds(1), Duration.ofSeconds(10));
    }
}
