package io.github.sessionbridge.web;

/** session-bridge.js in Chromium against the adapter on Jetty (the server of {@link JettyWebTest}). */
class JettyBrowserTest extends BrowserContract {
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
