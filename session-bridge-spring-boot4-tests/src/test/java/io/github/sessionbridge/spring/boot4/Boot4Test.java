package io.github.sessionbridge.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.audit.AuditTrail;
import io.github.sessionbridge.micrometer.BridgeMetrics;
import io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeAutoConfiguration;
import io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeHealthAutoConfiguration;
import io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeLifecycle;
import io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeMetricsAutoConfiguration;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration, compiled against Spring Boot 3.5, under Spring Boot 4: the bridge tier, its
 * properties and their validation, the audit trail, the lifecycle and the meters work; the Actuator health
 * indicator does not (Boot 4 moved {@code HealthIndicator} to another package), and backs off instead of
 * failing the start-up.
 */
class Boot4Test {

    @Test
    void the_auto_configuration_works_under_boot_4_except_the_health_indicator() throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.");
        try (FakeCServer server = FakeCServer.builder().ops("SSH").start()) {
            server.session("s-1").sendsText(1, "hello").then(Ending.END);
            ApplicationContextRunner runner = new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(SessionBridgeMetricsAutoConfiguration.class,
                            SessionBridgeAutoConfiguration.class, SessionBridgeHealthAutoConfiguration.class))
                    .withPropertyValues("session-bridge.tcp.SSH=" + server.port("SSH"));
            runner.run(ctx -> {
                assertThat(ctx).hasNotFailed().hasSingleBean(SessionBridge.class).hasSingleBean(AuditTrail.class)
                        .hasSingleBean(BridgeMetrics.class).hasSingleBean(SessionBridgeLifecycle.class)
                        .doesNotHaveBean("sessionBridgeHealthIndicator");
                RecordingClientSink sink = new RecordingClientSink();
                ctx.getBean(SessionBridge.class).monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", sink);
                assertThat(sink.awaitNotice(Duration.ofSeconds(10)).reason()).isEqualTo(EndReason.END);
            });
            runner.withPropertyValues("session-bridge.tcp.SSH=0").run(ctx -> assertThat(ctx).hasFailed().getFailure()
                    .rootCause().hasMessageContaining("session-bridge.tcp.SSH must be a port within 1..65535"));
        }
    }
}
