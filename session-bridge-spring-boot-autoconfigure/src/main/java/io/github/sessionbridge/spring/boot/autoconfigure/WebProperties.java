package io.github.sessionbridge.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/**
 * The browser endpoint: {@code session-bridge.web.*}, a group of {@link SessionBridgeProperties}. Mounted by
 * {@link SessionBridgeWebAutoConfiguration} when bridge-web and Spring WebSocket are present in a servlet web
 * application.
 */
public class WebProperties {
    /** Whether bridge-web's WebSocket endpoint is mounted (when bridge-web and Spring WebSocket are present). */
    private boolean enabled = true;
    /** The WebSocket path browsers connect to. */
    private String path = "/session-bridge";
    /** Origins a page may also open the WebSocket from, besides the server's own: scheme://host[:port] each, no path. */
    private List<String> allowedOrigins = new ArrayList<>();
    /**
     * The Host header values the server answers to (host, or host:port); when set, a WebSocket with any other
     * Host is refused whatever its Origin, against DNS rebinding. Empty: any Host.
     */
    private List<String> allowedHosts = new ArrayList<>();
    /** Whether a browser without an authenticated principal may connect (as principal "anonymous"). */
    private boolean allowAnonymous = false;

    /** Made by the binder. */
    public WebProperties() {
    }

    /** @return whether the endpoint is mounted */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param v whether the endpoint is mounted */
    public void setEnabled(boolean v) {
        enabled = v;
    }

    /** @return the path */
    public String getPath() {
        return path;
    }

    /** @param v the path */
    public void setPath(String v) {
        path = v;
    }

    /** @return the allowed origins */
    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    /** @param v the allowed origins */
    public void setAllowedOrigins(List<String> v) {
        allowedOrigins = v;
    }

    /** @return the allowed hosts */
    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    /** @param v the allowed hosts */
    public void setAllowedHosts(List<String> v) {
        allowedHosts = v;
    }

    /** @return whether anonymous browsers may connect */
    public boolean isAllowAnonymous() {
        return allowAnonymous;
    }

    /** @param v whether anonymous browsers may connect */
    public void setAllowAnonymous(boolean v) {
        allowAnonymous = v;
    }
}
