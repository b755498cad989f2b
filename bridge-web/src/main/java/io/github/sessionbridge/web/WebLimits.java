package io.github.sessionbridge.web;

import java.time.Duration;
import java.util.Objects;

/**
 * What one browser connection may cost. Every limit is told to the browser in the {@code hello} message.
 *
 * @param maxViews          views open at once in one connection
 * @param maxRequestBytes   the largest request (text frame), in bytes of UTF-8: a larger one gets error
 *                          {@code TOO_LARGE} and close 1009; the adapters set their server's WebSocket buffers to
 *                          four times it, so the server refuses frames larger than that itself
 * @param requestsPerSecond requests a second a connection may send, sustained
 * @param requestBurst      requests it may send at once above that rate
 * @param maxPendingBytes   messages not yet written to the browser above which its connection is closed (1008)
 * @param clockInterval     how often a playing replay or timeline reports its position
 */
public record WebLimits(int maxViews, int maxRequestBytes, double requestsPerSecond, int requestBurst,
        long maxPendingBytes, Duration clockInterval) {

    /** 8 views, 4096-byte requests, 20 a second over a burst of 100, 1 MiB of pending messages, a clock a second. */
    public static final WebLimits DEFAULTS = new WebLimits(8, 4096, 20, 100, 1 << 20, Duration.ofSeconds(1));

    /**
     * Checks the limits.
     *
     * @param maxViews          at least 1
     * @param maxRequestBytes   at least 256
     * @param requestsPerSecond more than 0
     * @param requestBurst      at least 1
     * @param maxPendingBytes   at least 4096
     * @param clockInterval     at least 50 ms; not null
     * @throws IllegalArgumentException if a limit is out of range
     * @throws NullPointerException     if {@code clockInterval} is null
     */
    public WebLimits {
        Objects.requireNonNull(clockInterval, "clockInterval");
        if (maxViews < 1 || maxRequestBytes < 256 || !(requestsPerSecond > 0) || requestBurst < 1
                || maxPendingBytes < 4096 || clockInterval.toMillis() < 50) {
            throw new IllegalArgumentException("limits out of range: " + maxViews + " views, " + maxRequestBytes
                    + " B requests, " + requestsPerSecond + "/s over " + requestBurst + ", " + maxPendingBytes
                    + " B pending, clock every " + clockInterval);
        }
    }
}
