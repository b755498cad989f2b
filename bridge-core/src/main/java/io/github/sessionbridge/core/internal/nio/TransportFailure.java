package io.github.sessionbridge.core.internal.nio;

import java.io.IOException;

/**
 * What the default transport tells a connection's handler when the failure was not the network's but a bug:
 * the transport's own code threw, or the I/O thread died. The bridge ends with
 * {@link io.github.sessionbridge.core.EndReason#INTERNAL_ERROR}, not {@code IO_ERROR}.
 */
public final class TransportFailure extends IOException {
    private static final long serialVersionUID = 1L;

    TransportFailure(String message, Throwable cause) {
        super(message + ": " + cause, cause);
    }
}
