package io.github.sessionbridge.web;

import io.github.sessionbridge.core.Caller;

/**
 * Who a browser connection is, as the host knows it: its identity for the access policy and the audit log.
 * Called once per connection, when it opens, on the server's thread.
 *
 * <pre>{@code
 * CallerProvider callers = handshake -> Caller.of(users.nameOf(handshake.attributes().get("user")),
 *                                                 handshake.connectionId());
 * }</pre>
 */
@FunctionalInterface
public interface CallerProvider {

    /**
     * The caller of a new browser connection.
     *
     * @param handshake what the server knows of the connection
     * @return who it is; throwing (any runtime exception, with a message the browser may see) refuses the
     *         connection: the browser gets error {@code FORBIDDEN} and close code 1008
     */
    Caller callerFor(Handshake handshake);

    /**
     * The server's authenticated user: {@link Handshake#principal()}'s name, with the connection's id; a
     * connection without one is refused.
     *
     * @return a provider taking the principal the servlet container or Spring Security authenticated
     */
    static CallerProvider principal() {
        return h -> {
            if (h.principal() == null) {
                throw new SecurityException("the connection is not authenticated");
            }
            return Caller.of(h.principal().getName(), h.connectionId());
        };
    }
}
