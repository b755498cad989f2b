package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.playback.internal.DefaultSessionPlayer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Plays a recording into a {@link ClientSink}, paced by the records' timestamps: the same sink, the same
 * calls and the same end notices as a live monitor, so a host serves live and recorded sessions with
 * one code path. At the end of the recording the sink is told {@link EndReason#END} (code 3), or how the
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
 * {@link PlaybackScheduler} (a small shared pool unless the host gives one), one task at a time per
 * player. The sink is called from there, one call at a time, in order; it must not block (see
 * {@link ClientSink}). Flow control works as for live bridges. Every method here is thread-safe and
 * returns at once.
 */
public interface SessionPlayer extends AutoCloseable {

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

    /**
     * The playback position: time since the first record, in the player's (idle-limited) time. It advances
     * with the scheduler's clock at the current speed, and stands still while paused, seeking or waiting
     * for a slow client.
     *
     * @return the position, zero or more; after the end, where the player ended
     */
    Duration position();

    /**
     * The playback duration (idle limit applied). Known at once once the player has read the whole
     * recording; otherwise it reads ahead to the end, in the background, and indexes on the way.
     *
     * <p>For a {@linkplain Recording#ofStream forward-only} recording nothing is read ahead: the stage
     * completes only when the player ends (at the end of the recording, or earlier with what was read).
     *
     * @return the duration; for a recording that cannot be read to its end, what could be read. The stage
     *         never fails
     */
    CompletionStage<Duration> duration();

    /**
     * The current speed.
     *
     * @return the factor applied to the recorded pace, as last set (by the options or {@link #speed(double)},
     *         also when that change is still on its way to the player)
     */
    double speed();

    /**
     * Changes the speed from now on; the position does not jump. Does nothing once the player has ended.
     *
     * @param speed the factor applied to the recorded pace: 2 plays twice as fast, 0.5 at half speed
     * @throws IllegalArgumentException unless within
     *                                  {@link PlaybackOptions#MIN_SPEED}..{@link PlaybackOptions#MAX_SPEED} (NaN is
     *                                  not)
     */
    void speed(double speed);

    /**
     * Whether playback is paused.
     *
     * @return {@code true} if paused, as last asked (by the options, {@link #pause()} or {@link #resume()},
     *         also when that change is still on its way to the player)
     */
    boolean isPaused();

    /** Pauses: nothing more is sent until {@link #resume()} or a seek, which sends the screen but stays paused. */
    void pause();

    /** Resumes from where it was paused. */
    void resume();

    /**
     * Moves to {@code position} (clamped to 0 and the end): the client is sent the screen as it was then, and
     * playback goes on from there (or stays paused). Seeking to the end or past it ends the playback with
     * {@link EndReason#END} once the final screen is sent. A seek made while another is under way replaces it.
     *
     * <p>For a {@linkplain Recording#ofStream forward-only} recording a seek forwards sends every record up
     * to {@code position} at once (exact, not fast), and a seek backwards leaves the position where it is.
     *
     * @param position where to go, as time since the first record in the player's (idle-limited) time;
     *                 negative counts as zero; not {@code null}
     * @return the position reached, once the screen was handed to the sink; never fails (when the player ends
     *         first, it completes with the position at the end)
     * @throws NullPointerException if {@code position} is {@code null}
     */
    CompletionStage<Duration> seek(Duration position);

    /**
     * {@link #seek} relative to the position when the seek runs: {@code skip(Duration.ofSeconds(-5))} goes
     * back 5 s.
     *
     * @param delta how far to move, in the player's (idle-limited) time: positive forwards, negative
     *              backwards; the target is clamped as for {@link #seek}; not {@code null}
     * @return the position reached, once the screen was handed to the sink; never fails
     * @throws NullPointerException if {@code delta} is {@code null}
     */
    CompletionStage<Duration> skip(Duration delta);

    /**
     * Whether it has not ended yet.
     *
     * @return {@code true} until {@link #ended()} has completed
     */
    boolean isOpen();

    /**
     * Completes with the reason once the player has ended and released its file, and its sink has had its
     * last call (the end notice follows the last send's completion, see {@link ClientSink}). Never fails.
     *
     * @return a stage completing with {@link EndReason#END} or {@link EndReason#REFUSED} (how the recording
     *         ends), {@link EndReason#TRUNCATED}, {@link EndReason#PROTOCOL_ERROR} or {@link EndReason#IO_ERROR}
     *         (a broken or unreadable file), {@link EndReason#CLIENT_TOO_SLOW}, {@link EndReason#SHUTDOWN} (the
     *         scheduler stopped running tasks), {@link EndReason#INTERNAL_ERROR} (a bug: the scheduler, the
     *         recording source or the player itself threw unexpectedly) or {@link EndReason#CLIENT_GONE}
     *         ({@link #close()}, or a send that failed)
     */
    CompletionStage<EndReason> ended();

    /**
     * The client went away: stops at once and sends no notice ({@link EndReason#CLIENT_GONE}). Idempotent.
     */
    @Override
    void close();
}
