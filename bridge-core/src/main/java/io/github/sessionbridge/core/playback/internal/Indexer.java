package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.Reasons;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a player's {@link SeekIndex}: from the records the player reads at the index's frontier, and by
 * reading ahead with its own cursor when a seek needs checkpoints and keyframes beyond it, or a duration
 * is asked for (the <i>duration scan</i>, a slice at a time on the player's task queue). Of a
 * {@linkplain GrowingSource growing} recording it follows the data: each time the edge moves it indexes up
 * to it, so {@link #received()} tells the newest time received; the duration is known once the source has
 * ended and was indexed to its edge.
 *
 * <p>Confined to the player's task queue (the {@code serial} executor), except {@link #received()}.
 */
final class Indexer {
    private static final Logger log = LoggerFactory.getLogger(Indexer.class);

    /** The most bytes read ahead per task. */
    static final long SLICE_BYTES = 4 * 1024 * 1024;

    private final Recording recording;
    private final GrowingSource source;
    private final SeekIndex index;
    private final Executor serial;
    private final long slice;
    private final boolean follows;
    private final String who;
    private UnitCursor scanCursor;
    private boolean atEdge;
    private boolean scanning;
    private boolean closed;
    private long closedAt;
    private final List<CompletableFuture<Duration>> durationWaiters = new ArrayList<>();
    private volatile long received;
    private volatile Duration total;

    /**
     * @param recording where the bytes are
     * @param source    how far they reach; {@link GrowingSource#COMPLETE} for a file
     * @param index     the index to build
     * @param serial    the player's task queue, where the scan's slices run
     * @param slice     the most bytes read ahead per slice
     * @param who       names the player in logs
     */
    Indexer(Recording recording, GrowingSource source, SeekIndex index, Executor serial, long slice, String who) {
        this.recording = recording;
        this.source = source;
        this.index = index;
        this.serial = serial;
        this.slice = slice;
        this.follows = !source.edge().ended();
        this.who = who;
    }

    SeekIndex index() {
        return index;
    }

    /** The playback time of the newest record indexed: of a growing recording followed, the received edge's. Any thread. */
    long received() {
        return received;
    }

    /** Whether the last read ahead stopped at the edge of a growing source (nothing more to read for now). */
    boolean atEdge() {
        return atEdge;
    }

    // ---- what the player reads at the frontier

    /** Whether a unit at {@code offset} is the next the index has not observed (the player then tells it). */
    boolean atFrontier(long offset) {
        return offset == index.frontier() && !index.complete();
    }

    /** The record at the frontier, as the player read it. */
    void observe(long offset, SessionRecord r) {
        index.observe(offset, r);
        received = index.lastMedia();
    }

    /** The recording ends at the frontier. */
    void end(EndReason reason) {
        index.end(reason);
    }

    // ---- reading ahead

    /**
     * Observes up to {@code budget} bytes past the index's frontier.
     *
     * @return true once the index covers {@code media} (or is complete), or when it reached the edge of a
     *         growing source
     */
    boolean indexAhead(long media, long budget) {
        long start = index.frontier();
        atEdge = false;
        while (!index.covers(media) && index.frontier() - start < budget) {
            GrowingSource.Edge edge = source.edge();
            if (!edge.ended() && index.frontier() >= edge.receivedBytes()) {
                // nothing past the frontier yet (the player read it all): no cursor opened for nothing
                atEdge = true;
                break;
            }
            try {
                if (scanCursor == null || scanCursor.offset() != index.frontier()) {
                    closeQuietly(scanCursor);
                    scanCursor = UnitCursor.open(recording, source, index.frontier());
                }
                UnitCursor.Kind k = scanCursor.next();
                if (k == UnitCursor.Kind.EDGE) {
                    atEdge = true;
                    break;
                } else if (k == UnitCursor.Kind.END_OF_FILE) {
                    index.end(scanCursor.endOfFile());
                } else {
                    index.observe(scanCursor);
                }
            } catch (ProtocolException e) {
                index.end(Reasons.of(e));
            } catch (IOException e) {
                log.warn("[{}] reading {} ahead failed: {}", who, recording.name(), e.toString());
                index.end(EndReason.IO_ERROR);
            }
            if (index.complete()) {
                closeQuietly(scanCursor);
                scanCursor = null;
            }
        }
        received = index.lastMedia();
        return index.covers(media) || atEdge;
    }

    // ---- the duration, and following a growing source

    /** Completes {@code f} with the duration once known, scanning ahead for it if need be. */
    void requestDuration(CompletableFuture<Duration> f) {
        if (closed || index.complete()) {
            f.complete(Duration.ofMillis(closed ? Math.max(index.lastMedia(), closedAt) : index.lastMedia()));
            return;
        }
        durationWaiters.add(f);
        if (recording.isSeekable()) {
            scan();
        }
    }

    /** The source's edge moved (or it ended): a growing recording is indexed up to the new edge. */
    void moved() {
        if (follows || !durationWaiters.isEmpty()) {
            scan();
        }
    }

    private void scan() {
        if (!scanning && !closed) {
            scanning = true;
            serial.execute(this::scanSlice);
        }
    }

    private void scanSlice() {
        if (closed) {
            return;
        }
        boolean stopped = indexAhead(Long.MAX_VALUE, slice);
        if (index.complete()) {
            scanning = false;
            Duration d = Duration.ofMillis(index.lastMedia());
            for (CompletableFuture<Duration> f : durationWaiters) {
                f.complete(d);
            }
            durationWaiters.clear();
        } else if (stopped) {
            scanning = false; // at the edge: the next move goes on
        } else {
            serial.execute(this::scanSlice);
        }
    }

    /** The player ended at media time {@code at}: waiting durations get what was read, at least {@code at}. */
    void close(long at) {
        closed = true;
        closedAt = at;
        closeQuietly(scanCursor);
        scanCursor = null;
        Duration d = Duration.ofMillis(Math.max(index.lastMedia(), at));
        total = d;
        for (CompletableFuture<Duration> f : durationWaiters) {
            f.complete(d);
        }
        durationWaiters.clear();
    }

    /** The duration told once the player ended, {@code null} before; any thread. */
    Duration total() {
        return total;
    }

    static void closeQuietly(UnitCursor c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing to add
            }
        }
    }
}
