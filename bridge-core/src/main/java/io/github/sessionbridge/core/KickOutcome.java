package io.github.sessionbridge.core;

import java.util.Objects;

/**
 * What a kick came to (protocol §2.3): the C server answered {@code '3'} (kicked) or {@code '5'}
 * (refused), or the kick failed for a reason.
 *
 * @param status what happened
 * @param reason {@link EndReason#END} when kicked, {@link EndReason#REFUSED} when refused, else why it failed
 *               ({@link EndReason#TIMEOUT}, {@link EndReason#CONNECT_FAILED}, {@link EndReason#FORBIDDEN}, ...)
 * @param detail a sentence for logs and operators
 */
public record KickOutcome(Status status, EndReason reason, String detail) {

    /** The three outcomes of a kick. */
    public enum Status {
        /** The C server answered {@code '3'}: the session was terminated. */
        KICKED,
        /** The C server answered {@code '5'}: it will not terminate the session. */
        REFUSED,
        /** Anything else: see the reason. */
        FAILED
    }

    /**
     * Checks the components are present; it does not check they agree with each other.
     *
     * @param status what happened
     * @param reason {@link EndReason#END} when kicked, {@link EndReason#REFUSED} when refused, else why it failed
     * @param detail a sentence for logs and operators
     * @throws NullPointerException if an argument is null
     */
    public KickOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * Whether the session was terminated.
     *
     * @return {@code true} if the C server answered {@code '3'} ({@link Status#KICKED}), else {@code false}
     */
    public boolean kicked() {
        return status == Status.KICKED;
    }
}
