package io.github.sessionbridge.core.recording;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeTap;
import io.github.sessionbridge.core.recording.internal.Recorders;
import java.util.Objects;

/**
 * Records live sessions while they are relayed: the {@link BridgeTap} that writes the bridges a
 * {@link RecordingPolicy} picks into recording files (protocol §5).
 *
 * <pre>{@code
 * BridgeConfig.builder()
 *     .tcp("SSH", 9001)
 *     .tap(RecordingTap.of(RecordingPolicy.all(Path.of("/var/lib/audit"))))
 *     .build();
 * }</pre>
 *
 * <p>Writes run on one writer thread per tap ({@code session-bridge-recorder}), started with the first
 * recording and stopped when the {@code SessionBridge} closes (queued writes get up to 5 s to finish).
 * A recording that falls more than its buffer behind (a slow disk) or whose writes fail stops, logged and
 * reported to {@link RecordingPolicy#finished}; the bridge goes on. Use one tap per {@code SessionBridge}.
 */
public final class RecordingTap implements BridgeTap {

    /** The default buffer: 8 MiB. */
    public static final long DEFAULT_BUFFER = 8 * 1024 * 1024;

    private final Recorders recorders;

    private RecordingTap(RecordingPolicy policy, long bufferBytes) {
        this.recorders = new Recorders(policy, bufferBytes);
    }

    /**
     * Records what {@code policy} picks, with the {@linkplain #DEFAULT_BUFFER default buffer}.
     *
     * @param policy picks, for each bridge, whether it is recorded and where
     * @return a new tap
     * @throws NullPointerException if {@code policy} is null
     */
    public static RecordingTap of(RecordingPolicy policy) {
        return of(policy, DEFAULT_BUFFER);
    }

    /**
     * Records what {@code policy} picks; a recording more than {@code bufferBytes} behind its bridge stops.
     *
     * @param policy      picks, for each bridge, whether it is recorded and where
     * @param bufferBytes the most a recording may have queued but not yet written; at least 65536
     * @return a new tap
     * @throws NullPointerException     if {@code policy} is null
     * @throws IllegalArgumentException if {@code bufferBytes} is below 65536
     */
    public static RecordingTap of(RecordingPolicy policy, long bufferBytes) {
        Objects.requireNonNull(policy, "policy");
        if (bufferBytes < 64 * 1024) {
            throw new IllegalArgumentException("recording buffer must be at least 65536 bytes, was " + bufferBytes);
        }
        return new RecordingTap(policy, bufferBytes);
    }

    /**
     * Asks the policy; {@code null} when it does not record {@code bridge}.
     *
     * @param bridge the bridge opening
     * @return the bridge's recorder, or {@code null}
     */
    @Override
    public Session open(Bridge bridge) {
        return recorders.start(bridge);
    }

    /** Lets queued writes finish (up to 5 s), then stops the writer thread. */
    @Override
    public void close() {
        recorders.close();
    }

    @Override
    public String toString() {
        return "RecordingTap[" + recorders + "]";
    }
}
