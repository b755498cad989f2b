/**
 * The machinery behind {@link io.github.sessionbridge.testkit.FakeCServer}: the selector loop,
 * connections, script runs and captures. Not an API: it may change in any release.
 */
package io.github.sessionbridge.testkit.internal;
