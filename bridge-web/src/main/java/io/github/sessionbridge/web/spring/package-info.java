/**
 * The Spring WebSocket adapter: {@link io.github.sessionbridge.web.spring.BridgeWebSocketHandler}, a
 * {@code WebSocketHandler} a host registers in its {@code WebSocketConfigurer}.
 */
package io.github.sessionbridge.web.spring;
