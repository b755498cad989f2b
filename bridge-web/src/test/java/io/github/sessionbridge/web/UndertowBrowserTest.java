package io.github.sessionbridge.web;

/** session-bridge.js in Chromium against the adapter on Undertow (the server of {@link UndertowWebTest}). */
class UndertowBrowserTest extends BrowserContract {
    private final UndertowWebTest server = new UndertowWebTest();

    @Override
    protected int startServer(BrowserBridge web) throws Exception {
        return server.startServer(web);
    }

    @Override
    protected void stopServer() throws Exception {
        server.stopServer();
    }
}
