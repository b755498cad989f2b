package io.github.sessionbridge.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.testkit.BrowserTestClient;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application started as in production (its application.yml, a real Tomcat, the starter's browser
 * endpoint) and stopped: browsers still watching get their SHUTDOWN notice over their still-open WebSockets
 * (the bridge tier closes before the web server), and the audit trail delivers those watches' ends before it
 * closes.
 */
class ShutdownNoticeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void browsers_watching_when_the_application_stops_are_told_SHUTDOWN() throws Exception {
        try (FakeCServer server = FakeCServer.builder().ops("SSH").start()) {
            server.session("s-43").sendsText(1, "still here").then(Ending.STALL);
            server.session("s-44").sendsText(1, "me too").then(Ending.STALL);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class, BrowserTestConfig.class)
                    .run("--server.port=0", "--server.address=127.0.0.1", "--session-bridge.tcp.SSH=" + server.port("SSH"),
                            "--session-bridge.web.allow-anonymous=true");
            BrowserTestConfig.AuditLog audit = app.getBean(BrowserTestConfig.AuditLog.class);
            SessionBridge bridge = app.getBean(SessionBridge.class);
            URI endpoint = URI.create("ws://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort()
                    + "/session-bridge");

            try (BrowserTestClient first = BrowserTestClient.connect(endpoint);
                 BrowserTestClient second = BrowserTestClient.connect(endpoint)) {
                RecordingClientSink a = first.watch("SSH", "s-43");
                RecordingClientSink b = second.watch("SSH", "s-44");
                a.awaitText("still here", WAIT);
                b.awaitText("me too", WAIT);
                app.close();
                for (RecordingClientSink view : new RecordingClientSink[] {a, b}) {
                    Notice n = view.awaitNotice(WAIT);
                    assertThat(n.reason()).isEqualTo(EndReason.SHUTDOWN);
                    assertThat(n.code()).isEqualTo(5);
                }
                // and only then did the web server go: the WebSockets close after the notices
                assertThat(first.closed().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
            }
            assertThat(bridge.isClosed()).isTrue();
            assertThat(audit.events).extracting(e -> e.getClass().getSimpleName())
                    .containsExactlyInAnyOrder("WatchStarted", "WatchStarted", "WatchEnded", "WatchEnded");
            assertThat(audit.events).filteredOn(AuditEvent.WatchEnded.class::isInstance)
                    .allSatisfy(e -> assertThat(((AuditEvent.WatchEnded) e).reason()).isEqualTo(EndReason.SHUTDOWN));
        }
    }
}
