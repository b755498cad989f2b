package io.github.sessionbridge.web;

import static io.github.sessionbridge.testkit.BridgeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.testkit.BrowserTestClient;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.FakeCServerExtension;
import io.github.sessionbridge.testkit.RecordingClientSink;
import io.github.sessionbridge.web.spring.BridgeWebSocketHandler;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * A Spring Boot application as the README shows it, tested as a host would: the fake C server started before
 * the context ({@link FakeCServerExtension#properties}), a browser over the wire ({@link BrowserTestClient}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "spring.main.banner-mode=off"})
class SpringBootAppTest {

    @RegisterExtension
    static FakeCServerExtension c = new FakeCServerExtension(b -> b.ops("SSH"));

    @DynamicPropertySource
    static void cServer(DynamicPropertyRegistry registry) {
        c.properties("bastion.c").forEach((k, v) -> registry.add(k, () -> v));
    }

    @Value("${local.server.port}")
    int port;

    /** The README's application. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableWebSocket
    static class App implements WebSocketConfigurer {
        @Value("${bastion.c.host}")
        String host;
        @Value("${bastion.c.tcp.SSH}")
        int sshPort;

        @Bean
        SessionBridge sessionBridge() {
            return SessionBridge.create(BridgeConfig.builder().host(host).tcp("SSH", sshPort).build());
        }

        @Bean
        BrowserBridge browserBridge(SessionBridge sessions) {
            return BrowserBridge.builder(sessions)
                    .callers(h -> Caller.of(h.principal() == null ? "auditor" : h.principal().getName(), h.connectionId()))
                    .build();
        }

        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            registry.addHandler(new BridgeWebSocketHandler(browserBridge(sessionBridge())), "/session-bridge");
        }

        @EventListener(ContextClosedEvent.class)
        void closeBridges() {
            sessionBridge().close();   // before the web server stops: the SHUTDOWN notices reach the browsers
        }
    }

    @Test
    void a_browser_over_the_wire_watches_and_kicks(FakeCServer fake) throws Exception {
        assertThat(fake).isSameAs(c.server());
        fake.session("s-1").sends(TerminalData.ofText(0, "$ ls\r\n")).then(Ending.END);
        fake.session("s-2").sends(TerminalData.ofText(0, "$ ")).then(Ending.STALL);
        try (BrowserTestClient browser = BrowserTestClient.connect(URI.create("ws://127.0.0.1:" + port + "/session-bridge"))) {
            assertThat(browser.principal()).isEqualTo("auditor");
            RecordingClientSink view = browser.watch("SSH", "s-1");
            assertThat(view).awaitingEnd(Duration.ofSeconds(10)).endedOnceWith(EndReason.END).hasText("$ ls\r\n");
            RecordingClientSink watched = browser.watch("SSH", "s-2");
            watched.awaitText("$ ", Duration.ofSeconds(10));
            KickOutcome kicked = browser.kick("SSH", "s-2", "audit test").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(kicked.status()).isEqualTo(KickOutcome.Status.KICKED);
            assertThat(watched.awaitNotice(Duration.ofSeconds(10)).reason()).isEqualTo(EndReason.END);
        }
    }
}
