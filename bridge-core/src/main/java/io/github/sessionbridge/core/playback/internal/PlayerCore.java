package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.Reasons;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.PlaybackScheduler;
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

    // confined to the serial queue
    private long position;
    private boolean finished;
    private Cancellable tickTask;
    private long tickGeneration;
    private boolean terminalSent;
    private boolean delivered;
    private Seek seek;
    private final List<CompletableFuture<Duration>> seekWaiters = new ArrayList<>();

    PlayerCore(Recording recording, GrowingSource source, ClientSink sink, PlaybackOptions options,
            PlaybackScheduler scheduler, Runnable release, String kind) {
        this.recording = recording;
        this.source = source;
        this.scheduler = scheduler;
        this.idleLimit = options.idleLimit().map(Duration::toMillis).map(m -> Math.max(1, m)).orElse(Timeline.NO_LIMIT);
        this.clock = new PlaybackClock(scheduler::nanoTime, options.speed(), options.startPaused());
        this.port = new PlayerPort(kind, recording, sink, options, scheduler, release, this);
        this.indexer = new Indexer(recording, source, new SeekIndex(idleLimit), port.serial(), Indexer.SLICE_BYTES, port.name());
        this.reader = new PlayReader(recording, source, indexer, idleLimit);
    }

    PlayReader reader() {
        return reader;
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
        try {
            reader.open();
        } catch (IOException e) {
            finish(EndReason.IO_ERROR, "cannot read " + recording.name() + ": " + e);
            return;
        }
        source.listen(() -> port.serial().execute(this::sourceMoved));
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
                return;
            }
            if (!delivered) {
                // playback time 0 is the first record: the clock starts when it plays, not when the player
                // opened (a timeline's first record may come long after, and must not make the start burst)
                clock.startAt(reader.nextMedia());
            }
            long now = clock.wallNow();
            long due = clock.due(reader.nextMedia());
            if (due > now) {
                publish();
                scheduleTick(due - now);
                return;
            }
            if (port.clientBehind()) {
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
                scheduleTick(0);
                return;
            }
        }
    }

    /** Makes the next record pending; false when the recording ended (the player then finished) or at the edge. */
    @Override
    public boolean loadNext() {
        switch (reader.read()) {
            case RECORD -> {
                return true;
            }
            case EDGE -> {
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
        if (finished) {
            return;
        }
        if (waiting) {
            waiting = false;
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
        delivered = true;
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
            stopTicking();
        } else if (!clock.stalled() && seek == null) {
            scheduleTick(0);
        }
    }

    // ---- seeking (serial)

    void startSeek(long millis, boolean relative, CompletableFuture<Duration> f) {
        if (finished) {
            f.complete(Duration.ofMillis(clock.anchor()));
            return;
        }
        long target = Math.max(0, relative ? clockNow() + millis : millis);
        seekWaiters.add(f);
        stopTicking();
        if (seek != null) {
            seek.close();
        }
        seek = new Seek(target, position, recording, source, indexer, reader, idleLimit, Indexer.SLICE_BYTES, this);
        waiting = false;
        clock.seeking(target);
        publish();
        if (!clock.stalled()) {
            runSeek();
        }
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

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

}
