package io.github.sessionbridge.core;

import io.github.sessionbridge.protocol.Action;

/**
 * What an {@link AccessPolicy} decides on.
 *
 * @param caller    who asks
 * @param action    monitor or kick
 * @param opsType   the operations type (SSH, RDP, ...)
 * @param sessionId the session id (already validated)
 */
public record AccessRequest(Caller caller, Action action, String opsType, String sessionId) {
}
