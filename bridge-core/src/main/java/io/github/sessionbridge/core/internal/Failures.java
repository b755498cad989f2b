package io.github.sessionbridge.core.internal;

/**
 * How the bridge treats a {@link Throwable} it caught from host code or from its own work: everything is
 * contained so that state is completed, except a {@link VirtualMachineError}, which is rethrown once the
 * cleanup is done (the JVM is in trouble; hiding that would be worse).
 */
public final class Failures {
    private Failures() {
    }

    /**
     * Rethrows {@code t} if it is a {@link VirtualMachineError}; else returns.
     *
     * @param t what was caught; may be {@code null}
     */
    public static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError e) {
            throw e;
        }
    }
}
