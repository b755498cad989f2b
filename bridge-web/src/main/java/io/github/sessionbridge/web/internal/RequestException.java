package io.github.sessionbridge.web.internal;

/** A request that cannot be served: the error code and message the browser gets, and a close code if it cannot go on. */
final class RequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String code;
    final int closeCode;
    final int view;

    RequestException(String code, String message) {
        this(code, message, 0, 0);
    }

    RequestException(String code, String message, int closeCode) {
        this(code, message, closeCode, 0);
    }

    /** An error about view {@code view}, which did not open after all. */
    RequestException(String code, String message, int closeCode, int view) {
        super(message, null, false, false);
        this.code = code;
        this.closeCode = closeCode;
        this.view = view;
    }
}
