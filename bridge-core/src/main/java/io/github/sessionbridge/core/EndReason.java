package io.github.sessionbridge.core;

/**
 * Why a bridge ended (protocol §2.3), and the notice code its client is told.
 *
 * <p>Every reason but {@link #CLIENT_GONE} ends with exactly one {@link Notice} to the client;
 * {@code CLIENT_GONE} (the host closed the bridge because its browser went away) sends none.
 */
public enum EndReason {
    /** Control byte {@code '3'}: the session is over (monitor) or was terminated (kick). Code 3. */
    END(3),
    /** Control byte {@code '5'}: the C server will not serve the request. Code 3. */
    REFUSED(3),
    /** The C server closed at a unit boundary without a control byte. Code 5. */
    CLOSED(5),
    /** The C server closed inside a unit; the partial unit was not forwarded. Code 5. */
    TRUNCATED(5),
    /** The connection could not be made: refused, unreachable, or the connect timeout passed. Code 5. */
    CONNECT_FAILED(5),
    /** A read or write error, or a reset. Code 5. */
    IO_ERROR(5),
    /** The C server broke the protocol (unknown type, bad length, ...). Code 5. */
    PROTOCOL_ERROR(5),
    /**
     * The client kept reading paused (above the high-water mark, not back down to the low-water mark) for
     * longer than the slow-client timeout. Code 5.
     */
    CLIENT_TOO_SLOW(5),
    /** UDP: nothing arrived for the idle timeout. Code 5. */
    IDLE_TIMEOUT(5),
    /** A kick got no answer within the kick response timeout. Code 5. */
    TIMEOUT(5),
    /** The host's access policy denied the request; no C connection was opened. Code 5. */
    FORBIDDEN(5),
    /**
     * A player was to play only a recording that verifies against its integrity manifest
     * ({@link PlaybackOptions.Builder#requireManifest}), and this one does not: tampered, truncated, unsigned or
     * signed by a key not trusted (the notice's detail says which, and where). No record was sent. Code 5.
     */
    UNVERIFIED(5),
    /** The {@link SessionBridge} was closed while the bridge was live. Code 5. */
    SHUTDOWN(5),
    /**
     * A bug, not a network or file failure: host code the bridge or player called (a listener, the access or
     * recording policy, a scheduler, a recording source) or the library itself threw something unexpected,
     * or the I/O thread serving the connection died. Logged at ERROR with the cause. Code 5.
     */
    INTERNAL_ERROR(5),
    /** The host closed the bridge because its client went away. No notice is sent. */
    CLIENT_GONE(0);

    private final int code;

    EndReason(int code) {
        this.code = code;
    }

    /**
     * The notice code: 3 or 5, or 0 for {@link #CLIENT_GONE}, which sends no notice.
     *
     * @return 3 for {@link #END} and {@link #REFUSED} (the C server answered with a control byte), 5 for every
     *         other reason but {@link #CLIENT_GONE}, 0 for that one
     */
    public int code() {
        return code;
    }

    /**
     * Whether the client is told with a notice.
     *
     * @return {@code true} for every reason but {@link #CLIENT_GONE}
     */
    public boolean notifiesClient() {
        return code != 0;
    }
}
