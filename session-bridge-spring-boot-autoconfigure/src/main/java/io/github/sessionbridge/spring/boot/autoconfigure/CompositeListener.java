package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeListener;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.protocol.ProtocolException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells every {@link BridgeListener} bean; one that throws is logged and does not keep the others from it. */
final class CompositeListener implements BridgeListener {
    private static final Logger log = LoggerFactory.getLogger(CompositeListener.class);
    private final List<BridgeListener> listeners;

    CompositeListener(List<BridgeListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    static BridgeListener of(List<BridgeListener> listeners) {
        return listeners.isEmpty() ? BridgeListener.NONE : listeners.size() == 1 ? listeners.get(0) : new CompositeListener(listeners);
    }

    private void each(Consumer<BridgeListener> call) {
        for (BridgeListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("bridge listener {} threw; ignored", l, e);
            }
        }
    }

    @Override
    public void opened(Bridge bridge) {
        each(l -> l.opened(bridge));
    }

    @Override
    public void ended(Bridge bridge, EndReason reason, long records, long bytes) {
        each(l -> l.ended(bridge, reason, records, bytes));
    }

    @Override
    public void protocolError(Caller caller, String opsType, String sessionId, ProtocolException error) {
        each(l -> l.protocolError(caller, opsType, sessionId, error));
    }

    @Override
    public void kicked(Caller caller, String opsType, String sessionId, KickOutcome outcome) {
        each(l -> l.kicked(caller, opsType, sessionId, outcome));
    }
}
