package io.github.sessionbridge.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Flow control toward one client, the same for live bridges ({@link BridgeConfig.Builder#flowControl}) and
 * players ({@link io.github.sessionbridge.core.PlaybackOptions.Builder#flowControl}).
 *
 * <p>What counts is the client's <i>queued bytes</i>: the records waiting for their turn to be sent and the
 * one whose {@link ClientSink#send} stage has not completed yet, each at its encoded size, header included
 * (a sink has one send in flight unless it {@linkplain ClientSink#pipelining() pipelines}). Above
 * {@code highWaterMark} the source pauses: a live bridge stops reading its C connection (TCP back pressure
 * reaches the C server), a player stops sending. At or below {@code lowWaterMark} it goes on. If it stays
 * paused for {@code slowClientTimeout} — from rising above the high-water mark until falling to the
 * low-water mark — the client is ended with {@link EndReason#CLIENT_TOO_SLOW}; the same timeout bounds how
 * long the end notice waits for the client's last send. Nothing is dropped unsent to keep up.
 *
 * @param highWaterMark     queued bytes above which the source pauses; positive
 * @param lowWaterMark      queued bytes at or below which it goes on; from 0 to {@code highWaterMark}
 * @param slowClientTimeout how long the source may stay paused for the client; positive
 */
public record FlowControl(long highWaterMark, long lowWaterMark, Duration slowClientTimeout) {

    /** The defaults: 1 MiB, 256 KiB, 30 s. */
    public static final FlowControl DEFAULT = new FlowControl(1024 * 1024, 256 * 1024, Duration.ofSeconds(30));

    /**
     * Checks the values.
     *
     * @param highWaterMark     queued bytes above which the source pauses; positive
     * @param lowWaterMark      queued bytes at or below which it goes on; from 0 to {@code highWaterMark}
     * @param slowClientTimeout how long the source may stay paused for the client; positive
     * @throws IllegalArgumentException unless {@code 0 <= lowWaterMark <= highWaterMark}, {@code highWaterMark > 0}
     *                                  and the timeout is positive
     * @throws NullPointerException     if {@code slowClientTimeout} is null
     */
    public FlowControl {
        Objects.requireNonNull(slowClientTimeout, "slowClientTimeout");
        if (lowWaterMark < 0 || highWaterMark <= 0 || lowWaterMark > highWaterMark) {
            throw new IllegalArgumentException("water marks need 0 <= low <= high and high > 0, were high="
                    + highWaterMark + " low=" + lowWaterMark);
        }
        if (slowClientTimeout.isNegative() || slowClientTimeout.isZero()) {
            throw new IllegalArgumentException("slowClientTimeout must be positive, was " + slowClientTimeout);
        }
    }

    /**
     * These settings with other water marks.
     *
     * @param high the high-water mark in bytes; positive
     * @param low  the low-water mark in bytes; from 0 to {@code high}
     * @return a new value
     * @throws IllegalArgumentException unless {@code 0 <= low <= high} and {@code high > 0}
     */
    public FlowControl withWaterMarks(long high, long low) {
        return new FlowControl(high, low, slowClientTimeout);
    }

    /**
     * These settings with another slow-client timeout.
     *
     * @param timeout the slow-client timeout; positive
     * @return a new value
     * @throws IllegalArgumentException unless {@code timeout} is positive
     * @throws NullPointerException     if {@code timeout} is null
     */
    public FlowControl withSlowClientTimeout(Duration timeout) {
        return new FlowControl(highWaterMark, lowWaterMark, timeout);
    }
}
