package io.github.sessionbridge.core.recording;

import io.github.sessionbridge.core.Bridge;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which live bridges (monitors and timelines) are recorded, and where: set it with
 * a {@link RecordingTap}: {@code .tap(RecordingTap.of(policy))}. Every record a recorded bridge relays is also written to its {@link RecordingTarget}, then its {@code '3'} or
 * {@code '5'} if the session ended with one, so the file plays back as the session was watched.
 *
 * <pre>{@code
 * .tap(RecordingTap.of(RecordingPolicy.all(Path.of("/var/lib/audit"))))          // every bridge
 * .tap(RecordingTap.of(bridge -> bridge.opsType().equals("SSH")                   // or per bridge
 *         ? Optional.of(RecordingTarget.uniqueFile(dir, bridge.sessionId() + ".rec")) : Optional.empty()))
 * }</pre>
 *
 * <p><b>Never slowing the relay.</b> The I/O thread only queues the record; a writer thread (one per tap)
 * writes it, each record handed to the operating system as soon as it is taken (no buffering in the JVM), so a crash loses at most what is queued &mdash; normally nothing, or the last
 * record. A recording that falls more than the recording buffer behind (a slow disk), or whose writes fail
 * (a full disk), stops: the error is logged, {@link #finished} says why, and the bridge goes on.
 */
@FunctionalInterface
public interface RecordingPolicy {

    /**
     * Where to record {@code bridge}, or empty not to. Called once per bridge, on the thread that opened it
     * ({@code monitor} or {@code play}), before the C connection is opened; what it throws (an {@link Error} too, logged at
     * ERROR) is logged and means no recording: the bridge goes on unrecorded.
     * It is not called for kicks, nor for bridges the access policy denied. Keep it quick: the target is
     * only opened later, on the writer thread.
     *
     * @param bridge the bridge about to start: its id, caller, ops type, session id and opening time are set
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
     * Records every bridge into {@code directory} (which must exist), each into a new file named
     * {@code <sessionId>-<yyyyMMdd'T'HHmmss.SSS'Z'>-<instance>-<bridgeId>.rec}: the time is when the bridge was
     * opened, {@code <instance>} eight random characters of {@code [a-z0-9]} drawn once per call of this
     * method (so per policy: two {@code SessionBridge}s, or two JVMs, each numbering their bridges from 1,
     * choose different names), and every {@code ':'} of the session id becomes {@code '_'}, so the name is
     * valid on every platform (which is why the name is not the session id's key: {@code a:b} and {@code a_b}
     * give the same prefix). No recording ever replaces a file: the file is created with the file system's
     * atomic create-new, and should the name be taken all the same, the next free one of
     * {@code <name>-2.rec}, {@code <name>-3.rec}, &hellip; is taken and the collision logged at WARN (see
     * {@link RecordingTarget#uniqueFile}).
     *
     * @param directory where the recordings go; it is not checked now: when it does not exist, or cannot be
     *                  written, each recording fails to open (logged and reported to {@link #finished}) and its
     *                  bridge goes on unrecorded
     * @return a policy recording every bridge into {@code directory}; {@link #finished} does nothing
     * @throws NullPointerException if {@code directory} is {@code null}
     */
    static RecordingPolicy all(Path directory) {
        Objects.requireNonNull(directory, "directory");
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
        SecureRandom random = new SecureRandom();
        char[] instance = new char[8];
        for (int i = 0; i < instance.length; i++) {
            instance[i] = Character.forDigit(random.nextInt(36), 36);
        }
        String token = new String(instance);
        return bridge -> Optional.of(RecordingTarget.uniqueFile(directory, bridge.sessionId().replace(':', '_')
                + "-" + f.format(bridge.openedAt()) + "-" + token + "-" + bridge.id() + ".rec"));
    }
}
