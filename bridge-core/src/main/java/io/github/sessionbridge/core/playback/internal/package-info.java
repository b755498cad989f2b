/**
 * The machinery behind {@link io.github.sessionbridge.core.playback.SessionPlayer} and recording: the
 * player, its seek index and terminal-state tracker, unit cursors, exports and the recorder. Not an API:
 * the module does not export it, and it may change in any release.
 */
package io.github.sessionbridge.core.playback.internal;
