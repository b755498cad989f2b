package io.github.sessionbridge.web;

import java.security.Principal;
import java.util.Map;
import java.util.Objects;

/**
 * What the host's server knows of a browser connection when it opens: what a {@link CallerProvider} decides on.
 *
 * @param connectionId the server's id of the WebSocket (unique among the open ones)
 * @param principal    who the server authenticated (the servlet request's user principal), or {@code null}
 * @param origin       the upgrade request's {@code Origin} header, or {@code null} (clients other than browsers)
 * @param host         the upgrade request's {@code Host} header, or {@code null}
 * @param attributes   what the host attached to the connection while upgrading (Spring's handshake attributes,
 *                     Jakarta's user properties); unmodifiable
 */
public record Handshake(String connectionId, Principal principal, String origin, String host,
        Map<String, Object> attributes) {

    /**
     * Checks the components.
     *
     * @param connectionId the server's id of the WebSocket; not null
     * @param principal    who the server authenticated, or {@code null}
     * @param origin       the {@code Origin} header, or {@code null}
     * @param host         the {@code Host} header, or {@code null}
     * @param attributes   what the host attached to the connection; not null, copied
     * @throws NullPointerException if {@code connectionId} or {@code attributes} is null
     */
    public Handshake {
        Objects.requireNonNull(connectionId, "connectionId");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }
}
