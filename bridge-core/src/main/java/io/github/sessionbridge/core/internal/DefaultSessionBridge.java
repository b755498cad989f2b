package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.BridgeStats;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.SessionBridge;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Work in progress: being written in this session. */
public final class DefaultSessionBridge implements SessionBridge {
    private final BridgeConfig config;

    public DefaultSessionBridge(BridgeConfig config) {
        this.config = config;
    }

    @Override public BridgeConfig config() { return config; }
    @Override public Bridge monitor(Caller caller, String opsType, String sessionId, ClientSink sink) { throw new UnsupportedOperationException(); }
    @Override public CompletionStage<KickOutcome> kick(Caller caller, String opsType, String sessionId) { throw new UnsupportedOperationException(); }
    @Override public List<Bridge> bridges() { throw new UnsupportedOperationException(); }
    @Override public List<Bridge> bridgesOfConnection(String connectionId) { throw new UnsupportedOperationException(); }
    @Override public List<Bridge> bridgesOfSession(String sessionId) { throw new UnsupportedOperationException(); }
    @Override public int activeCount() { throw new UnsupportedOperationException(); }
    @Override public BridgeStats stats() { throw new UnsupportedOperationException(); }
    @Override public boolean isClosed() { throw new UnsupportedOperationException(); }
    @Override public void close() { }
}
