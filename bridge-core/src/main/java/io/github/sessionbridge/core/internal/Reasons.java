package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;

/** How a stream's ending maps to an {@link EndReason}, for live bridges, players, scans and exports alike. */
public final class Reasons {
    private Reasons() {
    }

    /** {@code '3'} is {@link EndReason#END}, {@code '5'} {@link EndReason#REFUSED}. */
    public static EndReason of(Control control) {
        return control == Control.END ? EndReason.END : EndReason.REFUSED;
    }

    /** A stream that ends inside a unit is {@link EndReason#TRUNCATED}; any other broken unit {@link EndReason#PROTOCOL_ERROR}. */
    public static EndReason of(ProtocolException e) {
        return e.kind() == ProtocolException.Kind.TRUNCATED ? EndReason.TRUNCATED : EndReason.PROTOCOL_ERROR;
    }
}
