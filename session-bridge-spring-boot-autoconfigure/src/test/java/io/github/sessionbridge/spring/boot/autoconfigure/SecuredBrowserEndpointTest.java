package io.github.sessionbridge.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.AccessPolicy;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.testkit.BrowserTestClient;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The auto-mounted browser endpoint behind real Spring Security (HTTP Basic) on a real embedded Tomcat, the
 * whole auto-configuration on: a browser that did not log in is refused; one that did watches and kicks as
 * its principal, the application's {@code AccessPolicy} bean deciding, and the audit trail names it.
 */
class SecuredBrowserEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** An application with Spring Security: the endpoint's path reachable, who the user is left to the bridge. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).httpBasic(Customizer.withDefaults()).build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice-pw").roles("AUDITOR").build(),
                    User.withUsername("bob").password("{noop}bob-pw").roles("TRAINEE").build());
        }

        /** Alice may watch and kick; Bob may not. */
        @Bean
        AccessPolicy policy() {
            return r -> r.caller().principal().equals("alice");
        }

        @EventListener
        void on(AuditEvent e) {
            audit.add(e);
        }
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unauthenticated_browsers_are_refused_authenticated_ones_watch_and_kick_as_their_principal() throws Exception {
        try (FakeCServer c = FakeCServer.builder().ops("SSH").start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).run("--server.port=0",
                     "--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--session-bridge.tcp.SSH=" + c.port("SSH"))) {
            c.session("s-1").sendsText(1, "$ whoami\r\n").then(Ending.STALL);
            URI uri = URI.create("ws://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort() + "/session-bridge");
            App host = app.getBean(App.class);

            assertThatThrownBy(() -> BrowserTestClient.connect(uri)).isInstanceOf(IOException.class)
                    .hasMessageContaining("FORBIDDEN").hasMessageContaining("not authenticated");
            assertThatThrownBy(() -> BrowserTestClient.connect(uri, basic("alice", "wrong"))).isInstanceOf(IOException.class);

            try (BrowserTestClient alice = BrowserTestClient.connect(uri, basic("alice", "alice-pw"));
                 BrowserTestClient bob = BrowserTestClient.connect(uri, basic("bob", "bob-pw"))) {
                assertThat(alice.principal()).isEqualTo("alice");
                assertThat(bob.principal()).isEqualTo("bob");
                assertThat(bob.watch("SSH", "s-1").awaitNotice(WAIT).reason()).isEqualTo(EndReason.FORBIDDEN);

                RecordingClientSink view = alice.watch("SSH", "s-1");
                view.awaitText("$ whoami\r\n", WAIT);
                KickOutcome kicked = alice.kick("SSH", "s-1", "root shell left open").toCompletableFuture()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(kicked.status()).isEqualTo(KickOutcome.Status.KICKED);
                assertThat(view.awaitNotice(WAIT).reason()).isEqualTo(EndReason.END);
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (host.audit.size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(host.audit).extracting(e -> e.getClass().getSimpleName() + ":" + e.caller().principal())
                    .containsExactlyInAnyOrder("AccessDenied:bob", "WatchStarted:alice", "KickRequested:alice",
                            "KickAnswered:alice", "WatchEnded:alice");
            assertThat(host.audit).filteredOn(AuditEvent.KickRequested.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((AuditEvent.KickRequested) e).reason()).contains("root shell left open"));
            assertThat(c.requestCount()).as("Bob's watch never reached the C server").isEqualTo(2);
        }
    }
}
