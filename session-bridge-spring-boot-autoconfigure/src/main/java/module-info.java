/**
 * Spring Boot auto-configuration of session-bridge:
 * {@link io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeAutoConfiguration} (the bridge tier and
 * its audit trail from {@code session-bridge.*}), the browser endpoint
 * ({@link io.github.sessionbridge.spring.boot.autoconfigure.SessionBridgeWebAutoConfiguration}), Micrometer
 * meters and the Actuator health indicator.
 *
 * <p>Spring Boot, Spring WebSocket, Spring Security, Actuator, Micrometer and bridge-web are read only when
 * present ({@code requires static}; Spring's jars are automatic modules, named by their
 * {@code Automatic-Module-Name}): the application brings them, and each auto-configuration backs off without
 * its libraries. The package is opened to Spring, which instantiates the configuration classes and calls their
 * bean methods reflectively.
 */
module io.github.sessionbridge.spring.boot.autoconfigure {
    requires transitive io.github.sessionbridge.core;
    requires transitive io.github.sessionbridge.micrometer;
    requires org.slf4j;
    requires static io.github.sessionbridge.web;
    requires static spring.core;
    requires static spring.beans;
    requires static spring.context;
    requires static spring.boot;
    requires static spring.boot.autoconfigure;
    requires static spring.boot.actuator;
    requires static spring.boot.actuator.autoconfigure;
    requires static spring.websocket;
    requires static spring.security.core;
    requires static micrometer.core;

    exports io.github.sessionbridge.spring.boot.autoconfigure;
    opens io.github.sessionbridge.spring.boot.autoconfigure to spring.core, spring.beans, spring.context;
}
