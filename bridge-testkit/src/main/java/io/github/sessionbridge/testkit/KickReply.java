package io.github.sessionbridge.testkit;

/**
 * How a {@link FakeCServer} answers a kick request ({@code [flag]=1}) for a session; set per
 * session with {@link SessionScript#onKick(KickReply)}.
 */
public enum KickReply {
    /**
     * As a real C server: when the session is live, {@code '3'} to the kicker and {@code '3'} to
     * every live monitor, each after the unit it is sending, then close them all; otherwise
     * {@code '5'} to the kicker. The default.
     *
     * <p>A monitor connection is live while it is open, has sent no control byte and is not closing:
     * its script is still running, has no {@code then...} ending, or ended with
     * {@link SessionScript#then(Ending) then(Ending.STALL)}. The session is live while it has at least one.
     */
    AUTO,
    /** {@code '3'} to the kicker and to every live monitor, even when there is none. */
    END,
    /** {@code '5'} to the kicker; monitors are left alone. */
    REFUSE,
    /** Never answer: the kick connection stays open and silent until the kicker closes it. */
    NO_ANSWER,
    /** Close the kick connection without answering. */
    CLOSE,
    /** Reset the kick connection (RST) without answering. */
    RESET
}
