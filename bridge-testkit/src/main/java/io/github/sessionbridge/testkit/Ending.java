package io.github.sessionbridge.testkit;

/**
 * How a {@link SessionScript} ends, once its steps are sent: {@link SessionScript#then(Ending)}. A script
 * given no ending stays live (its connection open, taking kicks) until a kick,
 * {@link FakeCServer#endSession(String)} or the client ends it. Over UDP, {@link #CLOSE} and {@link #RESET}
 * just stop sending.
 */
public enum Ending {
    /** {@code '3'} (the session is over), then close: the bridge tells its client code 3, reason END. */
    END,
    /** {@code '5'} (refused), then close: the bridge tells its client code 3, reason REFUSED. */
    REFUSE,
    /**
     * Close cleanly (FIN) with no control byte: the bridge tells its client code 5, reason CLOSED at a unit
     * boundary, TRUNCATED after a partial unit.
     */
    CLOSE,
    /**
     * Reset the connection (RST, by closing with {@code SO_LINGER} 0) once what came before is written: the
     * bridge tells its client code 5, reason IO_ERROR.
     */
    RESET,
    /**
     * Send nothing more and keep the connection open. It still takes kicks: for {@link KickReply#AUTO} the
     * session stays live, as a C server whose session has gone quiet.
     */
    STALL,
    /** The first 3 bytes of a terminal-data header, then close: truncated in a header (code 5, TRUNCATED). */
    CLOSE_MID_HEADER,
    /**
     * A terminal-data header, timestamp and 2 of its 9 content bytes, then close: truncated in a body (code 5,
     * TRUNCATED). The 2 bytes are never forwarded to the client.
     */
    CLOSE_MID_BODY
}
