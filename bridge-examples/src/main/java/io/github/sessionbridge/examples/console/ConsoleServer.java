package io.github.sessionbridge.examples.console;

import io.github.sessionbridge.core.SessionBridge;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's web server (Jetty 12): the page at {@code /} (from the classpath's {@code console/}, xterm.js
 * included by the build) and the WebSocket at {@code /ws}, one {@link ConsoleConnection} per browser tab.
 *
 * <pre>{@code
 * try (SessionBridge bridges = SessionBridge.create(config);
 *      ConsoleServer console = ConsoleServer.start("127.0.0.1", 8080, bridges, directory, "10.0.0.5")) {
 *     System.out.println(console.url());
 *     ...
 * }
 * }</pre>
 *
 * <p>The {@link SessionBridge} and the directory are the caller's; {@link #close()} stops the web server
 * (closing every WebSocket, and so every bridge and replay it had open).
 */
public final class ConsoleServer implements AutoCloseable {

    /** Who the browser is taken to be. A real console authenticates its operators and uses their name. */
    static final String OPERATOR = "operator";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final Server server;
    private final URI url;

    private ConsoleServer(Server server, URI url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Starts the console on {@code host}:{@code port} (0: a free port).
     *
     * @param cServer a line about the C server, shown in the page header
     * @throws Exception if Jetty cannot start (the port is taken, say)
     */
    public static ConsoleServer start(String host, int port, SessionBridge bridges, SessionDirectory directory,
            String cServer) throws Exception {
        Objects.requireNonNull(bridges, "bridges");
        Objects.requireNonNull(directory, "directory");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        ResourceHandler page = new ResourceHandler();
        page.setBaseResource(ResourceFactory.of(server).newClassLoaderResource("console/"));
        page.setWelcomeFiles("index.html");
        page.setDirAllowed(false);

        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler webSocket = WebSocketUpgradeHandler.from(server, context, container -> {
            container.setIdleTimeout(Duration.ofMinutes(2));   // the page pings every 30 s
            container.setMaxTextMessageSize(64 * 1024);
            container.addMapping("/ws", (request, response, callback) -> {
                if (!sameOrigin(request)) {
                    // another site's page must not drive this console with the operator's cookies
                    Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "cross-origin WebSocket");
                    return null;
                }
                return new ConsoleConnection(bridges, directory, OPERATOR, cServer);
            });
        });
        webSocket.setHandler(page);
        context.setHandler(webSocket);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        String shownHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        URI url = URI.create("http://" + (shownHost.contains(":") ? "[" + shownHost + "]" : shownHost) + ":"
                + connector.getLocalPort() + "/");
        return new ConsoleServer(server, url);
    }

    /** Whether a WebSocket upgrade comes from this server's own page (browsers always send Origin). */
    private static boolean sameOrigin(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (origin == null) {
            return true;    // not a browser
        }
        try {
            return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
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

    /** Stops the web server, closing every browser's WebSocket (and so its bridge or replay). */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the web server: {}", e.toString());
        }
    }
}
