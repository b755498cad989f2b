package io.github.sessionbridge.web;

/** Search over the browser protocol against the adapter on Jetty (the server of {@link JettyWebTest}). */
class JettySearchTest extends SearchContract {
    private final JettyWebTest server = new JettyWebTest();

    @Override
    protected int startServer(BrowserBridge web) throws Exception {
        return server.startServer(web);
    }

    @Override
    protected void stopServer() throws Exception {
        server.stopServer();
    }
}
