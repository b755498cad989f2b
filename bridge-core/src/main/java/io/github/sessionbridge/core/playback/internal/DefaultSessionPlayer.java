package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.internal.Failures;
import io.github.sessionbridge.core.internal.Outbox;
import io.github.sessionbridge.core.internal.Reasons;
import io.github.sessionbridge.core.internal.SerialExecutor;
import io.github.sessionbridge.core.internal.SharedScheduler;
import io.github.sessionbridge.core.internal.SinkQueue;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.PlaybackScheduler;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SessionPlayer} behind {@link SessionPlayer#play}. All its state is confined to its serial
 * task queue on the scheduler; public methods post tasks there, and the sink is called there, through an
 * {@link Outbox}: flow control (the play loop pauses above the high-water mark), and one send in flight.
 * Sink completions, from any thread, only touch the outbox's atomic counter.
 */
public final class DefaultSessionPlayer implements SessionPlayer {
    private static final Logger log = LoggerFactory.getLogger(DefaultSessionPlayer.class);
    private static final AtomicLong IDS = new AtomicLong();

    private static final int TICK_RECORDS = 256;
    private static final long TICK_BYTES = 1024 * 1024;
    private static final long SLICE_BYTES = 4 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final long id = IDS.incrementAndGet();
    private final Recording recording;
    private final ClientSink sink;
    private final Outbox out;
    private final PlaybackOptions options;
    private final PlaybackScheduler scheduler;
    private final Runnable release;
    private final long idleLimit;
    private final SerialExecutor serial;
    private final CompletableFuture<EndReason> ended = new CompletableFuture<>();
    private volatile boolean clientGone;
    private volatile double requestedSpeed;
    private volatile boolean requestedPause;
    private volatile Clock clock;
    /** The playback time the index has reached (serial queue writes, any thread reads). */
    private volatile long receivedMillis;

    // confined to the serial queue
    private final SeekIndex index;
    private final Timeline timeline;
    private UnitCursor cursor;
    private SessionRecord next;
    private long nextMedia;
    private long position;
    private double speed;
    private boolean paused;
    private long anchorWall;
    private long anchorMedia;
    private boolean finished;
    private boolean stalled;
    private Cancellable tickTask;
    private long tickGeneration;
    private boolean terminalSent;
    private long records;
    private long bytes;
    private SeekJob seekJob;
    private final List<CompletableFuture<Duration>> seekWaiters = new ArrayList<>();
    private final List<CompletableFuture<Duration>> durationWaiters = new ArrayList<>();
    private boolean scanning;
    private UnitCursor scanCursor;

    /** The published state that {@link #position()} reads. */
    private record Clock(long wall, long media, double speed, boolean frozen, long cap) {
    }

    private DefaultSessionPlayer(Recording recording, ClientSink sink, PlaybackOptions options, PlaybackScheduler scheduler,
            Runnable release) {
        this.recording = recording;
        this.sink = sink;
        this.options = options;
        this.scheduler = scheduler;
        this.release = release;
        this.idleLimit = options.idleLimit().map(Duration::toMillis).map(m -> Math.max(1, m)).orElse(Timeline.NO_LIMIT);
        this.index = new SeekIndex(idleLimit);
        this.timeline = new Timeline(idleLimit);
        this.speed = options.speed();
        this.requestedSpeed = speed;
        this.paused = options.startPaused();
        this.requestedPause = paused;
        this.clock = new Clock(0, 0, speed, true, 0);
        this.serial = serialQueue();
        this.out = new Outbox(sink, options.flowControl(), serial::execute, null, serial::execute, this::schedule,
                new Outbox.Owner() {
            @Override
            public void pause() {
                stall();
            }

            @Override
            public void resume() {
                // posted: this may come from inside a send of the play loop, which must not run again within itself
                serial.execute(DefaultSessionPlayer.this::drained);
            }

            @Override
            public void tooSlow(String detail) {
                finish(EndReason.CLIENT_TOO_SLOW, detail);
            }

            @Override
            public void handed(SessionRecord r) {
                records++;
                bytes += r.contentLength();
            }

            @Override
            public void failed(Throwable cause) {
                clientFailed(cause);
            }

            @Override
            public boolean gone() {
                return clientGone;
            }
        });
    }

    /** Starts a player; see {@link SessionPlayer#play}. */
    public static SessionPlayer start(Recording recording, ClientSink sink, PlaybackOptions options) {
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
        DefaultSessionPlayer p = new DefaultSessionPlayer(recording, sink, options, scheduler, release);
        p.serial.execute(p::begin);
        return p;
    }

    // ---- public API (any thread)

    @Override
    public Recording recording() {
        return recording;
    }

    @Override
    public Duration position() {
        Clock c = clock;
        long m = c.media;
        if (!c.frozen) {
            m = c.media + (long) ((scheduler.nanoTime() - c.wall) * c.speed / 1e6);
            m = Math.max(c.media, Math.min(m, c.cap));
        }
        return Duration.ofMillis(m);
    }

    @Override
    public Duration received() {
        return Duration.ofMillis(Math.max(receivedMillis, position().toMillis()));
    }

    @Override
    public CompletionStage<Duration> duration() {
        CompletableFuture<Duration> f = new CompletableFuture<>();
        serial.execute(() -> requestDuration(f));
        return f.minimalCompletionStage();
    }

    @Override
    public double speed() {
        return requestedSpeed;
    }

    @Override
    public void speed(double s) {
        if (!(s >= PlaybackOptions.MIN_SPEED && s <= PlaybackOptions.MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be within " + PlaybackOptions.MIN_SPEED + ".."
                    + PlaybackOptions.MAX_SPEED + ", was " + s);
        }
        requestedSpeed = s;
        serial.execute(() -> changeSpeed(s));
    }

    @Override
    public boolean isPaused() {
        return requestedPause;
    }

    @Override
    public void pause() {
        requestedPause = true;
        serial.execute(() -> setPaused(true));
    }

    @Override
    public void resume() {
        requestedPause = false;
        serial.execute(() -> setPaused(false));
    }

    @Override
    public CompletionStage<Duration> seek(Duration target) {
        Objects.requireNonNull(target, "target");
        CompletableFuture<Duration> f = new CompletableFuture<>();
        long millis = saturatedMillis(target);
        serial.execute(() -> startSeek(millis, false, f));
        return f.minimalCompletionStage();
    }

    @Override
    public CompletionStage<Duration> skip(Duration delta) {
        Objects.requireNonNull(delta, "delta");
        CompletableFuture<Duration> f = new CompletableFuture<>();
        long millis = saturatedMillis(delta);
        serial.execute(() -> startSeek(millis, true, f));
        return f.minimalCompletionStage();
    }

    private static long saturatedMillis(Duration d) {
        try {
            return d.toMillis();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4;
        }
    }

    @Override
    public boolean isOpen() {
        return !ended.isDone();
    }

    @Override
    public CompletionStage<EndReason> ended() {
        return ended.minimalCompletionStage();
    }

    @Override
    public void close() {
        if (ended.isDone()) {
            return;
        }
        clientGone = true;
        serial.execute(() -> finish(EndReason.CLIENT_GONE, "closed by the host"));
    }

    @Override
    public String toString() {
        return "SessionPlayer[" + id + ", " + recording.name() + ", at " + position().toMillis() + " ms"
                + (ended.isDone() ? ", ended " + ended.getNow(null) : requestedPause ? ", paused" : ", x" + requestedSpeed) + "]";
    }

    // ---- playing (serial)

    private void begin() {
        log.debug("[player {}] playing {} at x{}", id, recording.name(), speed);
        try {
            cursor = UnitCursor.open(recording, UnitCursor.MAGIC_LENGTH);
        } catch (IOException e) {
            finish(EndReason.IO_ERROR, "cannot read " + recording.name() + ": " + e);
            return;
        }
        anchorWall = scheduler.nanoTime();
        anchorMedia = 0;
        publish();
        tick();
    }

    private void tick() {
        tickTask = null;
        if (finished || paused || stalled || seekJob != null) {
            return;
        }
        int n = 0;
        long sentBytes = 0;
        while (true) {
            if (next == null && !readNext()) {
                return;
            }
            long now = scheduler.nanoTime();
            long due = due(nextMedia);
            if (due > now) {
                publish();
                scheduleTick(due - now);
                return;
            }
            if (out.paused()) {
                return; // the outbox resumes the loop once the client has taken enough
            }
            SessionRecord r = next;
            next = null;
            position = nextMedia;
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

    private long due(long media) {
        return anchorWall + (long) ((media - anchorMedia) * 1_000_000.0 / speed);
    }

    private void scheduleTick(long delayNanos) {
        if (tickTask != null) {
            tickTask.cancel();
            tickTask = null;
        }
        long gen = ++tickGeneration;
        Runnable run = () -> {
            if (gen == tickGeneration) {
                tick();
            }
        };
        if (delayNanos <= 0) {
            serial.execute(run);
        } else {
            try {
                tickTask = scheduler.schedule(() -> serial.execute(run), delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                finish(EndReason.SHUTDOWN, "the playback scheduler no longer runs tasks");
            }
        }
    }

    /** Reads the next record into {@link #next}; false when the recording ended (the player then finished). */
    private boolean readNext() {
        long at = cursor.offset();
        boolean atFrontier = at == index.frontier() && !index.complete();
        try {
            switch (cursor.next()) {
                case RECORD -> {
                    long off = cursor.unitOffset();
                    SessionRecord r = cursor.record();
                    nextMedia = timeline.advance(r.timestamp());
                    next = r;
                    if (atFrontier && off == index.frontier()) {
                        index.observe(off, r);
                    }
                    return true;
                }
                case CONTROL -> {
                    EndReason reason = Reasons.of(cursor.control());
                    if (atFrontier) {
                        index.end(reason);
                    }
                    finish(reason, "control byte " + cursor.control());
                    return false;
                }
                default -> {
                    if (atFrontier) {
                        index.end(EndReason.END);
                    }
                    finish(EndReason.END, "the end of the recording");
                    return false;
                }
            }
        } catch (ProtocolException e) {
            EndReason reason = Reasons.of(e);
            if (atFrontier) {
                index.end(reason);
            }
            finish(reason, e.getMessage());
            return false;
        } catch (IOException e) {
            finish(EndReason.IO_ERROR, "reading " + recording.name() + " failed: " + e);
            return false;
        }
    }

    private void deliver(SessionRecord r) {
        if (r instanceof TerminalData) {
            terminalSent = true;
        }
        out.offer(r);
    }

    /** A timer on the serial queue; none once the scheduler refuses tasks (the player then ends SHUTDOWN). */
    private Runnable schedule(Runnable task, long nanos) {
        try {
            return scheduler.schedule(() -> serial.execute(task), nanos, TimeUnit.NANOSECONDS)::cancel;
        } catch (RejectedExecutionException e) {
            serial.execute(() -> finish(EndReason.SHUTDOWN, "the playback scheduler no longer runs tasks"));
            return null;
        }
    }

    private void clientFailed(Throwable t) {
        clientGone = true;
        log.info("[player {}] sending to the client failed; the client is gone: {}", id, t.toString());
        serial.execute(() -> finish(EndReason.CLIENT_GONE, "send failed: " + t));
    }

    /** The client is above the high-water mark: the clock stops until it has taken enough (serial). */
    private void stall() {
        stalled = true;
        anchorMedia = Math.max(anchorMedia, position);
        anchorWall = scheduler.nanoTime();
        publish();
    }

    private void drained() {
        if (!stalled || finished) {
            return;
        }
        stalled = false;
        anchorWall = scheduler.nanoTime();
        publish();
        if (seekJob != null) {
            runSeek();
        } else {
            tick();
        }
    }

    private long clockNow() {
        if (paused || stalled || seekJob != null || finished) {
            return anchorMedia;
        }
        long m = anchorMedia + (long) ((scheduler.nanoTime() - anchorWall) * speed / 1e6);
        if (next != null) {
            m = Math.min(m, nextMedia);
        }
        return Math.max(anchorMedia, m);
    }

    private void publish() {
        receivedMillis = Math.max(index.lastMedia(), anchorMedia);
        boolean frozen = paused || stalled || seekJob != null || finished;
        clock = new Clock(anchorWall, anchorMedia, speed, frozen, next != null ? nextMedia : Long.MAX_VALUE);
    }

    private void changeSpeed(double s) {
        if (finished || s == speed) {
            return;
        }
        anchorMedia = clockNow();
        anchorWall = scheduler.nanoTime();
        speed = s;
        publish();
        if (!paused && !stalled && seekJob == null) {
            scheduleTick(0);
        }
    }

    private void setPaused(boolean p) {
        if (finished || p == paused) {
            return;
        }
        anchorMedia = clockNow();
        anchorWall = scheduler.nanoTime();
        paused = p;
        publish();
        if (p) {
            if (tickTask != null) {
                tickTask.cancel();
                tickTask = null;
            }
            tickGeneration++;
        } else if (!stalled && seekJob == null) {
            scheduleTick(0);
        }
    }

    // ---- ending (serial)

    private void finish(EndReason why, String detail) {
        if (finished) {
            return;
        }
        long at = why == EndReason.END || why == EndReason.REFUSED ? Math.max(position, anchorMedia) : clockNow();
        finished = true;
        EndReason reason = clientGone ? EndReason.CLIENT_GONE : why;
        tickGeneration++;
        cancel(tickTask);
        if (seekJob != null) {
            seekJob.close();
            seekJob = null;
        }
        closeQuietly(cursor);
        closeQuietly(scanCursor);
        scanCursor = null;
        if (next != null) {
            next = null;
        }
        anchorMedia = at;
        publish();
        for (CompletableFuture<Duration> f : seekWaiters) {
            f.complete(Duration.ofMillis(at));
        }
        seekWaiters.clear();
        Duration total = Duration.ofMillis(Math.max(index.lastMedia(), anchorMedia));
        for (CompletableFuture<Duration> f : durationWaiters) {
            f.complete(total);
        }
        durationWaiters.clear();
        try {
            recording.source().release();
        } catch (IOException | RuntimeException e) {
            log.warn("[player {}] releasing the recording source failed", id, e);
        }
        // the records already sent go out first (a client too slow for them loses them), then the notice,
        // once the last send has completed; no notice, nothing to wait for
        SinkQueue.Close how = !reason.notifiesClient() ? SinkQueue.Close.NOW
                : reason == EndReason.CLIENT_TOO_SLOW ? SinkQueue.Close.DROP : SinkQueue.Close.DRAIN;
        out.close(how, abandoned -> end(reason, detail, abandoned));
    }

    /** Once the client has had every call it will get (serial). */
    private void end(EndReason why, String detail, boolean abandoned) {
        // a client whose last sends failed meanwhile is gone: it is told nothing; one that did not take
        // them within the slow-client timeout is too slow
        EndReason reason = clientGone ? EndReason.CLIENT_GONE : abandoned ? EndReason.CLIENT_TOO_SLOW : why;
        Throwable fatal = null;
        if (reason.notifiesClient()) {
            try {
                sink.end(Notice.of(reason, options.noticeText(reason)));
            } catch (Throwable t) {
                if (t instanceof Error) {
                    log.error("[player {}] the client sink threw from end", id, t);
                } else {
                    log.warn("[player {}] the client sink failed to take the end notice", id, t);
                }
                fatal = t; // rethrown, if it is a VirtualMachineError, once the player has ended
            }
        }
        log.info("[player {}] {} ended: {} ({}); {} records, {} bytes sent", id, recording.name(), reason, detail, records, bytes);
        try {
            release.run();
        } finally {
            ended.complete(reason);
        }
        Failures.rethrowIfFatal(fatal);
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    private static void closeQuietly(UnitCursor c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to add
            }
        }
    }

    // ---- indexing ahead (serial)

    /**
     * Observes up to {@code budget} bytes past the index's frontier; true once the index covers
     * {@code media} (or is complete).
     */
    private boolean indexAhead(long media, long budget) {
        long start = index.frontier();
        while (!index.covers(media) && index.frontier() - start < budget) {
            try {
                if (scanCursor == null || scanCursor.offset() != index.frontier()) {
                    closeQuietly(scanCursor);
                    scanCursor = UnitCursor.open(recording, index.frontier());
                }
                UnitCursor.Kind k = scanCursor.next();
                if (k == UnitCursor.Kind.END_OF_FILE) {
                    index.end(EndReason.END);
                } else {
                    index.observe(scanCursor);
                }
            } catch (ProtocolException e) {
                index.end(Reasons.of(e));
            } catch (IOException e) {
                log.warn("[player {}] reading {} ahead failed: {}", id, recording.name(), e.toString());
                index.end(EndReason.IO_ERROR);
            }
            if (index.complete()) {
                closeQuietly(scanCursor);
                scanCursor = null;
            }
        }
        receivedMillis = Math.max(receivedMillis, index.lastMedia());
        return index.covers(media);
    }

    private void requestDuration(CompletableFuture<Duration> f) {
        if (finished || index.complete()) {
            f.complete(Duration.ofMillis(finished ? Math.max(index.lastMedia(), anchorMedia) : index.lastMedia()));
            return;
        }
        durationWaiters.add(f);
        if (recording.isSeekable() && !scanning) {
            scanning = true;
            serial.execute(this::scanForDuration);
        }
    }

    private void scanForDuration() {
        if (finished) {
            return;
        }
        if (indexAhead(Long.MAX_VALUE, SLICE_BYTES)) {
            scanning = false;
            Duration d = Duration.ofMillis(index.lastMedia());
            for (CompletableFuture<Duration> f : durationWaiters) {
                f.complete(d);
            }
            durationWaiters.clear();
        } else {
            serial.execute(this::scanForDuration);
        }
    }

    // ---- seeking (serial)

    private void startSeek(long millis, boolean relative, CompletableFuture<Duration> f) {
        if (finished) {
            f.complete(Duration.ofMillis(anchorMedia));
            return;
        }
        long target = relative ? clockNow() + millis : millis;
        target = Math.max(0, target);
        seekWaiters.add(f);
        tickGeneration++;
        cancel(tickTask);
        tickTask = null;
        if (seekJob != null) {
            seekJob.close();
        }
        if (!recording.isSeekable()) {
            seekJob = new SeekJob(target, true);
        } else {
            next = null;
            seekJob = new SeekJob(target, false);
        }
        anchorMedia = target;
        publish();
        if (!stalled) {
            runSeek();
        }
    }

    /** Runs the seek job for one slice; it posts itself again, waits for the client, or completes. */
    private void runSeek() {
        SeekJob job = seekJob;
        if (job == null || finished) {
            return;
        }
        try {
            if (job.step()) {
                return; // waiting for the client, or posted again
            }
        } catch (ProtocolException e) {
            job.close();
            seekJob = null;
            finish(Reasons.of(e), e.getMessage());
            return;
        } catch (IOException e) {
            job.close();
            seekJob = null;
            finish(EndReason.IO_ERROR, "seeking in " + recording.name() + " failed: " + e);
            return;
        }
        if (finished) {
            return;
        }
        seekJob = null;
        anchorWall = scheduler.nanoTime();
        anchorMedia = position;
        publish();
        Duration at = Duration.ofMillis(position);
        List<CompletableFuture<Duration>> waiters = new ArrayList<>(seekWaiters);
        seekWaiters.clear();
        for (CompletableFuture<Duration> w : waiters) {
            w.complete(at);
        }
        if (!paused) {
            scheduleTick(0);
        }
    }

    /**
     * One seek. For a seekable recording: index up to the target, find the resume point from the
     * checkpoint before it, send the terminal state from the keyframe before it and the frames from the
     * full-screen frame before it, then put the playing cursor at the resume point. For a forward-only
     * recording: send every record up to the target at once (which is exact, just not fast).
     */
    private final class SeekJob {
        private final long target;
        private final boolean fastForward;
        private int phase;

        // the resume point
        private long resumeOffset;
        private boolean atEnd;
        private boolean resumeStarted;
        private long resumeLatest;
        private long resumeElapsed;
        private long lastIncludedMedia;
        private long lastTs;
        private long terminalTarget;
        private long frameStart = -1;

        // the replay
        private UnitCursor replay;
        private SeekIndex.Keyframe keyframe; // null: no terminal state to rebuild
        private long keyframeRecord = Long.MAX_VALUE;
        private long recordTerminal = -1;
        private final ByteArrayOutputStream chunk = new ByteArrayOutputStream();

        SeekJob(long target, boolean fastForward) {
            this.target = target;
            this.fastForward = fastForward;
        }

        /** True when it must wait (for the client or its next slice), false when done. */
        boolean step() throws IOException {
            if (fastForward) {
                return fastForward();
            }
            if (phase == 0) {
                if (!indexAhead(target, SLICE_BYTES)) {
                    serial.execute(DefaultSessionPlayer.this::runSeek);
                    return true;
                }
                locate();
                phase = 1;
            }
            if (phase == 1) {
                startReplay();
                phase = 2;
            }
            if (phase == 2) {
                if (replaySlice()) {
                    return true;
                }
                phase = 3;
            }
            // resume playing from the resume point
            close();
            closeQuietly(cursor);
            cursor = UnitCursor.open(recording, resumeOffset);
            timeline.restore(resumeStarted, resumeLatest, resumeElapsed);
            next = null;
            position = atEnd ? lastIncludedMedia : Math.max(target, lastIncludedMedia);
            return false;
        }

        private boolean fastForward() {
            while (true) {
                if (next == null && !readNext()) {
                    return true; // finished
                }
                if (nextMedia > target) {
                    position = Math.max(position, target);
                    return false;
                }
                if (out.paused()) {
                    return true;
                }
                SessionRecord r = next;
                next = null;
                position = nextMedia;
                deliver(r);
                if (finished) {
                    return true;
                }
            }
        }

        /** Reads from the checkpoint before the target to the first record after it. */
        private void locate() throws IOException {
            SeekIndex.Checkpoint cp = index.checkpoint(index.checkpointAtOrBefore(target));
            Timeline tl = new Timeline(idleLimit);
            tl.restore(cp.records() > 0, cp.latestTs(), cp.elapsed());
            long tb = cp.terminal();
            long frameKey = cp.frameKey();
            int extentW = cp.extentWidth();
            int extentH = cp.extentHeight();
            boolean frames = extentW > 0;
            lastTs = 0;
            lastIncludedMedia = 0;
            try (UnitCursor c = UnitCursor.open(recording, cp.offset())) {
                while (true) {
                    UnitCursor.Kind k;
                    try {
                        k = c.next();
                    } catch (ProtocolException e) {
                        k = UnitCursor.Kind.END_OF_FILE; // the playing cursor meets the error again
                    }
                    if (k != UnitCursor.Kind.RECORD) {
                        atEnd = true;
                        resumeOffset = c.unitOffset();
                        resumeStarted = tl.started();
                        resumeLatest = tl.latestTimestamp();
                        resumeElapsed = tl.elapsed();
                        lastIncludedMedia = tl.elapsed();
                        break;
                    }
                    boolean wasStarted = tl.started();
                    long latest = tl.latestTimestamp();
                    long elapsed = tl.elapsed();
                    long media = tl.advance(c.timestamp());
                    if (media > target) {
                        resumeOffset = c.unitOffset();
                        resumeStarted = wasStarted;
                        resumeLatest = latest;
                        resumeElapsed = elapsed;
                        break;
                    }
                    lastIncludedMedia = media;
                    lastTs = c.timestamp();
                    if (c.type() == RecordType.TERMINAL_DATA) {
                        tb += c.contentLength();
                    } else if (c.type() == RecordType.SCREEN_FRAME) {
                        frames = true;
                        extentW = Math.max(extentW, c.x() + c.width());
                        extentH = Math.max(extentH, c.y() + c.height());
                        if (c.x() == 0 && c.y() == 0 && c.width() >= extentW && c.height() >= extentH) {
                            frameKey = c.unitOffset();
                        }
                    }
                }
            }
            terminalTarget = tb;
            frameStart = frames ? (frameKey >= 0 ? frameKey : UnitCursor.MAGIC_LENGTH) : -1;
        }

        private void startReplay() throws IOException {
            if (terminalTarget > 0 || terminalSent) {
                keyframe = index.keyframe(index.keyframeFor(terminalTarget));
                keyframeRecord = keyframe.recordOffset();
                keyframe.prefix().writeTo(chunk);
            }
            long start = Math.min(keyframe != null && terminalTarget > keyframe.position() ? keyframeRecord : Long.MAX_VALUE,
                    frameStart >= 0 ? frameStart : Long.MAX_VALUE);
            if (start != Long.MAX_VALUE && start < resumeOffset) {
                replay = UnitCursor.open(recording, start);
            }
        }

        /** True when it must wait. */
        private boolean replaySlice() throws IOException {
            long budget = SLICE_BYTES;
            while (replay != null) {
                if (budget <= 0) {
                    serial.execute(DefaultSessionPlayer.this::runSeek);
                    return true;
                }
                if (replay.offset() >= resumeOffset) {
                    break;
                }
                UnitCursor.Kind k = replay.next();
                if (k != UnitCursor.Kind.RECORD || replay.unitOffset() >= resumeOffset) {
                    break;
                }
                long off = replay.unitOffset();
                budget -= replay.encodedLength();
                if (replay.type() == RecordType.TERMINAL_DATA && keyframe != null && off >= keyframeRecord) {
                    if (recordTerminal < 0) {
                        recordTerminal = keyframe.recordStart();
                    }
                    long start = recordTerminal;
                    long from = Math.max(0, keyframe.position() - start);
                    long to = Math.min(replay.contentLength(), terminalTarget - start);
                    long[] at = {0};
                    replay.readContent((b, o, n) -> {
                        long s = Math.max(from, at[0]);
                        long e = Math.min(to, at[0] + n);
                        if (e > s) {
                            chunk.write(b, o + (int) (s - at[0]), (int) (e - s));
                        }
                        at[0] += n;
                    });
                    recordTerminal += replay.contentLength();
                    if (chunk.size() >= CHUNK && flushChunk()) {
                        return true;
                    }
                } else if (replay.type() == RecordType.SCREEN_FRAME && frameStart >= 0 && off >= frameStart) {
                    if (flushChunk()) {
                        return true;
                    }
                    deliver(replay.record());
                    if (finished) {
                        return true;
                    }
                    if (out.paused()) {
                        return true;
                    }
                }
            }
            return flushChunk();
        }

        /** Sends what the chunk holds; true when the client is now too far behind (the job waits). */
        private boolean flushChunk() {
            if (chunk.size() > 0) {
                deliver(new TerminalData(lastTs, chunk.toByteArray()));
                chunk.reset();
                if (finished) {
                    return true;
                }
            }
            if (out.paused()) {
                return true;
            }
            return false;
        }

        void close() {
            closeQuietly(replay);
            replay = null;
        }
    }

    // ---- the serial queue

    /**
     * The player's tasks, one at a time, in order, on the scheduler; a few at a time so players share threads. A
     * scheduler that refuses tasks ends the player SHUTDOWN; one that throws (a host bug) or a task that throws
     * ends it INTERNAL_ERROR.
     */
    private SerialExecutor serialQueue() {
        return new SerialExecutor(r -> scheduler.schedule(r, 0, TimeUnit.NANOSECONDS), 32, new SerialExecutor.Hooks() {
            @Override
            public boolean rejected(RejectedExecutionException e, SerialExecutor queue) {
                log.warn("[player {}] the playback scheduler rejected a task; ending the playback", id);
                queue.discardPending();
                queue.execute(() -> finish(EndReason.SHUTDOWN, "the playback scheduler no longer runs tasks"));
                return true;
            }

            @Override
            public boolean failed(Throwable t, SerialExecutor queue) {
                // not a refusal but a failure of the host's scheduler: the player ends at once (its client told)
                // instead of waiting forever for a turn that will never be scheduled
                log.error("[player {}] the playback scheduler threw; ending the playback", id, t);
                try {
                    finish(EndReason.INTERNAL_ERROR, "the playback scheduler threw: " + t);
                } catch (Throwable t2) {
                    log.error("[player {}] ending after a failure failed", id, t2);
                }
                return true;
            }

            @Override
            public void taskFailed(Throwable t) {
                // a bug (ours, or host code such as a recording source throwing where I/O errors are expected):
                // not an I/O error
                log.error("[player {}] playback task failed", id, t);
                if (!finished) {
                    try {
                        finish(EndReason.INTERNAL_ERROR, "internal error: " + t);
                    } catch (Throwable t2) {
                        log.error("[player {}] ending after a failure failed", id, t2);
                    }
                }
            }
        });
    }
}
