package io.github.sessionbridge.web;

/** session-bridge.js in Chromium against the adapter on Spring (the server of {@link SpringWebTest}). */
class SpringBrowserTest extends BrowserContract {
    private final SpringWebTest server = new SpringWebTest();

    @Override
    protected int startServer(BrowserBridge web) throws Exception {
        return server.startServer(web);
    }

    @Override
    protected void stopServer() throws Exception {
        server.stopServer();
    }
}
