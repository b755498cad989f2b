package io.github.sessionbridge.core.internal;

import io.github.sessionbridge.core.SessionBridge;
import java.util.Objects;

/** The check of the reason a caller gives a kick. */
public final class KickReason {
    private KickReason() {
    }

    /** {@code reason}, unchanged, if it is 1 to 500 characters, not blank, without control characters. */
    public static String check(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("the kick reason must not be blank");
        }
        if (reason.length() > SessionBridge.MAX_KICK_REASON_LENGTH) {
            throw new IllegalArgumentException("the kick reason must be at most " + SessionBridge.MAX_KICK_REASON_LENGTH
                    + " characters, was " + reason.length());
        }
        for (int i = 0; i < reason.length(); i++) {
            if (Character.isISOControl(reason.charAt(i))) {
                throw new IllegalArgumentException("the kick reason must not contain control characters (found U+"
                        + String.format("%04X", (int) reason.charAt(i)) + " at index " + i + ")");
            }
        }
        return reason;
    }
}
