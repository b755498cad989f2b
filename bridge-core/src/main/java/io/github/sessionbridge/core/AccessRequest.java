package io.github.sessionbridge.core;

import io.github.sessionbridge.protocol.Action;

/**
 * What an {@link AccessPolicy} decides on.
 *
 * @param caller    who asks
 * @param action    {@link Action#MONITOR} to watch or play the session, {@link Action#KICK} to end it
 * @param opsType   the operations type (SSH, RDP, ...)
 * @param sessionId the session id (already validated)
 * @param playback  {@code true} when a monitor request opens a {@link Timeline}
 *                  ({@link SessionBridge#play}) rather than a plain watch ({@link SessionBridge#monitor})
 */
public record AccessRequest(Caller caller, Action action, String opsType, String sessionId, boolean playback) {

    /**
     * A request that is not a playback.
     *
     * @param caller    who asks
     * @param action    monitor or kick
     * @param opsType   the operations type
     * @param sessionId the session id
     */
    public AccessRequest(Caller caller, Action action, String opsType, String sessionId) {
        this(caller, action, opsType, sessionId, false);
    }
}
