/**
 * Micrometer meters for session-bridge: {@link io.github.sessionbridge.micrometer.BridgeMetrics} counts what
 * a {@code SessionBridge} does, {@link io.github.sessionbridge.micrometer.AuditTrailMetrics} what its audit
 * trail delivers and loses. Micrometer is read only when present ({@code requires static}): the host brings
 * it.
 */
module io.github.sessionbridge.micrometer {
    requires transitive io.github.sessionbridge.core;
    requires static micrometer.core;

    exports io.github.sessionbridge.micrometer;
}
