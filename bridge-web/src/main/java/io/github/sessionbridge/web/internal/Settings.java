package io.github.sessionbridge.web.internal;

import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.web.CallerProvider;
import io.github.sessionbridge.web.RecordingCatalog;
import io.github.sessionbridge.web.WebLimits;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What a {@code BrowserBridge} was built with.
 *
 * @param sessions   the bridge tier
 * @param callers    who each connection is
 * @param recordings what replays may open
 * @param limits     what a connection may cost
 * @param origins    which origins may connect
 * @param playback   the host's playback options
 * @param timer      clocks and delayed closes
 * @param searches   the search threads (a few, for all connections; a bounded queue)
 */
public record Settings(SessionBridge sessions, CallerProvider callers, RecordingCatalog recordings, WebLimits limits,
        Origins origins, Consumer<PlaybackOptions.Builder> playback, ScheduledExecutorService timer,
        java.util.concurrent.ExecutorService searches) {
}
