package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;

/** The exit statuses of the tools (tools.md). */
public final class ExitStatus {

    /** The session ended with END ({@code '3'}), a kick succeeded, a replay finished. */
    public static final int OK = 0;
    /** Any code-5 ending: closed, truncated, I/O error, protocol error, connect failure, timeout. */
    public static final int FAILED = 1;
    /** REFUSED ({@code '5'}). */
    public static final int REFUSED = 2;
    /** {@code find} found nothing. */
    public static final int NOT_FOUND = 3;
    /** A usage error: unknown command or option, invalid SID, unreadable file. */
    public static final int USAGE = 64;

    private ExitStatus() {
    }

    /** The status for a session that ended for {@code reason}: END → 0, REFUSED → 2, anything else → 1. */
    public static int of(EndReason reason) {
        return switch (reason) {
            case END -> OK;
            case REFUSED -> REFUSED;
            default -> FAILED;
        };
    }

    /** The status for a kick: kicked → 0, refused → 2, failed → 1. */
    public static int of(KickOutcome outcome) {
        return switch (outcome.status()) {
            case KICKED -> OK;
            case REFUSED -> REFUSED;
            case FAILED -> FAILED;
        };
    }
}
