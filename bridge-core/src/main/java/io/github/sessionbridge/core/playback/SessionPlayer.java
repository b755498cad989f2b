package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Playback;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.playback.internal.DefaultSessionPlayer;
import java.util.Objects;

/**
 * Plays a recording file (or any {@link RecordingSource}) into a {@link ClientSink}, with the controls of
 * {@link Playback}, paced by the records' timestamps: the same sink, the same
 * calls and the same end notices as a live monitor, so a host serves live and recorded sessions with
 * one code path (a session the C server streams is played by {@link io.github.sessionbridge.core.Timeline}).
 * At the end of the recording the sink is told {@link EndReason#END} (code 3), or how the
 * file ends otherwise ({@code REFUSED}, {@code TRUNCATED}, {@code PROTOCOL_ERROR}, {@code IO_ERROR}), or
 * {@code INTERNAL_ERROR} for a bug (host code &mdash; the sink, the recording source, the scheduler &mdash;
 * that throws what it should not; logged at ERROR). Whatever host code throws, the player still ends, tells
 * its client once and completes {@link #ended()}; only a {@link VirtualMachineError} propagates, after that.
 *
 * <pre>{@code
 * SessionPlayer player = SessionPlayer.play(Recording.open(file), sink,
 *         PlaybackOptions.builder().idleLimit(Duration.ofSeconds(2)).build());
 * player.speed(4);                                   // 0.25 to 16, while playing
 * player.seek(Duration.ofMinutes(12))                // the screen as it was at 12:00, then on from there
 *       .thenAccept(at -> ui.position(at));
 * player.pause();
 * player.close();                                    // the browser left: no notice
 * }</pre>
 *
 * <p><b>Seeking.</b> After a seek to time T the client has been sent what makes its screen exactly what
 * playing straight from the start to T shows, then playback goes on from T. For terminal data that is a
 * reset ({@code ESC c}), a short prefix that restores the terminal modes, and the terminal bytes from the
 * last <em>keyframe</em> before T (a full-screen clear or reset in the stream); for screen frames it is
 * the frames from the last full-screen frame before T. Input events between are not sent again. The
 * player indexes the recording as it streams (a checkpoint every two seconds or MiB), so seeking back
 * reads only from the checkpoint or keyframe before the target, and seeking forward reads only what lies
 * between; memory stays small and fixed whatever the recording's size.
 *
 * <p><b>Threads.</b> No thread per player: every player runs its work as short tasks on the
 * {@link io.github.sessionbridge.core.PlaybackScheduler} (a small shared pool unless the host gives
 * one), one task at a time per player. The sink is called from there, one call at a time, in order; it
 * must not block (see {@link ClientSink}). Flow control works as for live bridges. Every method here is
 * thread-safe and returns at once.
 *
 * <p><b>Forward-only recordings</b> ({@link Recording#ofStream}): nothing is read ahead, so the duration is
 * known only at the end; a seek forwards sends every record up to the target at once (exact, not fast), and
 * a seek backwards leaves the position where it is.
 */
public interface SessionPlayer extends Playback {

    /**
     * Starts playing {@code recording} into {@code sink}. Returns at once; reading starts on the scheduler.
     * Errors while playing (the file cannot be read, is broken, the scheduler stops) are not thrown: the
     * player ends and tells the sink, as {@link #ended()} reports.
     *
     * @param recording the recording to play; a {@linkplain Recording#ofStream forward-only} one can be played
     *                  once, by one player (one started after it was read ends with {@link EndReason#IO_ERROR})
     * @param sink      the client to send the records and the end notice to, as for a live monitor
     * @param options   speed, idle limit, start paused or not, scheduler, flow control and notice texts
     * @return the player, already started (or paused, if the options say so)
     * @throws NullPointerException if an argument is null
     */
    static SessionPlayer play(Recording recording, ClientSink sink, PlaybackOptions options) {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(options, "options");
        return DefaultSessionPlayer.start(recording, sink, options);
    }

    /**
     * Starts playing {@code recording} into {@code sink} with {@linkplain PlaybackOptions#defaults() the
     * defaults}: speed 1, no idle limit, on the internal scheduler; see
     * {@link #play(Recording, ClientSink, PlaybackOptions)}.
     *
     * @param recording the recording to play
     * @param sink      the client to send the records and the end notice to
     * @return the player, already started
     * @throws NullPointerException if an argument is null
     */
    static SessionPlayer play(Recording recording, ClientSink sink) {
        return play(recording, sink, PlaybackOptions.defaults());
    }

    /**
     * The recording played.
     *
     * @return the recording given to {@link #play}
     */
    Recording recording();
}
