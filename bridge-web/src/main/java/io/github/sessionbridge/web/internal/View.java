package io.github.sessionbridge.web.internal;

import io.github.sessionbridge.core.Playback;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/** One view of a connection: a live watch or a replay, by the number the browser gave it. */
final class View {
    final int id;
    final String kind;
    /** The browser closed it (or its connection closed): nothing more of it is sent. */
    volatile boolean gone;
    /** It ended with its notice. */
    volatile boolean ended;
    /** A periodic clock is queued and not yet written. */
    volatile boolean clockQueued;
    /** What closes it: the bridge, player or timeline; set once started. */
    volatile AutoCloseable handle;
    /** Its controls (a file's player or a C-served timeline), or null for a live watch. */
    volatile Playback playback;
    /** The {@code receivedMs} of the last clock sent. */
    volatile long receivedSent = -1;
    /** The playback's duration, once known. */
    volatile Duration duration;
    volatile ScheduledFuture<?> clock;
    /** A replay's recording, for searches; null for a watch or a timeline. */
    volatile io.github.sessionbridge.core.playback.Recording recording;
    /** A replay's idle limit, as its player has it (searches give positions with it); null for none. */
    volatile Duration idleLimit;
    /** The search running, or null ({@link ViewSearch}); set under this view's lock. */
    volatile ViewSearch.Running search;

    View(int id, String kind) {
        this.id = id;
        this.kind = kind;
    }

    /** Stops its clock and its search, and closes what plays it (no notice). */
    void release() {
        ViewSearch.stop(this);
        ScheduledFuture<?> c = clock;
        if (c != null) {
            c.cancel(false);
        }
        AutoCloseable h = handle;
        if (h != null) {
            try {
                h.close();
            } catch (Exception e) {
                // Bridge.close and Playback.close throw nothing checked; a bug elsewhere is not the browser's
                org.slf4j.LoggerFactory.getLogger(View.class).warn("closing view {}: {}", id, e.toString());
            }
        }
    }
}
