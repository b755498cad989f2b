package io.github.sessionbridge.containers;

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

/** Embedded Undertow with its Jakarta WebSocket implementation. */
class UndertowSinkTest extends ContainerSinkContract {
    private XnioWorker worker;
    private DeploymentManager deployment;
    private Undertow server;

    @Override
    int startServer() throws Exception {
        worker = Xnio.getInstance().createWorker(OptionMap.create(Options.THREAD_DAEMON, true));
        WebSocketDeploymentInfo ws = new WebSocketDeploymentInfo()
                .addEndpoint(WatchEndpoint.class)
                .setWorker(worker)
                .setBuffers(new DefaultByteBufferPool(false, 8192));
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(UndertowSinkTest.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("watch")
                .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, ws);
        deployment = Servlets.defaultContainer().addDeployment(info);
        deployment.deploy();
        // the server runs on the test's worker, which stopServer() ends at once (Undertow's own waits for open sockets)
        server = Undertow.builder().setWorker(worker).addHttpListener(0, "127.0.0.1").setHandler(deployment.start()).build();
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    void stopServer() throws Exception {
        server.stop();
        deployment.stop();
        deployment.undeploy();
        worker.shutdownNow();
    }
}
