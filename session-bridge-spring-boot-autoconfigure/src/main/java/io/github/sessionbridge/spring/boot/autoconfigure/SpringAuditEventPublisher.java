package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.core.audit.AuditSink;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;

/**
 * An {@link AuditSink} publishing each {@link AuditEvent} as a Spring application event: listen with
 * {@code @EventListener void on(AuditEvent.KickAnswered e)} (or {@code AuditEvent} for all). Listeners run on
 * the audit trail's delivery thread, never on a bridge's I/O thread; one that throws makes the delivery fail
 * (counted and logged by the trail).
 */
public final class SpringAuditEventPublisher implements AuditSink {
    private final ApplicationEventPublisher publisher;

    /**
     * Publishes to {@code publisher}.
     *
     * @param publisher the application context, normally
     * @throws NullPointerException if {@code publisher} is null
     */
    public SpringAuditEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    @Override
    public void accept(AuditEvent event) {
        publisher.publishEvent(event);
    }
}
