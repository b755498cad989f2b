package io.github.sessionbridge.spring.sample;

import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeAutoConfiguration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * What the tests add to the sample application: an audit listener, and the callback executor the starter
 * picks up by name. The browser endpoint is the starter's own (bridge-web, at {@code session-bridge.web.path}).
 */
@TestConfiguration(proxyBeanMethods = false)
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

    @Bean(name = SessionBridgeAutoConfiguration.CALLBACK_EXECUTOR, destroyMethod = "shutdown")
    ExecutorService sessionBridgeCallbackExecutor() {
        return Executors.newFixedThreadPool(2);
    }
}
