package io.github.sessionbridge.web;

import io.github.sessionbridge.web.jakarta.BridgeEndpoint;
import jakarta.websocket.server.ServerContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** The Jakarta adapter on embedded Tomcat 11 (Spring Boot's default container). */
class TomcatWebTest extends WebContract {
    private Tomcat tomcat;

    @Override
    protected int startServer(BrowserBridge web) throws Exception {
        Path base = Files.createTempDirectory("tomcat-");
        base.toFile().deleteOnExit();
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", base.toString());
        ctx.addServletContainerInitializer(new WsSci(), null);
        // the host's one line: register the endpoint with the ServerContainer
        ctx.addServletContainerInitializer((classes, servletContext) -> {
            try {
                ((ServerContainer) servletContext.getAttribute(ServerContainer.class.getName()))
                        .addEndpoint(BridgeEndpoint.config(PATH, web));
            } catch (jakarta.websocket.DeploymentException e) {
                throw new jakarta.servlet.ServletException(e);
            }
        }, null);
        Tomcat.addServlet(ctx, "pages", new PagesServlet());
        ctx.addServletMappingDecoded("/", "pages");
        tomcat.start();
        return connector.getLocalPort();
    }

    @Override
    protected void stopServer() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
