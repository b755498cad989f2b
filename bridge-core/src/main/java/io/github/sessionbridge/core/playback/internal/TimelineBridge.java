package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CEndpoint;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.TimelineSpool;
import io.github.sessionbridge.core.internal.CStream;
import io.github.sessionbridge.core.internal.DefaultSessionBridge;
import io.github.sessionbridge.core.internal.Failures;
import io.github.sessionbridge.core.internal.Taps;
import io.github.sessionbridge.core.internal.TierBase;
import io.github.sessionbridge.core.internal.Timelines;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Over 400 lines: one job, a timeline's life (open, C stream into the spool, playback from it, back
// pressure on the C connection, its one end); the C side is CStream, the spool Spool, playback PlaybackEngine.
/**
 * One timeline: a {@link CStream} from the C server into a {@link Spool}, played from there by a
 * {@link PlaybackEngine} into the client. The stream's end goes into the spool; the client hears of it when
 * playback gets there. Reading the C connection stops while the records waiting for the disk, or those not
 * yet played, are above their bounds (checked on the event thread as records arrive, and every 20 ms while
 * reading is stopped).
 */
public final class TimelineBridge extends TierBase implements Timelines.Made, CStream.Owner {
    private static final Logger log = LoggerFactory.getLogger(TimelineBridge.class);
    private static final long RECHECK_NANOS = 20_000_000;

    private final ClientSink sink;
    private final PlaybackOptions options;
    private final SpoolDirectory spools;
    private final CStream stream;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong receivedBytes = new AtomicLong();
    private volatile PlaybackEngine engine;
    private volatile Spool spool;
    private volatile Recording recording;

    // event thread
    private Taps taps = Taps.NONE;
    private boolean streamOver;
    private boolean readingStopped;
    private boolean recheckScheduled;

    /**
     * The session bridge's {@link Timelines}: timelines spooling into one {@link SpoolDirectory} made with
     * {@code settings}.
     */
    public static Timelines factory(TimelineSpool settings) {
        SpoolDirectory spools = new SpoolDirectory(settings);
        return new Timelines() {
            @Override
            public Made create(long id, Caller caller, String opsType, String sessionId, ClientSink sink,
                    PlaybackOptions options, DefaultSessionBridge owner) {
                return new TimelineBridge(id, caller, opsType, sessionId, sink, options, owner, spools);
            }

            @Override
            public void close() {
                spools.close();
            }
        };
    }

    TimelineBridge(long id, Caller caller, String opsType, String sessionId, ClientSink sink, PlaybackOptions options,
            DefaultSessionBridge owner, SpoolDirectory spools) {
        super(id, caller, opsType, sessionId, owner);
        this.sink = sink;
        this.options = options;
        this.spools = spools;
        this.stream = new CStream("timeline " + id + " sid=" + sessionId, sessionId, config, this);
    }

    // ---- opening (the thread that called play)

    @Override
    public void start(CEndpoint endpoint, CAddress address) {
        log.info("[timeline {} sid={} ops={}] playback for {} (connection {}) via {}", id, sessionId, opsType,
                caller.principal(), caller.connectionId(), address);
        Spool s;
        try {
            long idle = MediaTime.limitMillis(options.idleLimit()); // as the player's
            s = spools.open(() -> stream.execute(this::spoolChanged), idle);
        } catch (IOException e) {
            log.error("[timeline {} sid={}] the spool could not be created in {}: {}", id, sessionId,
                    spools.settings().directory(), e.toString());
            endBeforePlaying(EndReason.IO_ERROR, "the timeline spool could not be created: " + e.getMessage());
            return;
        }
        spool = s;
        Recording recording;
        try {
            recording = Recording.of(s, "timeline " + id + " of " + sessionId, config.maxRecordSize());
        } catch (IOException e) {
            s.delete();
            endBeforePlaying(EndReason.IO_ERROR, "the timeline spool could not be read: " + e.getMessage());
            return;
        }
        this.recording = recording;
        taps = Taps.open(config.taps(), this);
        PlaybackEngine e = PlaybackEngine.start(recording, s, sink, options, "timeline");
        engine = e;
        e.ended().whenComplete((reason, t) -> finish(reason == null ? EndReason.INTERNAL_ERROR : reason));
        stream.start(endpoint, address);
    }

    @Override
    public void forbid() {
        log.info("[timeline {} sid={} ops={}] playback denied to {} by the access policy", id, sessionId, opsType,
                caller.principal());
        endBeforePlaying(EndReason.FORBIDDEN, "denied by the access policy");
    }

