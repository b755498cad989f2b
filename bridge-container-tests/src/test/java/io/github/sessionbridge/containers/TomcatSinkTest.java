package io.github.sessionbridge.containers;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** Embedded Tomcat 11 (the container of Spring Boot 3's default web starter). */
class TomcatSinkTest extends ContainerSinkContract {
    private Tomcat tomcat;

    @Override
    int startServer() throws Exception {
        Path base = Files.createTempDirectory("tomcat-");
        base.toFile().deleteOnExit();
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", base.toString());
        ctx.addServletContainerInitializer(new WsSci(), Set.of(WatchEndpoint.class));
        Tomcat.addServlet(ctx, "none", new HttpServlet() {
            private static final long serialVersionUID = 1L;
        });
        ctx.addServletMappingDecoded("/", "none");
        tomcat.start();
        return connector.getLocalPort();
    }

    @Override
    void stopServer() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
