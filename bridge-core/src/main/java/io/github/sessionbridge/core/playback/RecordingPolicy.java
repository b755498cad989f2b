package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.Bridge;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which live monitors are recorded, and where: set it with
 * {@link io.github.sessionbridge.core.BridgeConfig.Builder#recording(RecordingPolicy)}. Every record a
 * recorded bridge relays is also written to its {@link RecordingTarget}, then its {@code '3'} or
 * {@code '5'} if the session ended with one, so the file plays back as the session was watched.
 *
 * <pre>{@code
 * .recording(RecordingPolicy.all(Path.of("/var/lib/audit")))                       // every bridge
 * .recording(bridge -> bridge.opsType().equals("SSH")                             // or per bridge
 *         ? Optional.of(RecordingTarget.file(dir.resolve(bridge.sessionId() + ".rec"))) : Optional.empty())
 * }</pre>
 *
 * <p><b>Never slowing the relay.</b> The I/O thread only queues the record; a writer thread (one per
 * {@code SessionBridge}) writes it, each record handed to the operating system as soon as it is taken
 * (no buffering in the JVM), so a crash loses at most what is queued &mdash; normally nothing, or the last
 * record. A recording that falls more than the recording buffer behind (a slow disk), or whose writes fail
 * (a full disk), stops: the error is logged, {@link #finished} says why, and the bridge goes on.
 */
@FunctionalInterface
public interface RecordingPolicy {

    /**
     * Where to record {@code bridge}, or empty not to. Called once per monitor, on the thread that called
     * {@code monitor}, before the C connection is opened; what it throws (an {@link Error} too, logged at
     * ERROR) is logged and means no recording: the bridge goes on unrecorded.
     * It is not called for kicks, nor for monitors the access policy denied. Keep it quick: the target is
     * only opened later, on the writer thread.
     *
     * @param bridge the monitor about to start: its id, caller, ops type, session id and opening time are set
     * @return where to record it, or empty not to record it ({@code null} counts as empty)
     */
    Optional<RecordingTarget> target(Bridge bridge);

    /**
     * The recording of {@code bridge} ended. Called on the writer thread; must not throw (what it throws is
     * logged, an {@link Error} at ERROR; the writer thread goes on with the other recordings). Called once per bridge that {@link #target} chose to record, once its target is closed (or
     * could not be opened), when the bridge ends or the recording stops early: not at all if the
     * {@code SessionBridge}'s {@code close()} has to stop the writer thread before it gets to this recording.
     * The default does nothing.
     *
     * @param bridge the bridge that was recorded; it may still be live when the recording stopped early
     * @param result how many units and bytes were written, and why the recording stopped early, if it did
     */
    default void finished(Bridge bridge, RecordingResult result) {
    }

    /**
     * Records nothing (the default).
     *
     * @return a policy whose {@link #target} is always empty
     */
    static RecordingPolicy none() {
        return bridge -> Optional.empty();
    }

    /**
     * Records every bridge into {@code directory} (which must exist), as
     * {@code <sessionId>-<yyyyMMdd'T'HHmmss.SSS'Z'>-<bridgeId>.rec}, the time being when the bridge was opened.
     * Every {@code ':'} of the session id becomes {@code '_'} in the name, so it is a valid file name on
     * every platform.
     *
     * @param directory where the recordings go; it is not checked now: when it does not exist, or cannot be
     *                  written, each recording fails to open (logged and reported to {@link #finished}) and its
     *                  bridge goes on unrecorded
     * @return a policy recording every monitor into {@code directory}; {@link #finished} does nothing
     * @throws NullPointerException if {@code directory} is {@code null}
     */
    static RecordingPolicy all(Path directory) {
        Objects.requireNonNull(directory, "directory");
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
        return bridge -> Optional.of(RecordingTarget.file(directory.resolve(
                bridge.sessionId().replace(':', '_') + "-" + f.format(bridge.openedAt()) + "-" + bridge.id() + ".rec")));
    }
}
