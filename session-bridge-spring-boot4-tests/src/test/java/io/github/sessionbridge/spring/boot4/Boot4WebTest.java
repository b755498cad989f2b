package io.github.sessionbridge.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.testkit.BrowserTestClient;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import io.github.sessionbridge.web.BrowserBridge;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's browser endpoint under Spring Boot 4 on its embedded Tomcat, the whole auto-configuration on:
 * mounted at {@code session-bridge.web.path}, a browser watches and kicks over a real WebSocket, and one still
 * watching when the application stops gets its SHUTDOWN notice.
 */
class Boot4WebTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void the_browser_endpoint_is_mounted_and_serves_under_boot_4() throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.");
        try (FakeCServer c = FakeCServer.builder().ops("SSH").start()) {
            c.session("s-1").sendsText(1, "$ ").then(Ending.STALL);
            c.session("s-2").sendsText(1, "# ").then(Ending.STALL);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).run("--server.port=0",
                    "--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--session-bridge.tcp.SSH=" + c.port("SSH"),
                    "--session-bridge.web.path=/audit/live", "--session-bridge.web.allow-anonymous=true");
            try {
                assertThat(app.getBeansOfType(BrowserBridge.class)).hasSize(1);
                URI uri = URI.create("ws://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort() + "/audit/live");
                try (BrowserTestClient browser = BrowserTestClient.connect(uri)) {
                    assertThat(browser.principal()).isEqualTo("anonymous");
                    RecordingClientSink kickedView = browser.watch("SSH", "s-1");
                    kickedView.awaitText("$ ", WAIT);
                    KickOutcome kicked = browser.kick("SSH", "s-1", "boot 4").toCompletableFuture().get(10, TimeUnit.SECONDS);
                    assertThat(kicked.status()).isEqualTo(KickOutcome.Status.KICKED);
                    assertThat(kickedView.awaitNotice(WAIT).reason()).isEqualTo(EndReason.END);

                    RecordingClientSink watching = browser.watch("SSH", "s-2");
                    watching.awaitText("# ", WAIT);
                    app.close();
                    assertThat(watching.awaitNotice(WAIT).reason()).isEqualTo(EndReason.SHUTDOWN);
                }
            } finally {
                app.close();
            }
        }
    }
}
