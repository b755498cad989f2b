package io.github.sessionbridge.core.audit;

/**
 * Where audit events go: the host's store (a file, a database, a SIEM, Spring's event bus). Called by the
 * {@link AuditTrail}'s own delivery thread, one event at a time, in the order they happened, never on a
 * bridge's I/O thread: it may block (a database insert, an fsync) without holding up any bridge.
 *
 * <p>A sink that throws has not taken the event: the trail counts and logs it and, as its
 * {@link AuditOptions.Overflow} says, either goes on without it ({@code DROP}) or retries it until it is taken
 * ({@code BACK_PRESSURE}). See {@link JsonLinesAuditWriter} for a ready one.
 */
@FunctionalInterface
public interface AuditSink {

    /**
     * Takes one event.
     *
     * @param event the event; never null
     * @throws Exception if the event could not be stored
     */
    void accept(AuditEvent event) throws Exception;

    /**
     * The queue is empty for now: a sink that batches may flush (or fsync) here. The default does nothing.
     *
     * @throws Exception if flushing failed; counted and logged, the events already taken count as delivered
     */
    default void flush() throws Exception {
    }
}
