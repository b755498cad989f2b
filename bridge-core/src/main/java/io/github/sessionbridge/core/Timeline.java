package io.github.sessionbridge.core;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A session the C server streams, played with controls: opened with
 * {@link SessionBridge#play(Caller, String, String, ClientSink, PlaybackOptions)}. The C server may send a
 * recorded session as fast as TCP takes it, at its recorded pace, or a live session as it happens (protocol
 * §7); the timeline plays each the same way, paced by the records' timestamps, without being told which.
 *
 * <p>What has been received is kept (spooled to disk past a small window in memory) so the auditor can
 * pause, rewind and seek anywhere in it, change the speed, and catch up: at the {@linkplain #isAtLiveEdge
 * live edge} a timeline plays records as they arrive, like a monitor; paused, it goes on receiving.
 * The client hears of the end when playback reaches it, not when the C server ended the stream, with the
 * stream's reason ({@link EndReason#END}, {@link EndReason#REFUSED}, {@link EndReason#TRUNCATED}, &hellip;).
 *
 * <p>A timeline is a {@link Bridge}: listed by {@link SessionBridge#bridges()}, recorded by the
 * {@linkplain BridgeConfig.Builder#tap taps} as a monitor is, and ended by {@link SessionBridge#close()}
 * with {@link EndReason#SHUTDOWN}. {@link #close()} is the client leaving ({@link EndReason#CLIENT_GONE}).
 */
public interface Timeline extends Playback, Bridge {

    /**
     * Jumps to the newest record received (the client is sent the screen as it is now) and plays on from
     * there as records arrive. Resumes if paused; the speed stays as set.
     *
     * @return the position reached, once the screen was handed to the sink; never fails
     */
    CompletionStage<Duration> goLive();

    /**
     * Whether playback has caught up with what has been received while the C stream goes on: records are
     * played as they arrive.
     *
     * @return {@code true} at the live edge of a stream not yet ended
     */
    boolean isAtLiveEdge();
}
