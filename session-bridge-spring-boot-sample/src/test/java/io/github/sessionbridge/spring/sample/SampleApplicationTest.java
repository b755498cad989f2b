package io.github.sessionbridge.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.testkit.BrowserTestClient;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application on a random port against a FakeCServer: watch and kick through a real WebSocket,
 * the audit trail on Spring's event bus, the meters in /actuator/metrics and /actuator/prometheus, the health
 * in /actuator/health.
 */
@SpringBootTest(classes = {SampleApplication.class, BrowserTestConfig.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // the sample has no login: its browsers are served as "anonymous" (with Spring Security, leave this out)
        properties = {"session-bridge.web.allow-anonymous=true", "server.address=127.0.0.1"})
@AutoConfigureObservability(tracing = false)
@DirtiesContext
class SampleApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    static final FakeCServer SERVER = start();

    private static FakeCServer start() {
        try {
            return FakeCServer.builder().ops("SSH").start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void cServer(DynamicPropertyRegistry r) {
        r.add("session-bridge.tcp.SSH", () -> SERVER.port("SSH"));
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    BrowserTestConfig.AuditLog audit;

    private String get(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void watch_and_kick_through_a_websocket_then_metrics_health_and_audit() throws Exception {
        SERVER.session("s-42").sendsText(1, "hello from s-42").then(Ending.STALL);
        URI endpoint = URI.create("ws://127.0.0.1:" + port + "/session-bridge");

        try (BrowserTestClient watcher = BrowserTestClient.connect(endpoint);
             BrowserTestClient kicker = BrowserTestClient.connect(endpoint)) {
            assertThat(watcher.principal()).isEqualTo("anonymous");
            RecordingClientSink view = watcher.watch("SSH", "s-42");
            view.awaitText("hello from s-42", WAIT);
            KickOutcome kicked = kicker.kick("SSH", "s-42", "left a root shell open").toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(kicked.status()).isEqualTo(KickOutcome.Status.KICKED);
            assertThat(kicked.reason()).isEqualTo(EndReason.END);
            assertThat(view.awaitNotice(WAIT)).satisfies(n -> {
                assertThat(n.reason()).isEqualTo(EndReason.END);
                assertThat(n.code()).isEqualTo(3);
            });
        }

        String ended = get("/actuator/metrics/session.bridge.ended?tag=reason:END&tag=ops.type:SSH");
        assertThat(ended).contains("\"name\":\"session.bridge.ended\"").contains("\"value\":1.0");
        String kicks = get("/actuator/metrics/session.bridge.kicks?tag=status:KICKED");
        assertThat(kicks).contains("\"value\":1.0");
        String prometheus = get("/actuator/prometheus");
        assertThat(prometheus).contains("session_bridge_opened_total{kind=\"monitor\",ops_type=\"SSH\"} 1.0")
                .contains("session_bridge_bytes_total{kind=\"monitor\",ops_type=\"SSH\"} 15.0")
                .contains("session_bridge_audit_events_total{result=\"dropped\"} 0.0")
                .doesNotContain("s-42");
        String health = get("/actuator/health");
        assertThat(health).contains("\"sessionBridge\":{\"status\":\"UP\"").contains("\"SSH\":\"reachable (127.0.0.1:");

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (audit.events.size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(audit.events).extracting(e -> e.getClass().getSimpleName())
                .containsExactlyInAnyOrder("WatchStarted", "KickRequested", "KickAnswered", "WatchEnded");
        assertThat(audit.events).filteredOn(AuditEvent.KickAnswered.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((AuditEvent.KickAnswered) e).reason()).contains("left a root shell open"));
    }
}
