/**
 * The machinery behind {@link io.github.sessionbridge.core.playback.SessionPlayer} and timelines: the
 * player core ({@code PlaybackEngine}, its controls; {@code PlayerCore}, the state machine over its parts:
 * {@code PlaybackClock}, {@code PlayReader}, {@code Seek}, {@code Indexer}, {@code PlayerPort}), the
 * {@code GrowingSource} edge of a recording still being written, the seek index and terminal-state
 * tracker, unit cursors, exports and the timeline spool. Not an API: the module does not export it, and
 * it may change in any release.
 */
package io.github.sessionbridge.core.playback.internal;
