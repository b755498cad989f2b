package io.github.sessionbridge.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application started as in production (its application.yml, a real Tomcat) and stopped: a
 * browser still watching gets its SHUTDOWN notice over its still-open WebSocket (the bridge tier closes
 * before the web server), and the audit trail delivers that watch's end before it closes.
 */
class ShutdownNoticeTest {

    @Test
    void a_browser_watching_when_the_application_stops_is_told_SHUTDOWN() throws Exception {
        try (FakeCServer server = FakeCServer.builder().ops("SSH").start()) {
            server.session("s-43").sendsText(1, "still here").then(Ending.STALL);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class, BrowserTestConfig.class)
                    .run("--server.port=0", "--server.address=127.0.0.1", "--session-bridge.tcp.SSH=" + server.port("SSH"),
                            "--session-bridge.web.allow-anonymous=true");
            BrowserTestConfig.AuditLog audit = app.getBean(BrowserTestConfig.AuditLog.class);
            SessionBridge bridge = app.getBean(SessionBridge.class);
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();

            WsClient watcher = WsClient.connect(port, "/session-bridge");
            watcher.send("watch SSH s-43");
            assertThat(watcher.next()).isEqualTo("data:still here");
            app.close();
            assertThat(watcher.next()).isEqualTo("end:SHUTDOWN:5");
            assertThat(watcher.next()).startsWith("closed:");
            assertThat(bridge.isClosed()).isTrue();
            assertThat(audit.events).extracting(e -> e.getClass().getSimpleName()).containsExactly("WatchStarted", "WatchEnded");
            assertThat(((AuditEvent.WatchEnded) audit.events.get(1)).reason().name()).isEqualTo("SHUTDOWN");
        }
    }
}
