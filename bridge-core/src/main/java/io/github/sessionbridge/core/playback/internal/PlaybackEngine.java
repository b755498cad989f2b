package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.PlaybackScheduler;
import io.github.sessionbridge.core.internal.SharedScheduler;
import io.github.sessionbridge.core.playback.Recording;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The player core's controls, for file players ({@link DefaultSessionPlayer}) and timelines alike: it
 * starts a {@link PlayerCore} over a recording and a {@link GrowingSource} and hands each control to it as
 * a task on its serial queue.
 *
 * <p>Threads: every method is thread-safe and returns at once; {@link #position()}, {@link #received()}
 * and {@link #atEdge()} read published state. Arguments are not checked here (the facades check them:
 * speeds within {@link PlaybackOptions#MIN_SPEED}..{@link PlaybackOptions#MAX_SPEED}, milliseconds within a
 * quarter of the {@code long} range).
 */
public final class PlaybackEngine {

    private final Recording recording;
    private final PlaybackScheduler scheduler;
    private final PlayerCore core;
    private volatile double requestedSpeed;
    private volatile boolean requestedPause;

    private PlaybackEngine(Recording recording, PlaybackScheduler scheduler, PlayerCore core, PlaybackOptions options) {
        this.recording = recording;
        this.scheduler = scheduler;
        this.core = core;
        this.requestedSpeed = options.speed();
        this.requestedPause = options.startPaused();
    }

    /**
     * Starts playing {@code recording}, as far as {@code source} reaches, into {@code sink}; returns at once.
     *
     * @param recording the recording's bytes (a spool's, for a timeline): its source must give every byte
     *                  before {@code source}'s edge
     * @param source    how far they reach: {@link GrowingSource#COMPLETE} for a file
     * @param sink      the client
     * @param options   speed, idle limit, start paused, scheduler, flow control, notice texts
     * @param kind      names it in logs ("player", "timeline")
     * @return the engine, started
     */
    public static PlaybackEngine start(Recording recording, GrowingSource source, ClientSink sink, PlaybackOptions options,
            String kind) {
        PlaybackScheduler scheduler;
        Runnable release;
        if (options.scheduler().isPresent()) {
            scheduler = options.scheduler().get();
            release = () -> { };
        } else {
            SharedScheduler.Lease lease = SharedScheduler.acquire();
            scheduler = lease.scheduler();
            release = lease.release();
        }
        PlayerCore core = new PlayerCore(recording, source, sink, options, scheduler, release, kind);
        PlaybackEngine e = new PlaybackEngine(recording, scheduler, core, options);
        core.port().serial().execute(core::begin);
        return e;
    }

    /** The position in milliseconds of playback time (idle limit applied), by the clock last published. */
    public long position() {
        return core.clock().position(scheduler.nanoTime());
    }

    /**
     * How far the records received reach, in milliseconds of playback time: the newest record indexed (of a
     * growing source, the received edge's, see {@link Indexer}), and at least the position.
     */
    public long received() {
        return Math.max(core.indexer().received(), position());
    }

    /**
     * Whether playback waits at the edge of a growing source for more to arrive: it played everything
     * received. Set when the play loop finds nothing more, cleared when more arrives or a seek starts.
     */
    public boolean atEdge() {
        return core.waiting();
    }

    /** The duration, known once the recording was read to its end (of a growing source: once it ended). */
    public CompletionStage<Duration> duration() {
        if (!isOpen()) {
            // its task queue may be gone with its scheduler: what was played and indexed is all there is
            return CompletableFuture.completedStage(Duration.ofMillis(Math.max(received(), position())));
        }
        CompletableFuture<Duration> f = new CompletableFuture<>();
        Duration known = core.indexer().total();
        if (known == null) {
            core.port().serial().execute(() -> core.indexer().requestDuration(f));
            // ended meanwhile: its queue may no longer run tasks (the shared pool stops with its last player)
            known = core.indexer().total();
        }
        if (known != null) {
            f.complete(known);
        }
        return f.minimalCompletionStage();
    }

    /** The speed as last asked. */
    public double speed() {
        return requestedSpeed;
    }

    /** Changes the speed from now on (the position does not jump); {@code s} must have been checked. */
    public void speed(double s) {
        requestedSpeed = s;
        core.port().serial().execute(() -> core.changeSpeed(s));
    }

    /** Whether paused, as last asked. */
    public boolean isPaused() {
        return requestedPause;
    }

    /** Pauses ({@code true}) or resumes. */
    public void paused(boolean p) {
        requestedPause = p;
        core.port().serial().execute(() -> core.setPaused(p));
    }

    /**
     * Seeks to {@code millis} of playback time, or by it when {@code relative} (from the position when the
     * seek runs). Negative targets count as 0; a target past the end of an ended recording ends it END once
     * the final screen is sent; a target past the received edge of a growing source <b>clamps to the
     * edge</b>: the screen of the last record received, the position its time (so
     * {@code seek(Long.MAX_VALUE / 4, false)} is "go live"). A seek replaces one under way.
     *
     * @return the position reached, once the screen was handed to the sink; never fails
     */
    public CompletionStage<Duration> seek(long millis, boolean relative) {
        CompletableFuture<Duration> f = new CompletableFuture<>();
        core.port().serial().execute(() -> core.startSeek(millis, relative, f));
        return f.minimalCompletionStage();
    }

    /** Completes with the reason once ended and the sink has had its last call; never fails. */
    public CompletionStage<EndReason> ended() {
        return core.port().ended().minimalCompletionStage();
    }

    /** Whether it has not ended yet ({@link #ended()} not completed). */
    public boolean isOpen() {
        return !core.port().ended().isDone();
    }

    /** How it ended, or {@code null} while {@link #isOpen()}. */
    public EndReason endReason() {
        return core.port().ended().getNow(null);
    }

    /**
     * Ends now with {@code reason} (the client told, if the reason says so), whatever is left unplayed: for a
     * timeline whose bridge tier shuts down.
     */
    public void end(EndReason reason, String detail) {
        core.port().serial().execute(() -> core.finish(reason, detail));
    }

    /** The client went away: ends CLIENT_GONE, no notice. Idempotent. */
    public void close() {
        core.port().close();
    }

    /** Names it in logs ("player 7"). */
    public String name() {
        return core.port().name();
    }

    @Override
    public String toString() {
        return name() + "[" + recording.name() + ", at " + position() + " ms" + (atEdge() ? ", at the edge" : "") + "]";
    }
}
