package io.github.sessionbridge.spring.sample;

import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.spring.boot.autoconfigure.CallerResolver;
import io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeAutoConfiguration;
import io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeProperties;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

/**
 * The tests' browser endpoint ({@link MinimalBrowserEndpoint}, until bridge-web's adapter is mounted by the
 * starter), the callback executor the starter picks up by name, and an audit listener.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableWebSocket
class BrowserTestConfig {

    /** What the audit trail published on Spring's event bus. */
    static final class AuditLog {
        final List<AuditEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        public void on(AuditEvent e) {
            events.add(e);
        }
    }

    @Bean
    AuditLog auditLog() {
        return new AuditLog();
    }

    @Bean
    WebSocketConfigurer endpoint(SessionBridge bridge, CallerResolver callers, SessionBridgeProperties props) {
        return registry -> registry.addHandler(new MinimalBrowserEndpoint(bridge, callers), props.getWeb().getPath())
                .setAllowedOrigins("*");
    }

    @Bean(name = SessionBridgeAutoConfiguration.CALLBACK_EXECUTOR, destroyMethod = "shutdown")
    ExecutorService sessionBridgeCallbackExecutor() {
        return Executors.newFixedThreadPool(2);
    }
}
