/**
 * The browser side of session-bridge: the browser protocol ({@code docs/browser-protocol.md}) served over any
 * WebSocket by {@link io.github.sessionbridge.web.BrowserBridge}, with adapters for Jakarta WebSocket
 * ({@link io.github.sessionbridge.web.jakarta.BridgeEndpoint}) and Spring WebSocket
 * ({@link io.github.sessionbridge.web.spring.BridgeWebSocketHandler}), and the browser client
 * {@code session-bridge.js} as a WebJar ({@code META-INF/resources/webjars/session-bridge/VERSION/}).
 *
 * <p>The Jakarta WebSocket and Spring APIs are read only when present ({@code requires static}): the host's
 * server brings the one it uses. The {@code internal} package is not exported.
 */
module io.github.sessionbridge.web {
    requires transitive io.github.sessionbridge.core;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;
    requires static jakarta.websocket;
    requires static jakarta.websocket.client;
    requires static spring.websocket;
    requires static spring.web;
    requires static spring.core;
    exports io.github.sessionbridge.web;
    exports io.github.sessionbridge.web.jakarta;
    exports io.github.sessionbridge.web.spring;
}
