package io.github.sessionbridge.web;

/** Search over the browser protocol against the adapter on Spring (the server of {@link SpringWebTest}). */
class SpringSearchTest extends SearchContract {
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
