package io.github.sessionbridge.web.internal;

/** A request that cannot be served: the error code and message the browser gets, and a close code if it cannot go on. */
final class RequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String code;
    final int closeCode;

    RequestException(String code, String message) {
        this(code, message, 0);
    }

    RequestException(String code, String message, int closeCode) {
        super(message, null, false, false);
        this.code = code;
        this.closeCode = closeCode;
    }
}
