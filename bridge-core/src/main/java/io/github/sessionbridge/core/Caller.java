package io.github.sessionbridge.core;

import java.util.Objects;

/**
 * Who asks for a monitor or a kick, as the host application knows them.
 *
 * @param principal    who is asking (a user name, an operator id): what the access policy decides on
 *                     and what the audit log names
 * @param connectionId the host's id of the browser connection (a WebSocket session id, say): what the
 *                     registry finds bridges by
 */
public record Caller(String principal, String connectionId) {

    /**
     * Checks the components.
     *
     * @param principal    who is asking (a user name, an operator id); not null
     * @param connectionId the host's id of the browser connection; not null
     * @throws NullPointerException if an argument is null
     */
    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(connectionId, "connectionId");
    }

    /**
     * A caller.
     *
     * @param principal    who is asking (a user name, an operator id): what the access policy decides on and
     *                     what the audit log names; not null
     * @param connectionId the host's id of the browser connection (a WebSocket session id, say), by which
     *                     {@link SessionBridge#bridgesOfConnection} finds its bridges; not null
     * @return a caller with these components
     * @throws NullPointerException if an argument is null
     */
    public static Caller of(String principal, String connectionId) {
        return new Caller(principal, connectionId);
    }
}
