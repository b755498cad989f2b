package io.github.sessionbridge.containers;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 with its ee10 Jakarta WebSocket server. */
class JettySinkTest extends ContainerSinkContract {
    private Server server;

    @Override
    int startServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler("/");
        server.setHandler(ctx);
        JakartaWebSocketServletContainerInitializer.configure(ctx, (servletContext, container) ->
                container.addEndpoint(WatchEndpoint.class));
        server.start();
        return connector.getLocalPort();
    }

    @Override
    void stopServer() throws Exception {
        server.stop();
    }
}
