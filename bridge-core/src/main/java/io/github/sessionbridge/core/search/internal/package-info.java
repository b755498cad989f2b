/**
 * The machinery behind {@link io.github.sessionbridge.core.search}: the terminal-text model, the matchers and
 * the passes over a recording. Not an API: the module does not export it, and it may change in any release.
 */
package io.github.sessionbridge.core.search.internal;
