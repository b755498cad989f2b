/**
 * The machinery behind {@link io.github.sessionbridge.core.SessionBridge}: live bridges, kicks, the serial
 * callback executor and the helpers core shares (failure handling, end reasons, JSON quoting); the default
 * transport is apart, in {@code internal.nio}. Not an API: the module does not export it, and it may change
 * in any release.
 */
package io.github.sessionbridge.core.internal;
