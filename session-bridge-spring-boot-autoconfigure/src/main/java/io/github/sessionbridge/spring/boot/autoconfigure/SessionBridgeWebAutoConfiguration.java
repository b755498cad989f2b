package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.web.BrowserBridge;
import io.github.sessionbridge.web.CallerProvider;
import io.github.sessionbridge.web.RecordingCatalog;
import io.github.sessionbridge.web.WebLimits;
import io.github.sessionbridge.web.spring.BridgeWebSocketHandler;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurationSupport;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

/**
 * Mounts bridge-web's browser endpoint ({@link BridgeWebSocketHandler}) at {@code session-bridge.web.path},
 * when bridge-web and Spring WebSocket are on the class path of a servlet web application that has a
 * {@link SessionBridge} bean; off with {@code session-bridge.web.enabled=false}. Each bean backs off when the
 * application declares its own:
 * <ul>
 * <li>the {@link CallerProvider}: who a browser connection is. The default takes the principal the handshake
 *     request was authenticated as; with Spring Security, only an authenticated, non-anonymous
 *     {@code Authentication}, by its name. A connection without one is refused ({@code FORBIDDEN}, close 1008)
 *     unless {@code session-bridge.web.allow-anonymous=true}, which serves it as {@code anonymous}. What each
 *     caller may watch and kick is the {@code AccessPolicy} bean's to decide (see
 *     {@link SessionBridgeAutoConfiguration});</li>
 * <li>the {@link BrowserBridge}, with that provider, the {@link RecordingCatalog} bean if there is one (else
 *     no replays), the {@link WebLimits} bean if there is one (else {@link WebLimits#DEFAULTS}) and
 *     {@code session-bridge.web.allowed-origins} (each checked at start-up; a bad one fails it naming
 *     {@code session-bridge.web.allowed-origins[i]});</li>
 * <li>the {@link WebSocketConfigurer} named {@code sessionBridgeWebSocketConfigurer} registering the handler,
 *     and {@code @EnableWebSocket} unless the application enabled WebSocket itself.</li>
 * </ul>
 * Origins are checked by the {@code BrowserBridge} alone (the page's own server, and the allowed ones), so
 * Spring's own origin check is opened for this handler. The bridge tier closes before the web server stops
 * ({@link SessionBridgeLifecycle}): browsers get their {@code SHUTDOWN} notices over open WebSockets.
 */
@AutoConfiguration(after = SessionBridgeAutoConfiguration.class)
@ConditionalOnClass({BridgeWebSocketHandler.class, WebSocketConfigurer.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(SessionBridge.class)
@ConditionalOnProperty(prefix = "session-bridge.web", name = "enabled", matchIfMissing = true)
public class SessionBridgeWebAutoConfiguration {
    static final String SPRING_SECURITY = "org.springframework.security.core.Authentication";

    /** Made by Spring. */
    public SessionBridgeWebAutoConfiguration() {
    }

    /**
     * The browser protocol's server.
     *
     * @param sessions   the bridge tier
     * @param props      the settings ({@code session-bridge.web.allowed-origins} and {@code allowed-hosts})
     * @param callers    who each connection is
     * @param recordings the recording catalog bean, if any
     * @param limits     the limits bean, if any
     * @return the browser bridge; closed after the bridge tier
     * @throws InvalidConfigurationPropertyValueException if an allowed origin or host is not one
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public BrowserBridge sessionBridgeBrowserBridge(SessionBridge sessions, SessionBridgeProperties props,
                                                    CallerProvider callers, ObjectProvider<RecordingCatalog> recordings,
                                                    ObjectProvider<WebLimits> limits) {
        BrowserBridge.Builder b = BrowserBridge.builder(sessions).callers(callers)
                .recordings(recordings.getIfAvailable(RecordingCatalog::none))
                .limits(limits.getIfAvailable(() -> WebLimits.DEFAULTS));
        List<String> origins = props.getWeb().getAllowedOrigins();
        List<String> hosts = props.getWeb().getAllowedHosts();
        checkEach("session-bridge.web.allowed-origins", origins, b::allowedOrigins);
        checkEach("session-bridge.web.allowed-hosts", hosts, b::allowedHosts);
        return b.allowedOrigins(origins.toArray(String[]::new)).allowedHosts(hosts.toArray(String[]::new)).build();
    }

    /** Gives each value to {@code check} alone, so that a bad one fails start-up naming its index. */
    private static void checkEach(String property, List<String> values, java.util.function.Consumer<String> check) {
        for (int i = 0; i < values.size(); i++) {
            try {
                check.accept(values.get(i));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidConfigurationPropertyValueException(property + "[" + i + "]", values.get(i), e.getMessage());
            }
        }
    }

    /**
     * Registers the browser endpoint at {@code session-bridge.web.path}.
     *
     * @param web   the browser bridge
     * @param props the settings
     * @return the configurer
     */
    @Bean
    @ConditionalOnMissingBean(name = "sessionBridgeWebSocketConfigurer")
    public WebSocketConfigurer sessionBridgeWebSocketConfigurer(BrowserBridge web, SessionBridgeProperties props) {
        String path = props.getWeb().getPath();
        return registry -> registry.addHandler(new BridgeWebSocketHandler(web), path).setAllowedOriginPatterns("*");
    }

    /** Who a browser connection is, with Spring Security: its authenticated, non-anonymous {@code Authentication}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = SPRING_SECURITY)
    static class SecurityCallerConfiguration {
        @Bean
        @ConditionalOnMissingBean
        CallerProvider sessionBridgeCallerProvider(SessionBridgeProperties props) {
            return SecurityCallers.authenticated(props.getWeb().isAllowAnonymous());
        }
    }

    /** Who a browser connection is, without Spring Security: the handshake request's principal. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(SPRING_SECURITY)
    static class PrincipalCallerConfiguration {
        @Bean
        @ConditionalOnMissingBean
        CallerProvider sessionBridgeCallerProvider(SessionBridgeProperties props) {
            return PrincipalCallers.principal(props.getWeb().isAllowAnonymous());
        }
    }

    /** {@code @EnableWebSocket}, unless the application has it (or its own WebSocket configuration). */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSocket
    @ConditionalOnMissingBean(WebSocketConfigurationSupport.class)
    static class EnableWebSocketConfiguration {
    }
}
