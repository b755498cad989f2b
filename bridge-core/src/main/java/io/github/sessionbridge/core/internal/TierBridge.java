package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CEndpoint;

/** A bridge the {@link DefaultSessionBridge} keeps in its registry: a monitor or a timeline. */
public interface TierBridge extends Bridge {

    /** Registered and allowed: connects (on the thread that opened it). */
    void start(CEndpoint endpoint, CAddress address);

    /** The access policy said no: ends at once with FORBIDDEN; nothing was opened. */
    void forbid();

    /** Host or library code threw while opening or serving it: ends with INTERNAL_ERROR, rethrows a fatal error. */
    void internalError(String where, Throwable t);

    /** The SessionBridge is closing: end with SHUTDOWN, telling the client. Any thread. */
    void shutdown();

    /** The transport has stopped: an end still waiting for its client's last send waits no longer. */
    void abandon();
}
