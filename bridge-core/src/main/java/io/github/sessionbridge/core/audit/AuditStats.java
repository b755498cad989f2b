package io.github.sessionbridge.core.audit;

/**
 * A snapshot of an {@link AuditTrail}'s counters since it was created.
 *
 * @param delivered events the sink took
 * @param dropped   events lost: the queue was full, or {@link AuditTrail#close()} gave up on them
 * @param failed    times the sink threw (an event retried three times counts three)
 * @param refused   new requests refused for want of room ({@link AuditOptions.Overflow#BACK_PRESSURE})
 * @param queued    events waiting for the sink now
 */
public record AuditStats(long delivered, long dropped, long failed, long refused, int queued) {
}
