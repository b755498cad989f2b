package io.github.sessionbridge.core;

import java.util.Objects;

/**
 * Where one operations type's C server listens.
 *
 * @param host      the C host (name or address)
 * @param port      1..65535
 * @param transport TCP or UDP
 */
public record CAddress(String host, int port, Transport transport) {

    /** How the C server is reached. */
    public enum Transport {
        /** A TCP connection per client action (protocol §1). */
        TCP,
        /** Datagrams of whole units (protocol §3). */
        UDP
    }

    /**
     * Checks the components.
     *
     * @param host      the C host name or address (not resolved here: the transport does that when it connects)
     * @param port      the port the C server listens on, 1 to 65535
     * @param transport how the C server is reached
     * @throws NullPointerException     if {@code host} or {@code transport} is null
     * @throws IllegalArgumentException if the port is out of range
     */
    public CAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return transport.name().toLowerCase(java.util.Locale.ROOT) + "://" + host + ":" + port;
    }
}
