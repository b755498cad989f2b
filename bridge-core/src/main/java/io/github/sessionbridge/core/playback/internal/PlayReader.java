package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.Reasons;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.Closeable;
import java.io.IOException;

/**
 * The play loop's cursor: reads the next record to play and its playback time, telling the index what it
 * reads at the index's frontier (so what is played is indexed once, without reading it again). At the edge
 * of a growing source it says so and stays there; at the end it says how the recording ends.
 *
 * <p>Confined to the player's task queue.
 */
final class PlayReader implements Closeable {

    /** What {@link #read()} found. */
    enum Read {
        /** A record is pending: {@link #nextMedia()}, {@link #take()}. */
        RECORD,
        /** Nothing more has been received yet (a growing source): read again once the edge moved. */
        EDGE,
        /** The recording ended: {@link #endReason()}, {@link #endDetail()}. */
        END
    }

    private final Recording recording;
    private final GrowingSource source;
    private final Indexer indexer;
    private final MediaTime timeline;
    private UnitCursor cursor;
    private SessionRecord next;
    private long nextMedia;
    private long nextEnd;
    private long playedTo = UnitCursor.MAGIC_LENGTH;
    private EndReason endReason;
    private String endDetail;

    PlayReader(Recording recording, GrowingSource source, Indexer indexer, long idleLimit) {
        this.recording = recording;
        this.source = source;
        this.indexer = indexer;
        this.timeline = new MediaTime(idleLimit);
    }

    /** Opens it at the first unit. */
    void open() throws IOException {
        cursor = UnitCursor.open(recording, source, UnitCursor.MAGIC_LENGTH);
    }

    /**
     * Puts it at {@code offset}, with the timeline in the state it has there; nothing pending.
     *
     * @throws IOException if the recording cannot be opened there
     */
    void moveTo(long offset, boolean started, long latestTimestamp, long elapsed) throws IOException {
        Indexer.closeQuietly(cursor);
        cursor = null;
        next = null;
        cursor = UnitCursor.open(recording, source, offset);
        timeline.restore(started, latestTimestamp, elapsed);
    }

    /** Whether a record is pending. */
    boolean pending() {
        return next != null;
    }

    /** The pending record's playback time. */
    long nextMedia() {
        return nextMedia;
    }

    /** The pending record's timestamp, as the C server stamped it. */
    long nextTimestamp() {
        return next.timestamp();
    }

    /** Takes the pending record. */
    SessionRecord take() {
        SessionRecord r = next;
        next = null;
        playedTo = nextEnd;
        return r;
    }

    /** The end of the last record taken: everything before it was played. */
    long playedTo() {
        return playedTo;
    }

    /** Forgets the pending record (a seek will put the cursor elsewhere). */
    void drop() {
        next = null;
    }

    /** Reads the next record, unless one is pending. */
    Read read() {
        if (next != null) {
            return Read.RECORD;
        }
        long at = cursor.offset();
        boolean atFrontier = indexer.atFrontier(at);
        try {
            switch (cursor.next()) {
                case RECORD -> {
                    long off = cursor.unitOffset();
                    SessionRecord r = cursor.record();
                    nextMedia = timeline.advance(r.timestamp());
                    nextEnd = cursor.offset();
                    next = r;
                    if (atFrontier && off == indexer.index().frontier()) {
                        indexer.observe(off, r);
                    }
                    return Read.RECORD;
                }
                case EDGE -> {
                    return Read.EDGE;
                }
                case CONTROL -> {
                    return end(atFrontier, Reasons.of(cursor.control()), "control byte " + cursor.control());
                }
                default -> {
                    EndReason reason = cursor.endOfFile();
                    return end(atFrontier, reason, reason == EndReason.END ? "the end of the recording"
                            : "the source ended: " + reason);
                }
            }
        } catch (ProtocolException e) {
            return end(atFrontier, Reasons.of(e), e.getMessage());
        } catch (IOException e) {
            endReason = EndReason.IO_ERROR;
            endDetail = "reading " + recording.name() + " failed: " + e;
            return Read.END;
        }
    }

    private Read end(boolean atFrontier, EndReason reason, String detail) {
        if (atFrontier) {
            indexer.end(reason);
        }
        endReason = reason;
        endDetail = detail;
        return Read.END;
    }

    /** How the recording ended, once {@link #read()} said {@link Read#END}. */
    EndReason endReason() {
        return endReason;
    }

    /** Why, for the log. */
    String endDetail() {
        return endDetail;
    }

    @Override
    public void close() {
        Indexer.closeQuietly(cursor);
    }
}
