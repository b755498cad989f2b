/**
 * Recording live sessions: while a bridge relays a session, a
 * {@link io.github.sessionbridge.core.recording.RecordingTap} writes it into a recording file (protocol §5:
 * {@code SESSREC1} and the C server's units exactly as sent). A
 * {@link io.github.sessionbridge.core.recording.RecordingPolicy} picks the bridges to record and a
 * {@link io.github.sessionbridge.core.recording.RecordingTarget} for each (a file, or any channel), and is
 * told how each recording ended with a {@link io.github.sessionbridge.core.recording.RecordingResult}.
 * A slow or full disk stops the recording, never the bridge. Recordings are played back with
 * {@link io.github.sessionbridge.core.playback}.
 *
 * <p><b>Threads.</b> A policy's {@code target} runs on the thread that opens the bridge; recordings are
 * written, and {@code finished} called, on the tap's one writer thread.
 */
package io.github.sessionbridge.core.recording;
