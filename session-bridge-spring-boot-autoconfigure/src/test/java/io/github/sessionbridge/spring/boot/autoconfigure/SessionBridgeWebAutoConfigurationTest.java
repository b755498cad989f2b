package io.github.sessionbridge.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.web.BrowserBridge;
import io.github.sessionbridge.web.CallerProvider;
import io.github.sessionbridge.web.Handshake;
import io.github.sessionbridge.web.WebLimits;
import io.github.sessionbridge.web.spring.BridgeWebSocketHandler;
import java.security.Principal;
import java.time.Duration;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

/**
 * The browser endpoint's auto-configuration in a servlet web context: mounted at the configured path, backing
 * off without bridge-web, Spring WebSocket or a web application, giving way to the application's beans, and
 * failing start-up on a bad origin naming the property. (The endpoint serving real browsers, with Spring
 * Security, is {@link SecuredBrowserEndpointTest}.)
 */
class SessionBridgeWebAutoConfigurationTest {
    private FakeCServer server;
    private WebApplicationContextRunner runner;

    @BeforeEach
    void start() throws Exception {
        server = FakeCServer.builder().ops("SSH").start();
        runner = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class, SessionBridgeAutoConfiguration.class,
                        SessionBridgeWebAutoConfiguration.class))
                .withPropertyValues("session-bridge.tcp.SSH=" + server.port("SSH"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Map<String, Object> urls(org.springframework.context.ApplicationContext ctx) {
        return ctx.getBeansOfType(SimpleUrlHandlerMapping.class).values().stream()
                .flatMap(m -> m.getUrlMap().entrySet().stream())
                .filter(e -> e.getValue() instanceof WebSocketHttpRequestHandler)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void the_browser_endpoint_is_mounted_at_the_configured_path() {
        runner.withPropertyValues("session-bridge.web.path=/audit/live", "session-bridge.web.allowed-origins=https://console.example.org")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(BrowserBridge.class).hasSingleBean(CallerProvider.class)
                            .hasBean("sessionBridgeWebSocketConfigurer");
                    Map<String, Object> urls = urls(ctx);
                    assertThat(urls).containsOnlyKeys("/audit/live");
                    assertThat(WebSocketHandlerDecorator.unwrap(((WebSocketHttpRequestHandler) urls.get("/audit/live")).getWebSocketHandler()))
                            .isInstanceOf(BridgeWebSocketHandler.class);
                    assertThat(ctx.getBean(BrowserBridge.class).limits()).isEqualTo(WebLimits.DEFAULTS);
                });
    }

    @Test
    void it_backs_off_without_bridge_web_spring_websocket_a_web_application_or_when_disabled() {
        runner.withClassLoader(new FilteredClassLoader(BridgeWebSocketHandler.class)).run(ctx -> assertThat(ctx)
                .hasNotFailed().hasSingleBean(SessionBridge.class).doesNotHaveBean(BrowserBridge.class)
                .doesNotHaveBean(CallerProvider.class).doesNotHaveBean("sessionBridgeWebSocketConfigurer"));
        runner.withClassLoader(new FilteredClassLoader("org.springframework.web.socket")).run(ctx -> assertThat(ctx)
                .hasNotFailed().hasSingleBean(SessionBridge.class).doesNotHaveBean(BrowserBridge.class));
        runner.withPropertyValues("session-bridge.web.enabled=false").run(ctx -> assertThat(ctx)
                .hasNotFailed().hasSingleBean(SessionBridge.class).doesNotHaveBean(BrowserBridge.class));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SessionBridgeAutoConfiguration.class,
                        SessionBridgeWebAutoConfiguration.class)).withPropertyValues("session-bridge.tcp.SSH=" + server.port("SSH"))
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(SessionBridge.class).doesNotHaveBean(BrowserBridge.class));
        runner.withPropertyValues("session-bridge.enabled=false").run(ctx -> assertThat(ctx)
                .hasNotFailed().doesNotHaveBean(SessionBridge.class).doesNotHaveBean(BrowserBridge.class));
    }

    @Test
    void the_applications_beans_win() {
        runner.withUserConfiguration(OwnWeb.class).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(CallerProvider.class)).isSameAs(OwnWeb.CALLERS);
            assertThat(ctx.getBean(BrowserBridge.class).limits()).isEqualTo(OwnWeb.LIMITS);
            // the application enabled WebSocket itself, and mounted its own handler besides the bridge's
            assertThat(urls(ctx)).containsOnlyKeys("/session-bridge", "/other");
        });
        runner.withUserConfiguration(OwnConfigurer.class).run(ctx -> assertThat(urls(ctx)).containsOnlyKeys("/mine"));
    }

    @Test
    void a_bad_origin_or_path_fails_start_up_naming_the_property() {
        runner.withPropertyValues("session-bridge.web.allowed-origins=https://ok.example.org,https://bad.example.org/path")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("session-bridge.web.allowed-origins[1]")
                        .hasMessageContaining("https://bad.example.org/path"));
        runner.withPropertyValues("session-bridge.web.allowed-hosts=console.example.org,https://console.example.org")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("session-bridge.web.allowed-hosts[1]")
                        .hasMessageContaining("https://console.example.org"));
        runner.withPropertyValues("session-bridge.web.allowed-hosts=console.example.org,127.0.0.1:8080").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            BrowserBridge web = ctx.getBean(BrowserBridge.class);
            assertThat(web.refusal(null, "127.0.0.1:8080")).isEmpty();
            assertThat(web.refusal(null, "evil.example:8080")).isPresent();
        });
        runner.withPropertyValues("session-bridge.web.path=no-slash").run(ctx -> assertThat(ctx).hasFailed().getFailure()
                .rootCause().hasMessageContaining("session-bridge.web.path must start with /"));
    }

    @Test
    void with_spring_security_only_an_authenticated_non_anonymous_principal_is_a_caller() {
        var user = UsernamePasswordAuthenticationToken.authenticated("alice", "n/a", AuthorityUtils.createAuthorityList("ROLE_A"));
        var unauthenticated = UsernamePasswordAuthenticationToken.unauthenticated("eve", "guess");
        var anonymous = new AnonymousAuthenticationToken("key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
        runner.run(ctx -> {
            CallerProvider callers = ctx.getBean(CallerProvider.class);
            assertThat(callers.callerFor(handshake(user))).isEqualTo(Caller.of("alice", "ws-1"));
            assertThatThrownBy(() -> callers.callerFor(handshake(unauthenticated))).isInstanceOf(SecurityException.class)
                    .hasMessage("the connection is not authenticated");
            assertThatThrownBy(() -> callers.callerFor(handshake(anonymous))).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> callers.callerFor(handshake(null))).isInstanceOf(SecurityException.class);
        });
        runner.withPropertyValues("session-bridge.web.allow-anonymous=true").run(ctx -> assertThat(ctx.getBean(CallerProvider.class)
                .callerFor(handshake(anonymous))).isEqualTo(Caller.of("anonymous", "ws-1")));
        // without Spring Security: the container's principal, whatever it is
        runner.withClassLoader(new FilteredClassLoader("org.springframework.security")).run(ctx -> {
            CallerProvider callers = ctx.getBean(CallerProvider.class);
            Principal container = () -> "carol";
            assertThat(callers.callerFor(handshake(container))).isEqualTo(Caller.of("carol", "ws-1"));
            assertThatThrownBy(() -> callers.callerFor(handshake(null))).isInstanceOf(SecurityException.class);
        });
    }

    private static Handshake handshake(Principal p) {
        return new Handshake("ws-1", p, null, "127.0.0.1", Map.of());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSocket
    static class OwnWeb {
        static final CallerProvider CALLERS = h -> Caller.of("host-decides", h.connectionId());
        static final WebLimits LIMITS = new WebLimits(2, 1024, 5, 10, 8192, Duration.ofSeconds(2));

        @Bean
        CallerProvider callers() {
            return CALLERS;
        }

        @Bean
        WebLimits limits() {
            return LIMITS;
        }

        @Bean
        WebSocketConfigurer other() {
            return r -> r.addHandler(new org.springframework.web.socket.handler.TextWebSocketHandler(), "/other");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnConfigurer {
        @Bean
        WebSocketConfigurer sessionBridgeWebSocketConfigurer(BrowserBridge web) {
            return r -> r.addHandler(new BridgeWebSocketHandler(web), "/mine");
        }
    }
}
