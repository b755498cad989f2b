package io.github.sessionbridge.core.playback.internal;

import java.util.function.LongSupplier;

/**
 * A player's clock: playback (media) time in milliseconds against a wall clock in nanoseconds. It runs
 * from an <i>anchor</i> (a wall time and the media time then) at a speed, and stands still while
 * <i>frozen</i>: paused, stalled by a slow client, seeking, or ended. A <i>cap</i> keeps the time it tells
 * from passing the next record not yet sent (or the last one sent, while waiting at a growing source's
 * edge); the cap never moves the anchor, so records that arrive late play at once.
 *
 * <p>Pure: no scheduler, no records; the wall time comes from the {@link LongSupplier} given. Confined to
 * its player's task queue, except {@link #position(long)} on the {@link Snapshot} last
 * {@linkplain #publish() published}, which any thread may read.
 */
final class PlaybackClock {

    /**
     * The published state: what {@link #position(long)} reads, on any thread.
     *
     * @param wall   the anchor's wall time, nanoseconds
     * @param media  the anchor's media time, milliseconds
     * @param speed  the speed
     * @param frozen whether it stands still
     * @param cap    the most it tells
     */
    record Snapshot(long wall, long media, double speed, boolean frozen, long cap) {
        /**
         * The media time at wall time {@code nanos}.
         *
         * @param nanos a wall time
         * @return the media time in milliseconds
         */
        long position(long nanos) {
            if (frozen) {
                return media;
            }
            long m = media + (long) ((nanos - wall) * speed / 1e6);
            return Math.max(media, Math.min(m, cap));
        }
    }

    private final LongSupplier nanoTime;
    private long anchorWall;
    private long anchorMedia;
    private double speed;
    private boolean paused;
    private boolean stalled;
    private boolean seeking;
    private boolean finished;
    private long cap = Long.MAX_VALUE;
    private volatile Snapshot published;

    PlaybackClock(LongSupplier nanoTime, double speed, boolean paused) {
        this.nanoTime = nanoTime;
        this.speed = speed;
        this.paused = paused;
        this.published = new Snapshot(0, 0, speed, true, 0);
    }

    /** Starts it at media time 0, now. */
    void start() {
        anchorWall = nanoTime.getAsLong();
        anchorMedia = 0;
    }

    /** Whether it stands still: paused, stalled, seeking or finished. */
    boolean frozen() {
        return paused || stalled || seeking || finished;
    }

    /** The media time now, in milliseconds (within the cap, never before the anchor). */
    long now() {
        if (frozen()) {
            return anchorMedia;
        }
        long m = anchorMedia + (long) ((nanoTime.getAsLong() - anchorWall) * speed / 1e6);
        return Math.max(anchorMedia, Math.min(m, cap));
    }

    /** The wall time, in nanoseconds, at which media time {@code media} is due at the current anchor and speed. */
    long due(long media) {
        return anchorWall + (long) ((media - anchorMedia) * 1_000_000.0 / speed);
    }

    /** The wall time now. */
    long wallNow() {
        return nanoTime.getAsLong();
    }

    /** The time told is at most {@code media} ({@link Long#MAX_VALUE}: no cap). */
    void cap(long media) {
        cap = media;
    }

    /** The current speed. */
    double speed() {
        return speed;
    }

    /** Whether paused. */
    boolean paused() {
        return paused;
    }

    /** Whether stalled by a slow client. */
    boolean stalled() {
        return stalled;
    }

    /** The anchor's media time: the time told while frozen. */
    long anchor() {
        return anchorMedia;
    }

    /** Changes the speed from now on; the time told does not jump. */
    void speed(double s) {
        anchorMedia = now();
        anchorWall = nanoTime.getAsLong();
        speed = s;
    }

    /** Pauses or resumes; the time told does not jump. */
    void paused(boolean p) {
        anchorMedia = now();
        anchorWall = nanoTime.getAsLong();
        paused = p;
    }

    /** A slow client stops it at {@code played} (the media time of what was last sent), if that is later. */
    void stall(long played) {
        stalled = true;
        anchorMedia = Math.max(anchorMedia, played);
        anchorWall = nanoTime.getAsLong();
    }

    /** The client has taken enough: it runs again from where it stalled. */
    void drained() {
        stalled = false;
        anchorWall = nanoTime.getAsLong();
    }

    /**
     * Playback was waiting at the live edge and a record due at {@code media} arrived before its time by this
     * clock (the clock was anchored on a record that arrived late): the clock moves on to it, now, so a live
     * session plays with the latency of its arrival, not of the first record's. Never moves back.
     */
    void catchUp(long media) {
        if (!frozen() && media > now()) {
            anchorMedia = media;
            anchorWall = nanoTime.getAsLong();
        }
    }

    /** A seek to {@code target} began: it stands at the target until {@link #seeked}. */
    void seeking(long target) {
        seeking = true;
        anchorMedia = target;
    }

    /** The seek is done: it runs (unless otherwise frozen) from {@code at}, now. */
    void seeked(long at) {
        seeking = false;
        anchorWall = nanoTime.getAsLong();
        anchorMedia = at;
    }

    /** The seek failed (the player is ending): no longer seeking, the anchor left where it was. */
    void seekAbandoned() {
        seeking = false;
    }

    /** The player ended at {@code at}: it stands there for good. */
    void finish(long at) {
        finished = true;
        seeking = false;
        anchorMedia = at;
    }

    /** Makes the current state what {@link #published()} returns. */
    void publish() {
        Snapshot p = published;
        boolean f = frozen();
        // unchanged (the loop publishes at every edge it reaches): no new object for each record of a live session
        if (p.wall() != anchorWall || p.media() != anchorMedia || p.speed() != speed || p.frozen() != f || p.cap() != cap) {
            published = new Snapshot(anchorWall, anchorMedia, speed, f, cap);
        }
    }

    /** The state last published; any thread. */
    Snapshot published() {
        return published;
    }

    /** The media time at wall time {@code nanos} by the state last published; any thread. */
    long position(long nanos) {
        return published.position(nanos);
    }
}
