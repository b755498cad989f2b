package io.github.sessionbridge.web;

import io.github.sessionbridge.web.jakarta.BridgeEndpoint;
import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import java.net.InetSocketAddress;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/** The Jakarta adapter on embedded Undertow 2.3. */
class UndertowWebTest extends WebContract {
    private XnioWorker worker;
    private DeploymentManager deployment;
    private Undertow server;

    @Override
    protected int startServer(BrowserBridge web) throws Exception {
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.THREAD_DAEMON, true));
        WebSocketDeploymentInfo ws = new WebSocketDeploymentInfo()
                .addEndpoint(BridgeEndpoint.config(PATH, web))      // the host's line
                .setDispatchToWorkerThread(true)                    // requests off the I/O threads
                .setWorker(worker)
                .setBuffers(new DefaultByteBufferPool(false, 8192));
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(UndertowWebTest.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("bridge")
                .addServlet(Servlets.servlet("pages", PagesServlet.class).addMapping("/"))
                .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, ws);
        deployment = Servlets.defaultContainer().addDeployment(info);
        deployment.deploy();
        server = Undertow.builder().setWorker(worker).addHttpListener(0, "127.0.0.1").setHandler(deployment.start()).build();
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    protected void stopServer() throws Exception {
        server.stop();
        deployment.stop();
        deployment.undeploy();
        worker.shutdownNow();
    }
}
