package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.Timeline;

/**
 * How a {@link DefaultSessionBridge} makes its timelines, given to it by {@code SessionBridge.create}: the
 * timelines live with the player (in {@code core.playback.internal}), which depends on this package, so
 * this package names them only through this interface. Closed with the session bridge.
 */
public interface Timelines extends AutoCloseable {

    /** A timeline, both what the caller controls and what the session bridge registers and starts. */
    interface Made extends Timeline, TierBridge {
    }

    /** A new timeline, not yet registered or started. */
    Made create(long id, Caller caller, String opsType, String sessionId, ClientSink sink, PlaybackOptions options,
            DefaultSessionBridge owner);

    /** Lets go of what the timelines share (their spool directory); after the last timeline ended. */
    @Override
    void close();
}
