package io.github.sessionbridge.core;

/**
 * The host's decision whether a caller may monitor or kick a session. Consulted before every
 * monitor and kick, on the calling thread, before any C connection is opened.
 */
@FunctionalInterface
public interface AccessPolicy {

    /** A policy that allows everything. */
    AccessPolicy ALLOW_ALL = request -> true;

    /**
     * Whether {@code request} is allowed. Called once per {@link SessionBridge#monitor} or
     * {@link SessionBridge#kick}, on the thread that called it and after the session id and operations type
     * were validated: it may take its time (a directory lookup, say) without holding up any I/O thread. A
     * policy that throws a {@link RuntimeException} denies; the exception is logged. One that throws an
     * {@link Error} is a bug, not a decision: the monitor ends (the kick fails) with
     * {@link EndReason#INTERNAL_ERROR}, logged at ERROR, no C connection being opened; a
     * {@link VirtualMachineError} is then rethrown to the caller.
     *
     * @param request who asks to do what to which session; never {@code null}
     * @return {@code true} to go ahead; {@code false} to deny, which ends a monitor with
     *         {@link EndReason#FORBIDDEN} and fails a kick with that reason, no C connection being opened
     */
    boolean allows(AccessRequest request);
}
