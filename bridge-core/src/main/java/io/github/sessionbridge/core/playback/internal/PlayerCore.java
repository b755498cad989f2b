package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.integrity.ManifestKeys;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.PlaybackScheduler;
import io.github.sessionbridge.core.internal.Reasons;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

// Over 400 lines: the player's state machine (play, seek, end) on its serial queue; the clock, seeking,
// indexing, reading and the client port are their own classes, and what is left here shares the
// queue-confined state.
/**
 * The player core: a small state machine over its parts, confined to its serial task queue on the
 * scheduler (the {@link PlaybackEngine} posts to it). It <i>plays</i> (the loop sends each record when the
 * {@link PlaybackClock} reaches its time, through the {@link PlayerPort}'s flow control), <i>waits at the
 * edge</i> of a {@link GrowingSource} until more is received, <i>seeks</i> (a {@link Seek} runs step by
 * step; playing stops meanwhile), and <i>ends</i> once (the {@link PlayerPort} tells the client). The
 * {@link Indexer} builds the seek index on the way.
 *
 * <p>States: playing (a tick scheduled for the next record's time), stalled (the client is behind),
 * paused, waiting at the edge, seeking, finished; the flags below and the clock's say which.
 */
final class PlayerCore implements PlayerPort.Engine, Seek.Host {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PlayerCore.class);
    private static final int TICK_RECORDS = 256;
    private static final long TICK_BYTES = 1024 * 1024;

    private final Recording recording;
    private final GrowingSource source;
    private final PlaybackScheduler scheduler;
    private final long idleLimit;
    private final PlayerPort port;
    private final PlaybackClock clock;
    private final Indexer indexer;
    private final PlayReader reader;
    private volatile boolean waiting;
    /** A {@link #sourceMoved} task is queued and has not started. */
    private final AtomicBoolean moveQueued = new AtomicBoolean();

    // confined to the serial queue
    private long position;
    private boolean finished;
    /** How far from this host's clock a timestamp may be and still count as live (clock skew, latency). */
    static final long LIVE_SKEW_MILLIS = 30_000;
    private boolean firstRecord;
    private final ManifestKeys requiredManifest;
    /** More arrived while playback waited at the edge: the next record read catches the clock up. */
    private boolean arrivedAtEdge;
    /** Following a live session at its edge: each record plays as it arrives (a stall is not kept as a lag). */
    private boolean following;
    private boolean waitedForFirst;
    private Cancellable tickTask;
    private long tickGeneration;
    private boolean terminalSent;
    private Seek seek;
    private final List<CompletableFuture<Duration>> seekWaiters = new ArrayList<>();

    PlayerCore(Recording recording, GrowingSource source, ClientSink sink, PlaybackOptions options,
            PlaybackScheduler scheduler, Runnable release, String kind) {
        this.recording = recording;
        this.source = source;
        this.scheduler = scheduler;
        this.idleLimit = MediaTime.limitMillis(options.idleLimit());
        this.clock = new PlaybackClock(scheduler::nanoTime, options.speed(), options.startPaused());
        this.port = new PlayerPort(kind, recording, sink, options, scheduler, release, this);
        this.requiredManifest = options.requiredManifest().orElse(null);
        this.indexer = new Indexer(recording, source, new SeekIndex(idleLimit), port.serial(), Indexer.SLICE_BYTES, port.name());
        this.reader = new PlayReader(recording, source, indexer, idleLimit);
    }

    PlayerPort port() {
        return port;
    }

    Indexer indexer() {
        return indexer;
    }

    PlaybackClock clock() {
        return clock;
    }

    /** Whether it waits at the edge of a growing source; any thread. */
    boolean waiting() {
        return waiting;
    }

    // ---- playing (serial)

    void begin() {
        port.begin(clock.speed());
        if (requiredManifest != null) { // verified off the scheduler, this queue held meanwhile
            ManifestCheck.start(recording, source == GrowingSource.COMPLETE, requiredManifest, port,
                    why -> {
                        if (why == null) {
                            play();
                        } else {
                            unverified(why);
                        }
                    });
            return;
        }
        play();
    }

    private void play() {
        try {
            reader.open();
        } catch (IOException e) {
            finish(EndReason.IO_ERROR, "cannot read " + recording.name() + ": " + e);
            return;
        }
        Runnable moved = this::sourceMoved;
        source.listen(() -> {
            if (port.ended().isDone()) {
                return;
            }
            // one task queued at a time: it reads the source as it then is, whatever moved meanwhile
            if (!moveQueued.getAndSet(true)) {
                port.serial().execute(moved);
            }
        });
        clock.start();
        publish();
        indexer.moved(); // a growing source is indexed as it arrives
        tick();
    }

    private void tick() {
        tickTask = null;
        if (finished || clock.paused() || clock.stalled() || seek != null) {
            return;
        }
        int n = 0;
        long sentBytes = 0;
        while (true) {
            if (!reader.pending() && !loadNext()) {
                played(n);
                return;
            }
            if (arrivedAtEdge || following) {
                arrivedAtEdge = false;
                following = Math.abs(System.currentTimeMillis() - reader.nextTimestamp()) <= LIVE_SKEW_MILLIS;
                if (following) {
                    // a live session (stamped about now) arriving at the edge plays as it arrives: its
                    // latency is its own, not that of the record the clock was anchored on. A recorded one
                    // (stamped in the past) keeps its recorded pace however it arrives.
                    clock.catchUp(reader.nextMedia());
                }
            }
            long now = clock.wallNow();
            long due = clock.due(reader.nextMedia());
            if (due > now) {
                publish();
                played(n);
                scheduleTick(due - now);
                return;
            }
            if (port.clientBehind()) {
                played(n);
                return; // the outbox resumes the loop once the client has taken enough
            }
            position = reader.nextMedia();
            SessionRecord r = reader.take();
            deliver(r);
            if (finished) {
                return;
            }
            sentBytes += r.encodedLength();
            if (++n >= TICK_RECORDS || sentBytes >= TICK_BYTES) {
                publish();
                played(n);
                scheduleTick(0);
                return;
            }
        }
    }

    /** Tells the source how far playback got, after a batch of {@code sent} records. */
    private void played(int sent) {
        if (sent > 0) {
            source.played(reader.playedTo());
        }
    }

    /** Makes the next record pending; false when the recording ended (the player then finished) or at the edge. */
    @Override
    public boolean loadNext() {
        switch (reader.read()) {
            case RECORD -> {
                if (!firstRecord) {
                    firstRecord = true;
                    if (waitedForFirst) {
                        // playback time 0 is the first record: a stream that took a while to start is not
                        // played late by that while
                        clock.start();
                    }
                }
                return true;
            }
            case EDGE -> {
                if (!firstRecord) {
                    waitedForFirst = true;
                }
                // all received is played: the clock goes on (a record arriving late plays at once), telling no
                // time past the last record sent
                if (!waiting) {
                    waiting = true;
                    publish();
                }
                return false;
            }
            default -> {
                finish(reader.endReason(), reader.endDetail());
                return false;
            }
        }
    }

    /** The source's edge moved or it ended (posted by its listener). */
    private void sourceMoved() {
        moveQueued.set(false);
        if (finished) {
            return;
        }
        if (waiting) {
            waiting = false;
            arrivedAtEdge = firstRecord;
            tick(); // plays what arrived and is due, and indexes it on the way
        }
        indexer.moved();
    }

    /** The clock tells no time past the record pending, nor (waiting at the edge) past the last one sent. */
    private void cap() {
        clock.cap(reader.pending() ? reader.nextMedia() : waiting ? Math.max(position, clock.anchor()) : Long.MAX_VALUE);
    }

    private void publish() {
        cap();
        clock.publish();
    }

    private long clockNow() {
        cap();
        return clock.now();
    }

    private void scheduleTick(long delayNanos) {
        cancel(tickTask);
        tickTask = null;
        long gen = ++tickGeneration;
        Runnable run = () -> {
            if (gen == tickGeneration) {
                tick();
            }
        };
        if (delayNanos <= 0) {
            port.serial().execute(run);
        } else {
            try {
                tickTask = scheduler.schedule(() -> port.serial().execute(run), delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                finish(EndReason.SHUTDOWN, "the playback scheduler no longer runs tasks");
            }
        }
    }

    private void stopTicking() {
        tickGeneration++;
        cancel(tickTask);
        tickTask = null;
    }

    @Override
    public void deliver(SessionRecord r) {
        if (r instanceof TerminalData) {
            terminalSent = true;
        }
        port.offer(r);
    }

    /** The client is above the high-water mark: the clock stops until it has taken enough. */
    @Override
    public void stall() {
        clock.stall(position);
        publish();
    }

    @Override
    public void drained() {
        if (!clock.stalled() || finished) {
            return;
        }
        clock.drained();
        publish();
        if (seek != null) {
            runSeek();
        } else {
            tick();
        }
    }

    void changeSpeed(double s) {
        if (finished || s == clock.speed()) {
            return;
        }
        cap();
        clock.speed(s);
        publish();
        if (!clock.paused() && !clock.stalled() && seek == null) {
            scheduleTick(0);
        }
    }

    void setPaused(boolean p) {
        if (finished || p == clock.paused()) {
            return;
        }
        cap();
        clock.paused(p);
        publish();
        if (p) {
            following = false; // resumed, it plays at its pace until it reaches the edge again
            stopTicking();
        } else if (!clock.stalled() && seek == null) {
            scheduleTick(0);
        }
    }

    // ---- seeking (serial)

    void startSeek(long millis, boolean relative, CompletableFuture<Duration> f) {
        arrivedAtEdge = false;
        following = false;
        if (finished) {
            f.complete(Duration.ofMillis(clock.anchor()));
            return;
        }
        // until it has replayed, the seek may read anything the source still holds: let go of nothing more
        source.played(source.windowStart());
        long target = clampToWindow(Math.max(0, relative ? clockNow() + millis : millis));
        if (target < 0) {
            source.played(reader.playedTo());
            f.complete(Duration.ofMillis(clockNow())); // nothing before here can be rebuilt: it plays on
            return;
        }
        seekWaiters.add(f);
        stopTicking();
        if (seek != null) {
            seek.close();
        }
        seek = new Seek(target, position, recording, source, indexer, reader, idleLimit, Indexer.SLICE_BYTES, this);
        waiting = false;
        // while it runs the clock shows the target; of a growing source, no further than what was received
        clock.seeking(source.edge().ended() ? target : Math.min(target, Math.max(indexer.received(), position)));
        publish();
        if (!clock.stalled()) {
            runSeek();
        }
    }

    /**
     * A source that dropped its oldest bytes can be rewound only to where its screen can still be rebuilt
     * exactly from what it keeps: the first checkpoint at or after both the window's start and the first
     * keyframe in the window (and whose screen-frame key, if any, is kept). A target before that goes there,
     * logged; if no such checkpoint exists, -1: the seek does nothing, playback goes on where it is.
     */
    private long clampToWindow(long target) {
        long window = source.windowStart();
        if (window <= 0) {
            return target;
        }
        SeekIndex index = indexer.index();
        long base = window;
        if (index.keyframeCount() > 0 || index.terminalPosition() > 0) {
            base = -1;
            for (int j = 0; j < index.keyframeCount(); j++) {
                if (index.keyframe(j).recordOffset() >= window) {
                    base = index.keyframe(j).recordOffset();
                    break;
                }
            }
        }
        long earliest = -1;
        if (base >= 0) {
            for (int i = 0; i < index.checkpointCount(); i++) {
                SeekIndex.Checkpoint cp = index.checkpoint(i);
                if (cp.offset() >= base && (cp.frameKey() < 0 || cp.frameKey() >= window)) {
                    // the first time a seek would locate from this checkpoint (its record may play after the
                    // time elapsed before it): the least t with checkpointAtOrBefore(t) >= i
                    long lo = cp.elapsed();
                    long hi = Math.max(lo, position);
                    if (index.checkpointAtOrBefore(hi) < i) {
                        break; // its record plays after where playback stands
                    }
                    while (lo < hi) {
                        long mid = lo + (hi - lo) / 2;
                        if (index.checkpointAtOrBefore(mid) >= i) {
                            hi = mid;
                        } else {
                            lo = mid + 1;
                        }
                    }
                    earliest = lo;
                    break;
                }
            }
        }
        if (earliest < 0 || earliest > position) {
            if (target >= position) {
                return target; // forwards: what lies ahead is kept
            }
            log.info("[{}] seek to {} ms not done: the spool no longer holds what an exact screen there needs",
                    port.name(), target);
            return -1;
        }
        if (target < earliest) {
            log.info("[{}] seek to {} ms clamped to {} ms: the spool no longer holds what lies before", port.name(),
                    target, earliest);
            return earliest;
        }
        return target;
    }

    /** Runs the seek for one step; it posts itself again, waits for the client, or completes. */
    private void runSeek() {
        Seek s = seek;
        if (s == null || finished) {
            return;
        }
        try {
            if (s.step()) {
                return; // waiting for the client, or posted again
            }
        } catch (ProtocolException e) {
            abandonSeek(s);
            finish(Reasons.of(e), e.getMessage());
            return;
        } catch (IOException e) {
            abandonSeek(s);
            finish(EndReason.IO_ERROR, "seeking in " + recording.name() + " failed: " + e);
            return;
        }
        if (finished) {
            return;
        }
        seek = null;
        waiting = false;
        position = s.position();
        // at the edge (go live, or past what was received): what arrived during the seek is the live edge's,
        // so the next record read may catch the clock up, as when more arrives while waiting at the edge.
        // Else a live session would play on behind by the seek's own time, never reaching the edge again.
        arrivedAtEdge = s.reachedEdge() && firstRecord;
        clock.seeked(position);
        publish();
        Duration at = Duration.ofMillis(position);
        List<CompletableFuture<Duration>> waiters = new ArrayList<>(seekWaiters);
        seekWaiters.clear();
        for (CompletableFuture<Duration> w : waiters) {
            w.complete(at);
        }
        if (!clock.paused()) {
            scheduleTick(0);
        }
    }

    private void abandonSeek(Seek s) {
        s.close();
        seek = null;
        clock.seekAbandoned();
    }

    // ---- as the seek's and the port's host (serial)

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public boolean clientBehind() {
        return port.clientBehind();
    }

    @Override
    public boolean terminalSent() {
        return terminalSent;
    }

    @Override
    public void again() {
        port.serial().execute(this::runSeek);
    }

    // ---- ending (serial)

    @Override
    public void finish(EndReason why, String detail) {
        if (finished) {
            return;
        }
        long at = why == EndReason.END || why == EndReason.REFUSED ? Math.max(position, clock.anchor()) : clockNow();
        finished = true;
        waiting = false;
        stopTicking();
        if (seek != null) {
            seek.close();
            seek = null;
        }
        reader.close();
        reader.drop();
        clock.finish(at);
        publish();
        for (CompletableFuture<Duration> f : seekWaiters) {
            f.complete(Duration.ofMillis(at));
        }
        seekWaiters.clear();
        indexer.close(at);
        port.finish(why, detail);
    }

    /** PlaybackOptions.requireManifest: the recording does not verify, it ends UNVERIFIED. */
    private void unverified(String why) {
        log.warn("[{}] {} is not played: {}", port.name(), recording.name(), why);
        finish(EndReason.UNVERIFIED, recording.name() + " does not verify against its manifest: " + why);
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

}
