package io.github.sessionbridge.core;

/**
 * A scheduled task that can be cancelled: what {@link CConnection#schedule} and
 * {@link io.github.sessionbridge.core.PlaybackScheduler#schedule} give back.
 */
@FunctionalInterface
public interface Cancellable {
    /** Cancels the task if it has not run yet; harmless otherwise, and when called again. */
    void cancel();
}
