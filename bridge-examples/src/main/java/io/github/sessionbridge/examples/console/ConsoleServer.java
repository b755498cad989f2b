package io.github.sessionbridge.examples.console;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.web.BrowserBridge;
import io.github.sessionbridge.web.RecordingCatalog;
import io.github.sessionbridge.web.WebLimits;
import io.github.sessionbridge.web.jakarta.BridgeEndpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's web server (Jetty 12, Jakarta EE 10): the page at {@code /} (from the classpath's
 * {@code console/}, xterm.js included by the build), {@code session-bridge.js} from bridge-web's WebJar at
 * {@code /webjars/session-bridge/VERSION/}, the session list at {@code /api/sessions}, and bridge-web's browser
 * protocol ({@code docs/browser-protocol.md}) at {@code /ws}: a {@link BrowserBridge} behind bridge-web's
 * {@link BridgeEndpoint}, registered with Jetty's Jakarta WebSocket container in one line.
 *
 * <pre>{@code
 * try (SessionBridge bridges = SessionBridge.create(config.listener(directory.tracker()).build());
 *      ConsoleServer console = ConsoleServer.start("127.0.0.1", 8080, bridges, directory, "10.0.0.5")) {
 *     System.out.println(console.url());
 *     ...
 * }
 * }</pre>
 *
 * <p>The {@link SessionBridge} and the directory are the caller's; {@link #close()} stops the web server
 * (closing every WebSocket, and so every bridge, timeline and replay it had open). Close the
 * {@code SessionBridge} first so that every browser is told {@code SHUTDOWN}.
 *
 * <p><b>Whose page may connect.</b> A WebSocket upgrade is refused (403) unless its {@code Host} is one of the
 * console's own authorities &mdash; the bound address, {@code localhost}, {@code 127.0.0.1} and {@code [::1]},
 * each with the console's port &mdash; or that of an allowed origin, and its {@code Origin}, when it has one
 * (browsers always send it), is {@code http://} one of those or an allowed origin. Comparing the two headers
 * with each other (what bridge-web checks by itself) is not enough: a page of {@code evil.example} whose name
 * is rebound to 127.0.0.1 sends {@code Host: evil.example:P} and {@code Origin: http://evil.example:P}, which
 * agree (DNS rebinding). What each connection may cost is bridge-web's {@link WebLimits}.
 */
public final class ConsoleServer implements AutoCloseable {

    /** Who the browser is taken to be. A real console authenticates its operators and uses their name. */
    static final String OPERATOR = "operator";

    /** The WebSocket's path. */
    static final String WS_PATH = "/ws";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final Server server;
    private final BrowserBridge web;
    private final URI url;

    private ConsoleServer(Server server, BrowserBridge web, URI url) {
        this.server = server;
        this.web = web;
        this.url = url;
    }

    /**
     * Starts the console on {@code host}:{@code port} (0: a free port), served to its own authorities only.
     *
     * @param cServer a line about the C server, shown in the page header
     * @throws Exception if Jetty cannot start (the port is taken, say)
     */
    public static ConsoleServer start(String host, int port, SessionBridge bridges, SessionDirectory directory,
            String cServer) throws Exception {
        return start(host, port, bridges, directory, cServer, List.of());
    }

    /**
     * Starts the console on {@code host}:{@code port} (0: a free port), its page also allowed to connect when
     * served from one of {@code allowedOrigins} (behind a reverse proxy, say).
     *
     * @param cServer        a line about the C server, shown in the page header
     * @param allowedOrigins origins such as {@code https://console.example.org} or {@code http://bastion:8080}
     *                       (scheme, host and port; no path)
     * @throws IllegalArgumentException if an allowed origin is not of that form
     * @throws Exception                if Jetty cannot start (the port is taken, say)
     */
    public static ConsoleServer start(String host, int port, SessionBridge bridges, SessionDirectory directory,
            String cServer, List<String> allowedOrigins) throws Exception {
        return start(host, port, bridges, directory, cServer, allowedOrigins, WebLimits.DEFAULTS);
    }

    static ConsoleServer start(String host, int port, SessionBridge bridges, SessionDirectory directory,
            String cServer, List<String> allowedOrigins, WebLimits limits) throws Exception {
        Objects.requireNonNull(bridges, "bridges");
        Objects.requireNonNull(directory, "directory");
        Set<String> configured = new HashSet<>();
        for (String o : allowedOrigins) {
            configured.add(normalizeOrigin(o).orElseThrow(() -> new IllegalArgumentException(
                    "not an origin (scheme://host[:port]): " + o)));
        }
        Authorities authorities = new Authorities(configured);

        // the browser protocol: who the browser is, and what "replay" may open (the browser names a session,
        // never a file)
        BrowserBridge web = BrowserBridge.builder(bridges)
                .callers(handshake -> Caller.of(OPERATOR, handshake.connectionId()))
                .recordings(recordings(directory))
                .allowedOrigins(allowedOrigins.toArray(String[]::new))
                .limits(limits)
                .build();

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new SessionsServlet(directory, cServer, OPERATOR)), "/api/*");
        context.addServlet(new ServletHolder(new PageServlet()), "/");
        // bridge-web's one line: its endpoint in Jetty's Jakarta WebSocket container
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setDefaultMaxSessionIdleTimeout(Duration.ofMinutes(2).toMillis());   // session-bridge.js pings every 30 s
            container.addEndpoint(BridgeEndpoint.config(WS_PATH, web));
        });
        server.setHandler(new UpgradeCheck(authorities, context));
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            web.close();
            throw e;
        }
        authorities.serve(host, connector.getLocalPort());
        String shownHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        URI url = URI.create("http://" + (shownHost.contains(":") ? "[" + shownHost + "]" : shownHost) + ":"
                + connector.getLocalPort() + "/");
        return new ConsoleServer(server, web, url);
    }

    /** The recordings a browser may replay: those of the listed sessions, by session id. */
    private static RecordingCatalog recordings(SessionDirectory directory) {
        return (caller, name) -> {
            Optional<SessionDirectory.Session> s = directory.find(name);
            if (s.isEmpty() || s.get().recording() == null) {
                return Optional.empty();
            }
            return Optional.of(Recording.open(s.get().recording()));
        };
    }

    /** Refuses WebSocket upgrades from pages that are not the console's (403), before Jetty upgrades them. */
    private static final class UpgradeCheck extends Handler.Wrapper {
        private final Authorities authorities;

        UpgradeCheck(Authorities authorities, Handler next) {
            super(next);
            this.authorities = authorities;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (Request.getPathInContext(request).equals(WS_PATH)) {
                String refused = authorities.refusal(request.getHeaders().get(HttpHeader.HOST),
                        request.getHeaders().get(HttpHeader.ORIGIN));
                if (refused != null) {
                    // another site's page must not drive this console, not even through a name rebound to us
                    LOG.warn("WebSocket upgrade from {} refused: {}", Request.getRemoteAddr(request), refused);
                    Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, refused);
                    return true;
                }
            }
            return super.handle(request, response, callback);
        }
    }

    /** {@code http://host:port} in lower case with its port, or empty if {@code origin} is not one. */
    static Optional<String> normalizeOrigin(String origin) {
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

    /** The origins and {@code Host} values the console answers to. */
    private static final class Authorities {
        private final Set<String> origins;           // normalized
        private volatile Set<String> hosts = Set.of(); // host:port, and host alone for a default port

        Authorities(Set<String> configured) {
            this.origins = new HashSet<>(configured);
        }

        /** The server is up on {@code host}:{@code port}: its own origins join the configured ones. */
        synchronized void serve(String host, int port) {
            Set<String> own = new HashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
            if (!host.equals("0.0.0.0") && !host.equals("::") && !host.isEmpty()) {
                own.add(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
            }
            for (String h : own) {
                normalizeOrigin("http://" + h + ":" + port).ifPresent(origins::add);
            }
            Set<String> hs = new HashSet<>();
            for (String o : origins) {
                URI u = URI.create(o);
                hs.add(u.getHost() + ":" + u.getPort());
                if (u.getPort() == (u.getScheme().equals("https") ? 443 : 80)) {
                    hs.add(u.getHost());
                }
            }
            hosts = Set.copyOf(hs);
        }

        /** Why an upgrade with these headers is refused, or {@code null} if it is not. */
        synchronized String refusal(String host, String origin) {
            if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
                return "Host " + host + " is not this console";
            }
            if (origin == null) {
                return null;   // not a browser: browsers always send Origin on a WebSocket upgrade
            }
            String o = normalizeOrigin(origin).orElse(null);
            if (o == null || !origins.contains(o)) {
                return "Origin " + origin + " is not allowed";
            }
            return null;
        }
    }

    /** Where the page is, for example {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return url;
    }

    /** The port it listens on. */
    public int port() {
        return url.getPort();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the web server, closing every browser's WebSocket (and so its bridges, timelines and replays). */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the web server: {}", e.toString());
        } finally {
            web.close();
        }
    }
}
