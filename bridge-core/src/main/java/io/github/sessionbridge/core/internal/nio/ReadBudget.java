package io.github.sessionbridge.core.internal.nio;

/**
 * A connection handler that says how much it can take in one read. The default transport reads up to
 * 256 KiB from a stream at once when the handler can take them (fewer system calls per byte for a stream
 * that arrives fast), and never less than 64 KiB: what one read delivers past a handler's flow-control mark
 * is never more than it was with reads of 64 KiB. A handler that is no {@code ReadBudget} gets reads of
 * 64 KiB.
 */
public interface ReadBudget {
    /**
     * Bytes the handler can take now without passing its flow-control mark; on the event thread.
     *
     * @return any value; below 64 KiB (zero or negative included) the read takes 64 KiB
     */
    long readBudget();
}
