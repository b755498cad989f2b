package io.github.sessionbridge.web;

/** Search over the browser protocol against the adapter on Undertow (the server of {@link UndertowWebTest}). */
class UndertowSearchTest extends SearchContract {
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
