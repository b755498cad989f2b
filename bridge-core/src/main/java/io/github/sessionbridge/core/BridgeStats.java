package io.github.sessionbridge.core;

import java.util.Map;

/**
 * A snapshot of a {@link SessionBridge}'s counters since it was created.
 *
 * @param opened         monitor bridges opened
 * @param active         monitor bridges live now
 * @param endedByReason  monitor bridges ended, by reason (every reason present, zero or more)
 * @param records        records handed to clients
 * @param bytes          record content bytes handed to clients
 * @param protocolErrors protocol errors seen on monitors and kicks
 * @param kicksByStatus  kicks finished, by status (every status present)
 */
public record BridgeStats(long opened, long active, Map<EndReason, Long> endedByReason, long records, long bytes,
                          long protocolErrors, Map<KickOutcome.Status, Long> kicksByStatus) {

    /** Copies the maps. */
    public BridgeStats {
        endedByReason = Map.copyOf(endedByReason);
        kicksByStatus = Map.copyOf(kicksByStatus);
    }
}
