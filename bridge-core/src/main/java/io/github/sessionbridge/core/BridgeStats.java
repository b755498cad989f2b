package io.github.sessionbridge.core;

import java.util.Map;

/**
 * A snapshot of a {@link SessionBridge}'s counters since it was created.
 *
 * <p>The counters are read one after another, not atomically: while bridges open and end, they need not
 * add up exactly.
 *
 * @param opened         monitor bridges opened (those the access policy allowed)
 * @param active         monitor bridges live now
 * @param endedByReason  monitor bridges ended, by reason (every reason present, zero or more); also counts
 *                       the monitors the access policy denied, under {@link EndReason#FORBIDDEN}, which were
 *                       never opened
 * @param records        records handed to clients
 * @param bytes          record content bytes handed to clients: the sum of their
 *                       {@link io.github.sessionbridge.protocol.SessionRecord#contentLength() contentLength()}
 * @param protocolErrors protocol errors seen on monitors and kicks
 * @param kicksByStatus  kicks finished, by status (every status present)
 */
public record BridgeStats(long opened, long active, Map<EndReason, Long> endedByReason, long records, long bytes,
                          long protocolErrors, Map<KickOutcome.Status, Long> kicksByStatus) {

    /**
     * Copies the maps.
     *
     * @param opened         monitor bridges opened
     * @param active         monitor bridges live now
     * @param endedByReason  monitor bridges ended, by reason; copied into an unmodifiable map
     * @param records        records handed to clients
     * @param bytes          record content bytes handed to clients
     * @param protocolErrors protocol errors seen on monitors and kicks
     * @param kicksByStatus  kicks finished, by status; copied into an unmodifiable map
     * @throws NullPointerException if a map is null or holds a null key or value
     */
    public BridgeStats {
        endedByReason = Map.copyOf(endedByReason);
        kicksByStatus = Map.copyOf(kicksByStatus);
    }
}
