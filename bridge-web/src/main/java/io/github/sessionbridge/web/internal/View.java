package io.github.sessionbridge.web.internal;

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
    /** What closes it: the bridge or the controls; set once started. */
    volatile AutoCloseable handle;
    /** Its timeline controls, or null for a live watch. */
    volatile Controls controls;
    volatile ScheduledFuture<?> clock;

    View(int id, String kind) {
        this.id = id;
        this.kind = kind;
    }

    /** Stops its clock and closes what plays it (no notice). */
    void release() {
        ScheduledFuture<?> c = clock;
        if (c != null) {
            c.cancel(false);
        }
        AutoCloseable h = handle;
        if (h != null) {
            try {
                h.close();
            } catch (Exception e) {
                // Bridge.close and Controls.close throw nothing checked; a bug elsewhere is not the browser's
                org.slf4j.LoggerFactory.getLogger(View.class).warn("closing view {}: {}", id, e.toString());
            }
        }
    }
}
