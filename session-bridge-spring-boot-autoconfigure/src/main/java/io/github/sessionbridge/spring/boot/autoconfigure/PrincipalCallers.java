package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.web.CallerProvider;
import io.github.sessionbridge.web.Handshake;
import java.security.Principal;

/** The default {@link CallerProvider} without Spring Security: the handshake's principal, by name. */
final class PrincipalCallers {
    /** The principal name of a connection served although not authenticated. */
    static final String ANONYMOUS = "anonymous";

    private PrincipalCallers() {
    }

    static CallerProvider principal(boolean allowAnonymous) {
        return h -> named(h, h.principal(), allowAnonymous);
    }

    /** {@code principal}'s name, or {@value #ANONYMOUS} when allowed, else refused. */
    static Caller named(Handshake h, Principal principal, boolean allowAnonymous) {
        if (principal != null && principal.getName() != null && !principal.getName().isBlank()) {
            return Caller.of(principal.getName(), h.connectionId());
        }
        if (allowAnonymous) {
            return Caller.of(ANONYMOUS, h.connectionId());
        }
        throw new SecurityException("the connection is not authenticated");
    }
}
