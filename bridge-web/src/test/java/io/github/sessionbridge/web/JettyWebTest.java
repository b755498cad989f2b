package io.github.sessionbridge.web;

import io.github.sessionbridge.web.jakarta.BridgeEndpoint;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The Jakarta adapter on embedded Jetty 12 (ee10). */
class JettyWebTest extends WebContract {
    private Server server;

    @Override
    protected int startServer(BrowserBridge web) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler("/");
        ctx.addServlet(new ServletHolder(new PagesServlet()), "/");
        server.setHandler(ctx);
        // the host's one line: register the endpoint with the ServerContainer
        JakartaWebSocketServletContainerInitializer.configure(ctx, (servletContext, container) ->
                container.addEndpoint(BridgeEndpoint.config(PATH, web)));
        server.start();
        return connector.getLocalPort();
    }

    @Override
    protected void stopServer() throws Exception {
        server.stop();
    }
}
