package io.github.sessionbridge.core.playback.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@link Spool#pin()} holds, and where to read from: the first unit kept, with the playback-time state
 * before it ({@link MediaTime#restore}), so a reader starting there times records exactly as the player.
 * {@link #close()} lets it go.
 */
public final class SpoolPin implements AutoCloseable {
    private final Spool spool;
    private final long held;
    private final long offset;
    private final long idleLimit;
    private final boolean started;
    private final long latestTs;
    private final long elapsed;
    private final AtomicBoolean released = new AtomicBoolean();

    SpoolPin(Spool spool, long held, long offset, long idleLimit, boolean started, long latestTs, long elapsed) {
        this.spool = spool;
        this.held = held;
        this.offset = offset;
        this.idleLimit = idleLimit;
        this.started = started;
        this.latestTs = latestTs;
        this.elapsed = elapsed;
    }

    /** The first unit kept: the first record's, or the oldest segment's start. */
    public long offset() {
        return offset;
    }

    /** The playback times from {@link #offset()} on, as the player gives them: a new timeline in that state. */
    public MediaTime times() {
        MediaTime t = new MediaTime(idleLimit);
        t.restore(started, latestTs, elapsed);
        return t;
    }

    /** Lets it go: the spool may drop what only this pin kept. Idempotent. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            spool.unpin(held);
        }
    }
}
