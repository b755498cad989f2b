/**
 * Micrometer meters for a {@code SessionBridge} ({@link io.github.sessionbridge.micrometer.BridgeMetrics})
 * and its audit trail ({@link io.github.sessionbridge.micrometer.AuditTrailMetrics}), usable with or without
 * Spring.
 */
package io.github.sessionbridge.micrometer;
