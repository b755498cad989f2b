package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.web.CallerProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The default {@link CallerProvider} with Spring Security: the handshake's {@link Authentication} (what Spring
 * Security's filters made the request's principal), by name, when it is authenticated and not anonymous.
 * Loaded only when Spring Security is present.
 */
final class SecurityCallers {
    private SecurityCallers() {
    }

    static CallerProvider authenticated(boolean allowAnonymous) {
        return h -> {
            if (h.principal() instanceof Authentication a
                    && (!a.isAuthenticated() || a instanceof AnonymousAuthenticationToken)) {
                return PrincipalCallers.named(h, null, allowAnonymous);
            }
            return PrincipalCallers.named(h, h.principal(), allowAnonymous);
        };
    }
}
