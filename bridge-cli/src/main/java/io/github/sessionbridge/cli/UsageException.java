package io.github.sessionbridge.cli;

/** A usage error: the command line is wrong. Exit status 64, with its message as one line on stderr. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, one line */
    UsageException(String message) {
        super(message);
    }
}
