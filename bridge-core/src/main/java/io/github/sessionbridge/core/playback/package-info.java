/**
 * Playback of recording files (protocol §5: {@code SESSREC1} and the C server's units exactly as sent, as
 * {@link io.github.sessionbridge.core.recording} writes them): playing recordings into the same
 * {@link io.github.sessionbridge.core.ClientSink} as live sessions at any speed with pause, idle limit and
 * exact seeking, and streaming asciicast v2 export. Everything streams: memory does not grow with a
 * recording's size. See {@code docs/playback.md} for how seeking works and its limits.
 *
 * <h2>Main types</h2>
 * <ul>
 *   <li><b>Recordings.</b> A {@link io.github.sessionbridge.core.playback.Recording} is a recording file, or
 *       any {@link io.github.sessionbridge.core.playback.RecordingSource} that can read from an offset, whose
 *       magic was checked; {@link io.github.sessionbridge.core.playback.Recording#info()} summarises it as a
 *       {@link io.github.sessionbridge.core.playback.RecordingInfo} in one pass.</li>
 *   <li><b>Playing.</b> {@link io.github.sessionbridge.core.playback.SessionPlayer#play} plays a recording
 *       into a client sink, paced by the records' timestamps, with the same calls and end notices as a live
 *       monitor; {@link io.github.sessionbridge.core.PlaybackOptions} sets speed, idle limit, flow
 *       control and the {@link io.github.sessionbridge.core.PlaybackScheduler} it runs on.</li>
 *   <li><b>Export.</b> {@link io.github.sessionbridge.core.playback.AsciicastWriter} writes terminal data and
 *       input events as an asciicast v2 file, for asciinema's player and tools.</li>
 * </ul>
 *
 * <p><b>Time.</b> Positions, seeks, durations and asciicast times are all in playback time, as
 * {@link io.github.sessionbridge.core.Playback} defines it.
 *
 * <p><b>Threads.</b> A {@code Recording} can be shared by any number of players and exports (except one
 * read from a stream, which is read once); the options are immutable, their builders not thread-safe. A
 * {@code SessionPlayer}'s methods are thread-safe and return at once: each player runs its work as
 * short tasks on its scheduler (no thread per player), one at a time, and calls its sink from there, one
 * call at a time, in order. {@code AsciicastWriter} is not thread-safe.
 */
package io.github.sessionbridge.core.playback;
