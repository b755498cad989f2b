/**
 * Playback: what auditors do after a session. Recording live monitors
 * ({@link io.github.sessionbridge.core.playback.RecordingPolicy}, set with
 * {@link io.github.sessionbridge.core.BridgeConfig.Builder#recording}), playing recordings into the same
 * {@link io.github.sessionbridge.core.ClientSink} as live sessions at any speed with pause, idle limit and
 * exact seeking ({@link io.github.sessionbridge.core.playback.SessionPlayer},
 * {@link io.github.sessionbridge.core.playback.Recording}), and streaming asciicast v2 export
 * ({@link io.github.sessionbridge.core.playback.AsciicastWriter}). Everything streams: memory does not grow
 * with a recording's size. See {@code docs/playback.md} for how seeking works and its limits.
 */
package io.github.sessionbridge.core.playback;
