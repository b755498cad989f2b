package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What every bridge the session bridge registers is, monitor or timeline: who opened it, for which session,
 * when, the session bridge it belongs to, and the stage its end completes. Subclasses complete
 * {@link #ended} once, after the client's last call.
 */
public abstract class TierBase implements TierBridge {
    protected final long id;
    protected final Caller caller;
    protected final String opsType;
    protected final String sessionId;
    protected final Instant openedAt = Instant.now();
    protected final DefaultSessionBridge owner;
    protected final BridgeConfig config;
    protected final CompletableFuture<EndReason> ended = new CompletableFuture<>();

    protected TierBase(long id, Caller caller, String opsType, String sessionId, DefaultSessionBridge owner) {
        this.id = id;
        this.caller = caller;
        this.opsType = opsType;
        this.sessionId = sessionId;
        this.owner = owner;
        this.config = owner.config();
    }

    @Override
    public final long id() {
        return id;
    }

    @Override
    public final Caller caller() {
        return caller;
    }

    @Override
    public final String opsType() {
        return opsType;
    }

    @Override
    public final String sessionId() {
        return sessionId;
    }

    @Override
    public final Instant openedAt() {
        return openedAt;
    }

    @Override
    public final CompletionStage<EndReason> ended() {
        return ended.minimalCompletionStage();
    }
}
