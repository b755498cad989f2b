package io.github.sessionbridge.web;

/** Search over the browser protocol against the adapter on Tomcat (the server of {@link TomcatWebTest}). */
class TomcatSearchTest extends SearchContract {
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
