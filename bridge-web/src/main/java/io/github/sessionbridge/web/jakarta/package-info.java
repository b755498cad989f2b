/**
 * The Jakarta WebSocket adapter: {@link io.github.sessionbridge.web.jakarta.BridgeEndpoint}, an endpoint a
 * host registers with its server's {@code ServerContainer} (Tomcat, Jetty, Undertow, ...).
 */
package io.github.sessionbridge.web.jakarta;
