/**
 * The machinery behind {@link io.github.sessionbridge.core.SessionBridge}: live bridges, kicks, the serial
 * callback executor and the default java.nio TCP/UDP transport. Not an API: the module does not export
 * it, and it may change in any release.
 */
package io.github.sessionbridge.core.internal;
