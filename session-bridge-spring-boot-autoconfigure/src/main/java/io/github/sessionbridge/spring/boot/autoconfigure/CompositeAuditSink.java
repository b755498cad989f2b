package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.core.audit.AuditSink;
import java.util.List;

/**
 * Hands each event to every sink in turn; the first that throws makes the delivery fail (the trail retries
 * or gives up as configured), after every sink has been tried, so one failing sink does not starve the others.
 */
final class CompositeAuditSink implements AuditSink {
    private final List<AuditSink> sinks;

    CompositeAuditSink(List<AuditSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void accept(AuditEvent event) throws Exception {
        Exception first = null;
        for (AuditSink s : sinks) {
            try {
                s.accept(event);
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void flush() throws Exception {
        Exception first = null;
        for (AuditSink s : sinks) {
            try {
                s.flush();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "CompositeAuditSink" + sinks;
    }
}