    @Override
    public void internalError(String where, Throwable t) {
        log.error("[timeline {} sid={} ops={}] internal error in {}; ending the timeline", id, sessionId, opsType, where, t);
        try {
            PlaybackEngine e = engine;
            if (e != null) {
                stream.execute(() -> closeStream(EndReason.INTERNAL_ERROR));
                e.end(EndReason.INTERNAL_ERROR, where + " failed: " + t);
            } else {
                endBeforePlaying(EndReason.INTERNAL_ERROR, where + " failed: " + t);
            }
        } finally {
            Failures.rethrowIfFatal(t);
        }
    }

    /** Ends a timeline that never started playing: the client is told (nothing was sent), then it is done. */
    private void endBeforePlaying(EndReason reason, String detail) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            if (reason.notifiesClient()) {
                sink.end(Notice.of(reason, options.noticeText(reason)));
            }
        } catch (Throwable t) {
            log.warn("[timeline {} sid={}] the client sink failed to take the end notice", id, sessionId, t);
            Failures.rethrowIfFatal(t);
        } finally {
            done(reason, detail);
        }
    }

    // ---- the C stream (event thread)

    @Override
    public void record(SessionRecord r) {
        if (streamOver) {
            return;
        }
        received.incrementAndGet();
        receivedBytes.addAndGet(r.contentLength());
        owner.relayed(r.contentLength());
        taps.record(r);
        spool.append(r);
        checkFlow();
    }

    @Override
    public void streamEnded(EndReason reason, String detail) {
        log.debug("[timeline {} sid={}] the C stream ended: {} ({}); playback goes on to its end", id, sessionId, reason, detail);
        closeStream(reason);
        spool.end(reason, detail);
    }

    @Override
    public void protocolError(ProtocolException e) {
        owner.protocolError(caller, opsType, sessionId, e);
    }

    private void closeStream(EndReason reason) {
        if (streamOver) {
            return;
        }
        streamOver = true;
        stream.close();
        taps.end(reason);
    }

    /** The spool wrote, ended or failed (posted to the event thread). */
    private void spoolChanged() {
        Spool s = spool;
        if (!streamOver && s.ended() != null) {
            // the spool failed (disk full, unwritable): the stream cannot be kept, the playback ends there
            closeStream(s.ended());
            return;
        }
        checkFlow();
    }

    /** Stops or resumes reading the C connection by the spool's bounds. */
    private void checkFlow() {
        Spool s = spool;
        PlaybackEngine e = engine;
        if (streamOver || s == null || e == null) {
            return;
        }
        long memory = spools.settings().memoryBytes();
        long unplayedLimit = spools.settings().timelineBytes() - memory;
        boolean over = s.queued() > memory || s.unplayed() > unplayedLimit;
        boolean under = s.queued() <= memory / 2 && s.unplayed() <= unplayedLimit - memory;
        if (!readingStopped && over) {
            readingStopped = true;
            log.debug("[timeline {} sid={}] {} bytes wait for the disk, {} unplayed: pausing reads", id, sessionId,
                    s.queued(), s.unplayed());
            stream.setReading(false);
        } else if (readingStopped && under) {
            readingStopped = false;
            log.debug("[timeline {} sid={}] spool below its bounds: resuming reads", id, sessionId);
            stream.setReading(true);
        }
        if (readingStopped && !recheckScheduled) {
            recheckScheduled = true;
            Runnable cancel = stream.schedule(() -> {
                recheckScheduled = false;
                checkFlow();
            }, RECHECK_NANOS);
            if (cancel == null) {
                recheckScheduled = false;
            }
        }
    }

    // ---- ending

    /** The engine ended (its client has had its last call). */
    private void finish(EndReason reason) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        stream.execute(() -> closeStream(reason));
        Spool s = spool;
        if (s != null) {
            s.delete();
        }
        done(reason, "playback ended");
    }

    private void done(EndReason reason, String detail) {
        log.info("[timeline {} sid={} ops={}] ended: {} ({}); {} records, {} bytes received", id, sessionId, opsType,
                reason, detail, received.get(), receivedBytes.get());
        try {
            owner.ended(this, reason, received.get(), receivedBytes.get());
        } finally {
            ended.complete(reason);
        }
    }

    @Override
    public void shutdown() {
        PlaybackEngine e = engine;
        stream.execute(() -> closeStream(EndReason.SHUTDOWN));
        if (e != null) {
            e.end(EndReason.SHUTDOWN, "the session bridge is closing");
        } else {
            endBeforePlaying(EndReason.SHUTDOWN, "the session bridge is closing");
        }
    }

    @Override
    public void abandon() {
        stream.close();
    }

    // ---- Playback

    @Override
    public Duration position() {
        PlaybackEngine e = engine;
        return e == null ? Duration.ZERO : Duration.ofMillis(e.position());
    }

    @Override
    public Duration received() {
        PlaybackEngine e = engine;
        return e == null ? Duration.ZERO : Duration.ofMillis(e.received());
    }

    @Override
    public CompletionStage<Duration> duration() {
        PlaybackEngine e = engine;
        return e == null ? CompletableFuture.completedStage(Duration.ZERO) : e.duration();
    }

    @Override
    public double speed() {
        PlaybackEngine e = engine;
        return e == null ? options.speed() : e.speed();
    }

    @Override
    public void speed(double s) {
        DefaultSessionPlayer.checkSpeed(s);
        PlaybackEngine e = engine;
        if (e != null) {
            e.speed(s);
        }
    }

    @Override
    public boolean isPaused() {
        PlaybackEngine e = engine;
        return e == null ? options.startPaused() : e.isPaused();
    }

    @Override
    public void pause() {
        PlaybackEngine e = engine;
        if (e != null) {
            e.paused(true);
        }
    }

    @Override
    public void resume() {
        PlaybackEngine e = engine;
        if (e != null) {
            e.paused(false);
        }
    }

    @Override
    public CompletionStage<Duration> seek(Duration position) {
        Objects.requireNonNull(position, "position");
        PlaybackEngine e = engine;
        return e == null ? CompletableFuture.completedStage(Duration.ZERO)
                : audited(e, e.seek(DefaultSessionPlayer.saturatedMillis(position), false));
    }

    /** The audit trail hears of each seek once it completes. */
    private CompletionStage<Duration> audited(PlaybackEngine e, CompletionStage<Duration> seek) {
        Duration from = Duration.ofMillis(e.position());
        return seek.thenApply(to -> {
            owner.seeked(this, from, to);
            return to;
        });
    }

    @Override
    public CompletionStage<Duration> skip(Duration delta) {
        Objects.requireNonNull(delta, "delta");
        PlaybackEngine e = engine;
        return e == null ? CompletableFuture.completedStage(Duration.ZERO)
                : audited(e, e.seek(DefaultSessionPlayer.saturatedMillis(delta), true));
    }

    @Override
    public CompletionStage<Duration> goLive() {
        PlaybackEngine e = engine;
        if (e == null) {
            return CompletableFuture.completedStage(Duration.ZERO);
        }
        e.paused(false);
        return audited(e, e.seek(Long.MAX_VALUE / 4, false));
    }

    @Override
    public boolean isAtLiveEdge() {
        PlaybackEngine e = engine;
        Spool s = spool;
        return e != null && s != null && e.isOpen() && s.ended() == null && !e.isPaused() && e.atEdge();
    }

    // ---- reading what was received (a search)

    /**
     * Opens what has been received so far for one pass (a search): from the oldest part the spool keeps (the
     * first record, or once segments were dropped the oldest segment's first unit, timed as the player times
     * it) to the edge now; records arriving meanwhile are left to the next pass. Any thread; returns at once.
     *
     * @throws IOException if the timeline is not playing (it ended and its spool is gone, or never started)
     */
    public ReceivedPart openReceived() throws IOException {
        Spool s = spool;
        Recording r = recording;
        if (s == null || r == null || engine == null || !isOpen()) {
            throw new IOException("timeline " + id + " (" + sessionId + ") is not playing: what it received is gone");
        }
        SpoolPin pin = s.pin();
        GrowingSource.Edge edge = s.edge();
        return new ReceivedPart(r, ReceivedPart.upTo(edge.receivedBytes()), pin.offset(), pin.times(), edge.ending(),
                edge.ended() ? s.endDetail() : null, pin);
    }

    // ---- Bridge

    @Override
    public boolean isOpen() {
        return !ended.isDone();
    }

    @Override
    public void close() {
        if (ended.isDone()) {
            return;
        }
        stream.execute(() -> closeStream(EndReason.CLIENT_GONE));
        PlaybackEngine e = engine;
        if (e != null) {
            e.close();
        } else {
            endBeforePlaying(EndReason.CLIENT_GONE, "closed by the host");
        }
    }

    @Override
    public String toString() {
        return "Timeline[" + id + ", sid=" + sessionId + ", ops=" + opsType + ", " + caller
                + (ended.isDone() ? ", ended " + ended.getNow(null) : ", open") + "]";
    }
}
