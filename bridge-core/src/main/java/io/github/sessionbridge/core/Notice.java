package io.github.sessionbridge.core;

import java.util.Objects;

/**
 * The one message that tells a client its bridge has ended: a code (3 or 5, {@link EndReason#code()}),
 * the reason, and a human-readable text (code 5 defaults to {@code 会话已结束！}).
 *
 * @param code   3 or 5
 * @param reason why it ended
 * @param text   what to show the operator
 */
public record Notice(int code, EndReason reason, String text) {

    /**
     * Checks the components agree.
     *
     * @param code   the reason's code: 3 or 5
     * @param reason why the bridge ended: any reason but {@link EndReason#CLIENT_GONE}
     * @param text   what to show the operator
     * @throws NullPointerException     if {@code reason} or {@code text} is null
     * @throws IllegalArgumentException if {@code reason} sends no notice or {@code code} is not the reason's code
     */
    public Notice {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(text, "text");
        if (!reason.notifiesClient()) {
            throw new IllegalArgumentException(reason + " sends no notice");
        }
        if (code != reason.code()) {
            throw new IllegalArgumentException("the code of " + reason + " is " + reason.code() + ", not " + code);
        }
    }

    /**
     * A notice for {@code reason} with its own code.
     *
     * @param reason why the bridge ended: any reason but {@link EndReason#CLIENT_GONE}
     * @param text   what to show the operator
     * @return a notice with {@code reason}'s {@linkplain EndReason#code() code}
     * @throws NullPointerException     if {@code reason} or {@code text} is null
     * @throws IllegalArgumentException if {@code reason} sends no notice
     */
    public static Notice of(EndReason reason, String text) {
        return new Notice(reason.code(), reason, text);
    }
}
