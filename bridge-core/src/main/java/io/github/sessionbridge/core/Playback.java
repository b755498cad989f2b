package io.github.sessionbridge.core;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The controls of a playback: a recording file played by
 * {@link io.github.sessionbridge.core.playback.SessionPlayer}, or a session the C server streams, played by
 * a {@link Timeline}. Both send their client the same calls as a live monitor, paced by the records'
 * timestamps, and end with one notice.
 *
 * <p><b>Time.</b> Positions, seeks and durations are in playback time: milliseconds since the first record,
 * never decreasing (a record stamped earlier than one already seen plays at once), with every gap longer
 * than the idle limit, if {@linkplain PlaybackOptions.Builder#idleLimit one is set}, shortened to it.
 *
 * <p><b>Threads.</b> Every method is thread-safe and returns at once; changes take effect on the
 * playback's own task queue, in the order they were made.
 */
public interface Playback extends AutoCloseable {

    /**
     * The playback position. It advances with the scheduler's clock at the current speed, and stands still
     * while paused, seeking, waiting for a slow client or waiting for records not received yet.
     *
     * @return the position, zero or more; after the end, where the playback ended
     */
    Duration position();

    /**
     * How far the records received so far reach: for a recording file, how far the playback has read or
     * indexed it (the whole file once {@link #duration()} is known); for a timeline, the newest record the
     * C server has sent. Seeks forwards go no further than this.
     *
     * @return the playback time of the newest record received, zero before the first
     */
    Duration received();

    /**
     * The playback duration, known once the end has been received: for a recording file the player reads
     * ahead to the end in the background (except a forward-only one, whose duration is known when it has
     * been played to its end); for a timeline, when the C server has ended the stream.
     *
     * @return the duration; for a recording or stream that cannot be read to its end, what could be read.
     *         The stage never fails
     */
    CompletionStage<Duration> duration();

    /**
     * The current speed.
     *
     * @return the factor applied to the recorded pace, as last set (by the options or {@link #speed(double)},
     *         also when that change is still on its way)
     */
    double speed();

    /**
     * Changes the speed from now on; the position does not jump. Does nothing once the playback has ended.
     *
     * @param speed the factor applied to the recorded pace: 2 plays twice as fast, 0.5 at half speed
     * @throws IllegalArgumentException unless within {@link PlaybackOptions#MIN_SPEED}..{@link
     *                                  PlaybackOptions#MAX_SPEED} (NaN is not)
     */
    void speed(double speed);

    /**
     * Whether playback is paused.
     *
     * @return {@code true} if paused, as last asked (by the options, {@link #pause()} or {@link #resume()},
     *         also when that change is still on its way)
     */
    boolean isPaused();

    /**
     * Pauses: nothing more is sent until {@link #resume()} or a seek, which sends the screen but stays
     * paused. A timeline goes on receiving while paused.
     */
    void pause();

    /** Resumes from where it was paused. */
    void resume();

    /**
     * Moves to {@code position}, clamped to 0 and to what has been {@linkplain #received() received}: the
     * client is sent the screen as it was then, and playback goes on from there (or stays paused). Seeking
     * to the end of an ended recording or stream, or past it, ends the playback once the final screen is
     * sent. A seek made while another is under way replaces it.
     *
     * @param position where to go, in playback time; negative counts as zero; not {@code null}
     * @return the position reached, once the screen was handed to the sink; never fails (when the playback
     *         ends first, it completes with the position at the end)
     * @throws NullPointerException if {@code position} is {@code null}
     */
    CompletionStage<Duration> seek(Duration position);

    /**
     * {@link #seek} relative to the position when the seek runs: {@code skip(Duration.ofSeconds(-10))} goes
     * back 10 s.
     *
     * @param delta how far to move, in playback time: positive forwards, negative backwards; the target is
     *              clamped as for {@link #seek}; not {@code null}
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
     * Completes with the reason once the playback has ended, released what it read from, and its sink has
     * had its last call (the end notice follows the last send's completion, see {@link ClientSink}). Never
     * fails.
     *
     * @return a stage completing with {@link EndReason#END} or {@link EndReason#REFUSED} (how the recording
     *         or stream ends), {@link EndReason#TRUNCATED}, {@link EndReason#PROTOCOL_ERROR} or
     *         {@link EndReason#IO_ERROR} (broken or unreadable input), {@link EndReason#CLIENT_TOO_SLOW},
     *         {@link EndReason#SHUTDOWN} (the scheduler or the bridge tier stopped), {@link EndReason#INTERNAL_ERROR}
     *         (a bug: host code or the library threw unexpectedly) or {@link EndReason#CLIENT_GONE}
     *         ({@link #close()}, or a send that failed); a timeline also with the reasons of a live monitor
     */
    CompletionStage<EndReason> ended();

    /**
     * The client went away: stops at once and sends no notice ({@link EndReason#CLIENT_GONE}). Idempotent.
     */
    @Override
    void close();
}
