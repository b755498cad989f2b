package io.github.sessionbridge.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.AccessPolicy;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.core.audit.AuditTrail;
import io.github.sessionbridge.core.audit.JsonLinesAuditWriter;
import io.github.sessionbridge.micrometer.BridgeMetrics;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import io.github.sessionbridge.web.BrowserBridge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

class SessionBridgeAutoConfigurationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private FakeCServer server;
    private ApplicationContextRunner runner;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        server = FakeCServer.builder().ops("SSH", "RDP").start();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SessionBridgeMetricsAutoConfiguration.class,
                        SessionBridgeAutoConfiguration.class, SessionBridgeHealthAutoConfiguration.class))
                .withPropertyValues("session-bridge.host=127.0.0.1", "session-bridge.tcp.SSH=" + server.port("SSH"),
                        "session-bridge.tcp.RDP=" + server.port("RDP"), "session-bridge.connect-timeout=2s");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void application_properties_alone_make_a_working_bridge_tier() {
        runner.withPropertyValues("session-bridge.kick-timeout=3s", "session-bridge.flow-control.high-water-mark=2MB",
                "session-bridge.flow-control.low-water-mark=512KB", "session-bridge.max-record-size=1MB",
                "session-bridge.timeline-spool.directory=" + dir, "session-bridge.timeline-spool.per-timeline=64MB").run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(SessionBridge.class).hasSingleBean(AuditTrail.class)
                    .hasSingleBean(BridgeMetrics.class).hasSingleBean(SessionBridgeLifecycle.class)
                    .doesNotHaveBean(JsonLinesAuditWriter.class)
                    .doesNotHaveBean(BrowserBridge.class);   // not a web application: no browser endpoint
            BridgeConfig c = ctx.getBean(SessionBridge.class).config();
            assertThat(c.addresses()).containsEntry("SSH", new CAddress("127.0.0.1", server.port("SSH"), CAddress.Transport.TCP));
            assertThat(c.kickTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(c.flowControl().highWaterMark()).isEqualTo(2 * 1024 * 1024);
            assertThat(c.flowControl().lowWaterMark()).isEqualTo(512 * 1024);
            assertThat(c.maxRecordSize()).isEqualTo(1024 * 1024);
            assertThat(c.timelineSpool().directory()).isEqualTo(dir);
            assertThat(c.timelineSpool().timelineBytes()).isEqualTo(64L << 20);
            assertThat(c.audit()).isSameAs(ctx.getBean(AuditTrail.class));

            server.session("s-1").sendsText(1, "hello").then(Ending.END);
            RecordingClientSink sink = new RecordingClientSink();
            ctx.getBean(SessionBridge.class).monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", sink);
            assertThat(sink.awaitNotice(WAIT).reason()).isEqualTo(EndReason.END);
            assertThat(sink.text()).isEqualTo("hello");
        });
    }

    @Test
    void beans_of_the_application_win_and_an_access_policy_bean_is_used() {
        runner.withUserConfiguration(DenyAll.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            RecordingClientSink sink = new RecordingClientSink();
            ctx.getBean(SessionBridge.class).monitor(Caller.of("mallory", "ws-2"), "SSH", "s-1", sink);
            assertThat(sink.awaitNotice(WAIT).reason()).isEqualTo(EndReason.FORBIDDEN);
            assertThat(server.requestCount()).isZero();
        });
        runner.withUserConfiguration(OwnBridge.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(SessionBridge.class);
            assertThat(ctx.getBean(SessionBridge.class).config().addresses()).containsOnlyKeys("OWN");
        });
    }

    @Test
    void a_bad_setting_fails_start_up_naming_the_property() {
        runner.withPropertyValues("session-bridge.tcp.SSH=70000").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("session-bridge.tcp.SSH must be a port within 1..65535, was 70000"));
        runner.withPropertyValues("session-bridge.connect-timeout=0s").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("session-bridge.connect-timeout must be positive"));
        runner.withPropertyValues("session-bridge.flow-control.low-water-mark=4MB").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("session-bridge.flow-control.low-water-mark"));
        runner.withPropertyValues("session-bridge.timeline-spool.total=1MB").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("session-bridge.timeline-spool.total must be at least"));
        runner.withPropertyValues("session-bridge.timeline-spool.memory=512MB").run(ctx -> assertThat(ctx).hasFailed()
                .getFailure().rootCause().hasMessageContaining("session-bridge.timeline-spool.memory must be within 64KB..256MB, was 536870912B"));
        runner.withPropertyValues("session-bridge.recording.directory=" + dir.resolve("missing")).run(ctx -> assertThat(ctx)
                .hasFailed().getFailure().rootCause().hasMessageContaining("session-bridge.recording.directory must be an existing directory"));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SessionBridgeAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("session-bridge.tcp needs at least one operations type"));
    }

    @Test
    void the_configuration_metadata_describes_every_property() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"session-bridge.tcp\"", "\"session-bridge.udp\"", "\"session-bridge.connect-timeout\"",
                    "\"session-bridge.flow-control.high-water-mark\"", "\"session-bridge.recording.directory\"",
                    "\"session-bridge.audit.overflow\"", "\"session-bridge.web.path\"", "\"session-bridge.timeline-spool.per-timeline\"", "\"session-bridge.web.allowed-origins\"", "\"session-bridge.web.allowed-hosts\"", "\"session-bridge.web.enabled\"", "\"session-bridge.web.allow-anonymous\"", "\"session-bridge.audit.fsync\"", "\"session-bridge.flow-control.slow-client-timeout\"",
                    "C server's TCP port");
        }
    }

    @Test
    void audit_events_reach_the_json_files_and_spring_listeners_and_the_trail_outlives_the_bridge() throws Exception {
        server.session("s-2").sendsText(1, "x").then(Ending.STALL);
        List<AuditEvent> heard = new CopyOnWriteArrayList<>();
        runner.withPropertyValues("session-bridge.audit.directory=" + dir).withBean(Heard.class, () -> new Heard(heard))
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(JsonLinesAuditWriter.class);
                    RecordingClientSink sink = new RecordingClientSink();
                    ctx.getBean(SessionBridge.class).monitor(Caller.of("alice", "ws-3"), "SSH", "s-2", sink);
                    sink.awaitText("x", WAIT);
                });
        // the context closed: the bridge first (SHUTDOWN), then the trail drained, then the writer closed
        assertThat(heard).hasSize(2);
        assertThat(((AuditEvent.WatchEnded) heard.get(1)).reason()).isEqualTo(EndReason.SHUTDOWN);
        try (var files = Files.list(dir)) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith("audit-")).findFirst().orElseThrow();
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("\"type\":\"WatchStarted\"", "\"principal\":\"alice\"");
            assertThat(lines.get(1)).contains("\"type\":\"WatchEnded\"", "\"reason\":\"SHUTDOWN\"");
        }
    }

    @Test
    void meters_count_in_the_registry_and_go_away_without_micrometer() {
        server.session("s-3").sendsText(1, "hello").then(Ending.END);
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(ctx -> {
            MeterRegistry registry = ctx.getBean(MeterRegistry.class);
            ctx.getBean(BridgeMetrics.class).bindTo(registry);
            RecordingClientSink sink = new RecordingClientSink();
            ctx.getBean(SessionBridge.class).monitor(Caller.of("alice", "ws-4"), "SSH", "s-3", sink);
            sink.awaitNotice(WAIT);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.find("session.bridge.ended").tag("reason", "END").functionCounter() == null
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(registry.get("session.bridge.ended").tags("reason", "END", "ops.type", "SSH", "kind", "monitor")
                    .functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("session.bridge.bytes").tag("ops.type", "SSH").functionCounter().count()).isEqualTo(5);
        });
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run(ctx -> assertThat(ctx).hasNotFailed()
                .hasSingleBean(SessionBridge.class).doesNotHaveBean(BridgeMetrics.class));
    }

    @Test
    void health_is_up_with_the_c_server_reachable_and_down_without_it() throws Exception {
        runner.withPropertyValues("session-bridge.recording.directory=" + dir).run(ctx -> {
            HealthIndicator h = ctx.getBean("sessionBridgeHealthIndicator", HealthIndicator.class);
            assertThat(h.health().getStatus()).isEqualTo(Status.UP);
            assertThat(h.health().getDetails().get("ports").toString()).contains("SSH=reachable", "RDP=reachable");
            assertThat(h.health().getDetails().get("recordingDirectory").toString()).startsWith("writable");
        });
        SessionBridge bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port("SSH")).build());
        try {
            SessionBridgeHealthIndicator h = new SessionBridgeHealthIndicator(bridge, dir.resolve("gone"), null,
                    Duration.ofMillis(500), Duration.ofMillis(1));
            assertThat(h.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.health().getDetails().get("recordingDirectory").toString()).startsWith("not a directory");
            SessionBridgeHealthIndicator h2 = new SessionBridgeHealthIndicator(bridge, null, null, Duration.ofMillis(500),
                    Duration.ofMillis(1));
            assertThat(h2.health().getStatus()).isEqualTo(Status.UP);
            server.close();
            Thread.sleep(5);
            assertThat(h2.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(h2.health().getDetails().get("ports").toString()).contains("SSH=unreachable");
        } finally {
            bridge.close();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DenyAll {
        @Bean
        AccessPolicy policy() {
            return r -> false;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBridge {
        @Bean(destroyMethod = "close")
        SessionBridge own() {
            return SessionBridge.create(BridgeConfig.builder().tcp("OWN", 1).build());
        }
    }

    static class Heard {
        private final List<AuditEvent> heard;

        Heard(List<AuditEvent> heard) {
            this.heard = heard;
        }

        @EventListener
        public void on(AuditEvent e) {
            heard.add(e);
        }
    }
}
