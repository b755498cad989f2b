package io.github.sessionbridge.testkit;

/**
 * How a {@link FakeCServer} answers a kick request ({@code [flag]=1}) for a session; set per
 * session with {@link SessionScript#onKick(KickReply)}.
 */
public enum KickReply {
    /**
     * As a real C server: when the session is live (at least one monitor connection of it is open
     * and its script has not ended), {@code '3'} to the kicker and {@code '3'} to every such monitor,
     * each after the unit it is sending, then close them all; otherwise {@code '5'} to the kicker.
     * The default.
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
