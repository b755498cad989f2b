/**
 * The default transport: java.nio TCP and UDP connections on a few selector loops
 * ({@link io.github.sessionbridge.core.CEndpoint#nio(int)} gives it). It knows nothing of bridges; they use it
 * through {@link io.github.sessionbridge.core.CConnection}. Not an API: the module does not export it, and it
 * may change in any release.
 */
package io.github.sessionbridge.core.internal.nio;
