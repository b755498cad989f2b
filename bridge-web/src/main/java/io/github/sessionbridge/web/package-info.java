/**
 * The browser protocol's server side, transport-neutral: {@link io.github.sessionbridge.web.BrowserBridge}
 * serves one {@link io.github.sessionbridge.web.BrowserConnection} per browser WebSocket over a
 * {@link io.github.sessionbridge.web.BrowserTransport} an adapter provides. The protocol itself is in
 * {@code docs/browser-protocol.md}.
 */
package io.github.sessionbridge.web;
