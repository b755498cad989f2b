package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.SessionBridge;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the {@link SessionBridge} when the application context stops, <em>before</em> the web server does
 * (its phase is the highest, and Spring stops the highest phase first; the embedded web server's graceful
 * shutdown and stop come after): every browser gets its SHUTDOWN notice over a connection that is still open.
 * The bean's destroy method closes it again, which does nothing by then.
 */
public final class SessionBridgeLifecycle implements SmartLifecycle {
    /** The phase: stopped before every other lifecycle bean, the web server included. */
    public static final int PHASE = Integer.MAX_VALUE;

    private final SessionBridge bridge;
    private volatile boolean running;

    /**
     * Closes {@code bridge} on stop.
     *
     * @param bridge the bridge tier
     */
    public SessionBridgeLifecycle(SessionBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public void start() {
        running = !bridge.isClosed();
    }

    @Override
    public void stop() {
        running = false;
        bridge.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
