package io.github.sessionbridge.core;

/**
 * The host's decision whether a caller may monitor or kick a session. Consulted before every
 * monitor and kick, on the calling thread, before any C connection is opened.
 */
@FunctionalInterface
public interface AccessPolicy {

    /** A policy that allows everything. */
    AccessPolicy ALLOW_ALL = request -> true;

    /** Whether {@code request} is allowed. A policy that throws denies. */
    boolean allows(AccessRequest request);
}
