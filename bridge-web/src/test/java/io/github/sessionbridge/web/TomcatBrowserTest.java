package io.github.sessionbridge.web;

/** session-bridge.js in Chromium against the adapter on Tomcat (the server of {@link TomcatWebTest}). */
class TomcatBrowserTest extends BrowserContract {
    private final TomcatWebTest server = new TomcatWebTest();

    @Override
    protected int startServer(BrowserBridge web) throws Exception {
        return server.startServer(web);
    }

    @Override
    protected void stopServer() throws Exception {
        server.stopServer();
    }
}
