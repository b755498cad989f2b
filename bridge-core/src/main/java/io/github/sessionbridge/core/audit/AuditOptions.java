package io.github.sessionbridge.core.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AuditTrail} queues and delivers.
 *
 * <p><b>Capacity.</b> Up to {@code capacity} events wait for the sink. An event that <em>opens</em>
 * something (a watch, a kick, a playback) needs room below that; an event that accounts for a request
 * already made (a watch ended, a kick answered, a seek, a playback ended, a denial) may use a second
 * {@code capacity} beyond it, so that what was let in is still accounted for when the sink is slow.
 * Past both, the event is dropped: counted in {@link AuditStats#dropped()} and logged at ERROR.
 *
 * @param capacity     how many events may wait for the sink, 1 to 1,000,000
 * @param overflow     what a full queue or a failing sink does to new requests
 * @param maxWait      with {@link Overflow#BACK_PRESSURE}: how long a new request waits for room before it is
 *                     refused; zero or positive
 * @param closeTimeout how long {@link AuditTrail#close()} waits for the sink to take what is queued; positive
 */
public record AuditOptions(int capacity, Overflow overflow, Duration maxWait, Duration closeTimeout) {

    /** 10,000 events, {@link Overflow#DROP}, 1 s of waiting, 5 s to drain on close. */
    public static final AuditOptions DEFAULT = new AuditOptions(10_000, Overflow.DROP, Duration.ofSeconds(1),
            Duration.ofSeconds(5));

    /** What a full queue or a failing sink does. */
    public enum Overflow {
        /**
         * Requests go on unaudited: an event that finds the queue full is dropped, and an event the sink
         * throws on is given up; each is counted ({@link AuditStats#dropped()}, {@link AuditStats#failed()})
         * and logged. Nothing waits.
         */
        DROP,
        /**
         * Nothing unaudited: an event the sink throws on is retried (with a growing pause, up to 5 s) until it
         * is taken, so a failing sink fills the queue; then each new monitor, kick or playback waits up to
         * {@code maxWait} for room and is refused if none comes ({@link AuditEvent.Denial#AUDIT_FULL}, counted
         * in {@link AuditStats#refused()}). The wait is on the thread that made the request (that called
         * {@code monitor}, {@code kick} or {@code play}, where the access policy runs too): make requests from
         * a thread of your own, not from a sink on an I/O thread. Events that end what was let in never wait.
         */
        BACK_PRESSURE
    }

    /**
     * Checks the values.
     *
     * @param capacity     how many events may wait, 1 to 1,000,000
     * @param overflow     what a full queue does
     * @param maxWait      how long a new request waits for room; zero or positive
     * @param closeTimeout how long close waits for the sink; positive
     * @throws NullPointerException     if an object argument is null
     * @throws IllegalArgumentException if a value is out of range
     */
    public AuditOptions {
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (capacity < 1 || capacity > 1_000_000) {
            throw new IllegalArgumentException("audit capacity must be within 1..1000000, was " + capacity);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("audit maxWait must not be negative, was " + maxWait);
        }
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("audit closeTimeout must be positive, was " + closeTimeout);
        }
    }

    /**
     * A copy with another capacity.
     *
     * @param capacity how many events may wait, 1 to 1,000,000
     * @return the new options
     * @throws IllegalArgumentException if out of range
     */
    public AuditOptions withCapacity(int capacity) {
        return new AuditOptions(capacity, overflow, maxWait, closeTimeout);
    }

    /**
     * A copy with another overflow behaviour.
     *
     * @param overflow what a full queue or a failing sink does
     * @return the new options
     * @throws NullPointerException if {@code overflow} is null
     */
    public AuditOptions withOverflow(Overflow overflow) {
        return new AuditOptions(capacity, overflow, maxWait, closeTimeout);
    }

    /**
     * A copy with another wait for room.
     *
     * @param maxWait how long a new request waits for room; zero or positive
     * @return the new options
     * @throws IllegalArgumentException if negative
     */
    public AuditOptions withMaxWait(Duration maxWait) {
        return new AuditOptions(capacity, overflow, maxWait, closeTimeout);
    }

    /**
     * A copy with another close timeout.
     *
     * @param closeTimeout how long close waits for the sink; positive
     * @return the new options
     * @throws IllegalArgumentException if not positive
     */
    public AuditOptions withCloseTimeout(Duration closeTimeout) {
        return new AuditOptions(capacity, overflow, maxWait, closeTimeout);
    }
}
