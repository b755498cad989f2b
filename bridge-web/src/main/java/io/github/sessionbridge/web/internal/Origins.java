package io.github.sessionbridge.web.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which pages may open a WebSocket: the server's own (the {@code Origin}'s host and port are the {@code Host}
 * header's) and the configured ones. Comparing with {@code Host} keeps other sites' pages out; a name
 * rebound to this server (DNS rebinding) sends its own name as both {@code Host} and {@code Origin}, which
 * only a list of the names the server answers to catches: the allowed hosts, when configured.
 */
public final class Origins {
    private final Set<String> allowed;
    private final Set<String> hosts;

    private Origins(Set<String> allowed, Set<String> hosts) {
        this.allowed = allowed;
        this.hosts = hosts;
    }

    /**
     * The server's own origin and {@code origins}; if {@code hosts} is not empty, only from those {@code Host}s.
     *
     * @param origins scheme://host[:port] each
     * @param hosts   {@code Host} header values: host, or host:port (an IPv6 address in brackets)
     * @return the check
     * @throws IllegalArgumentException if one is not of its form, naming it
     */
    public static Origins of(List<String> origins, List<String> hosts) {
        Set<String> set = new HashSet<>();
        for (String o : origins) {
            set.add(normalize(o).orElseThrow(() -> new IllegalArgumentException(
                    "not an origin (scheme://host[:port], no path): " + o)));
        }
        Set<String> hs = new HashSet<>();
        for (String h : hosts) {
            hs.add(normalizeHost(h).orElseThrow(() -> new IllegalArgumentException(
                    "not a Host value (host or host:port, no scheme or path): " + h)));
        }
        return new Origins(Set.copyOf(set), Set.copyOf(hs));
    }

    /**
     * Why a connection with these headers is refused.
     *
     * @param origin the {@code Origin} header or null
     * @param host   the {@code Host} header or null
     * @return the reason, or {@code null} if it is served
     */
    public String refusal(String origin, String host) {
        if (!hosts.isEmpty() && (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT)))) {
            return "Host " + host + " is not served here";
        }
        if (origin == null) {
            return null;   // not a browser: browsers always send Origin on a WebSocket upgrade
        }
        Optional<String> o = normalize(origin);
        if (o.isEmpty()) {
            return "Origin " + origin + " is not an origin";
        }
        if (allowed.contains(o.get())) {
            return null;
        }
        if (host != null) {
            URI u = URI.create(o.get());
            String h = host.toLowerCase(Locale.ROOT);
            int defaultPort = u.getScheme().equals("https") ? 443 : 80;
            if (h.equals(u.getHost() + ":" + u.getPort()) || (u.getPort() == defaultPort && h.equals(u.getHost()))) {
                return null;
            }
        }
        return "Origin " + origin + " is not allowed";
    }

    /** {@code host} or {@code host:port} in lower case, or empty if {@code host} is not a Host header value. */
    static Optional<String> normalizeHost(String host) {
        if (host == null || host.isEmpty() || host.contains("/") || host.contains("@")) {
            return Optional.empty();
        }
        try {
            URI u = new URI("http://" + host + "/");
            if (u.getHost() == null || u.getRawUserInfo() != null) {
                return Optional.empty();
            }
            return Optional.of(host.toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** {@code scheme://host:port} in lower case with its port, or empty if {@code origin} is not one. */
    static Optional<String> normalize(String origin) {
        try {
            URI u = new URI(origin);
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (!("http".equals(scheme) || "https".equals(scheme)) || u.getHost() == null || u.getRawUserInfo() != null
                    || !(u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                return Optional.empty();
            }
            int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
            return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
