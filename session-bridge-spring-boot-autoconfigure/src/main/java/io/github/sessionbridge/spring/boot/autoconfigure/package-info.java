/**
 * Spring Boot auto-configuration of session-bridge: {@link
 * io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeAutoConfiguration} and its settings,
 * {@link io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeProperties} ({@code session-bridge.*}).
 */
package io.github.sessionbridge.spring.boot.autoconfigure;
