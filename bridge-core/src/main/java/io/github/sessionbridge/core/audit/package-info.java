/**
 * The audit trail: who watched which session from when to when, who kicked it and why, who replayed which
 * recording, and who was turned away ({@link io.github.sessionbridge.core.audit.AuditEvent}), delivered off
 * the I/O threads to the host's {@link io.github.sessionbridge.core.audit.AuditSink} by an
 * {@link io.github.sessionbridge.core.audit.AuditTrail}, which
 * {@link io.github.sessionbridge.core.BridgeConfig.Builder#audit} connects to a bridge tier.
 * {@link io.github.sessionbridge.core.audit.JsonLinesAuditWriter} is a ready sink.
 */
package io.github.sessionbridge.core.audit;
