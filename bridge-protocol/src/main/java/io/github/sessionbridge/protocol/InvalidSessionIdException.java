package io.github.sessionbridge.protocol;

/**
 * A session id that the protocol does not allow: it must be 1 to 128 characters of
 * {@code [A-Za-z0-9._:-]}. Thrown before any connection is opened.
 */
public final class InvalidSessionIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The index of the offending character, or -1 when the length is what is wrong. */
    private final int index;

    InvalidSessionIdException(String message, int index) {
        super(message);
        this.index = index;
    }

    /**
     * Where the session id is wrong.
     *
     * @return the index (a {@code char} index into the session id) of the first character that is not
     *         allowed, or -1 when the length is what is wrong (empty, or longer than
     *         {@value RequestLine#MAX_SESSION_ID_LENGTH} characters)
     */
    public int index() {
        return index;
    }
}
