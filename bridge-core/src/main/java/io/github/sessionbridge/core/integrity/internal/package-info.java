/**
 * The manifest's format, writer and verifier behind {@link io.github.sessionbridge.core.integrity}. Not an
 * API: the module does not export it, and it may change in any release.
 */
package io.github.sessionbridge.core.integrity.internal;
