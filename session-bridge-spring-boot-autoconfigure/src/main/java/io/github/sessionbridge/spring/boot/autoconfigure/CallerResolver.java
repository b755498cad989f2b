package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.Caller;
import java.security.Principal;
import java.util.Optional;

/**
 * Who a browser connection is: the {@link Caller} its watches and kicks are made (and audited) as. The
 * auto-configuration's default takes the name of the principal the WebSocket handshake authenticated (with
 * Spring Security, the {@code Authentication}), and turns away a connection without one unless
 * {@code session-bridge.web.allow-anonymous} is set. Declare a bean of this type to decide otherwise.
 */
@FunctionalInterface
public interface CallerResolver {

    /**
     * The caller of a browser connection.
     *
     * @param principal    the principal of the handshake request, or {@code null} if it was not authenticated
     * @param connectionId the browser connection's id (the WebSocket session id)
     * @return the caller, or empty to refuse the connection
     */
    Optional<Caller> resolve(Principal principal, String connectionId);

    /**
     * The default: the principal's name, or {@code anonymous} when allowed.
     *
     * @param allowAnonymous whether a connection without a principal is served, as {@code anonymous}
     * @return the resolver
     */
    static CallerResolver principalName(boolean allowAnonymous) {
        return (principal, connectionId) -> {
            if (principal != null && principal.getName() != null && !principal.getName().isBlank()) {
                return Optional.of(Caller.of(principal.getName(), connectionId));
            }
            return allowAnonymous ? Optional.of(Caller.of("anonymous", connectionId)) : Optional.empty();
        };
    }
}
