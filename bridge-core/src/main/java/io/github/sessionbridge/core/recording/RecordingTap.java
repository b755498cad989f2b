package io.github.sessionbridge.core.recording;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeTap;
import io.github.sessionbridge.core.integrity.ManifestSigner;
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

    private RecordingTap(RecordingPolicy policy, long bufferBytes, ManifestSigner signer) {
        this.recorders = new Recorders(policy, bufferBytes, signer);
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
        return new RecordingTap(policy, bufferBytes, null);
    }

    /**
     * Records what {@code policy} picks, as {@link #of(RecordingPolicy)}, and gives every recording a signed
     * integrity manifest ({@link io.github.sessionbridge.core.integrity}) through
     * {@link RecordingTarget#openManifest()}: its hash chain grows as units are written, a signed checkpoint
     * is written every {@link ManifestSigner#checkpointInterval()} (so a crash leaves a verifiable prefix), and
     * the final line is signed when the recording ends. A recording that stops early (a slow or full disk)
     * ends its manifest at a checkpoint, so it verifies as truncated after its last unit written whole.
     *
     * <pre>{@code
     * .tap(RecordingTap.signed(RecordingPolicy.all(dir), ManifestSigner.load(keyFile, publicKeyFile)))
     * }</pre>
     *
     * @param policy picks, for each bridge, whether it is recorded and where
     * @param signer the host's key pair, and the checkpoint interval
     * @return a new tap with the {@linkplain #DEFAULT_BUFFER default buffer}
     * @throws NullPointerException if an argument is null
     */
    public static RecordingTap signed(RecordingPolicy policy, ManifestSigner signer) {
        return signed(policy, DEFAULT_BUFFER, signer);
    }

    /**
     * As {@link #signed(RecordingPolicy, ManifestSigner)}, with a buffer of {@code bufferBytes} as
     * {@link #of(RecordingPolicy, long)}.
     *
     * @param policy      picks, for each bridge, whether it is recorded and where
     * @param bufferBytes the most a recording may have queued but not yet written; at least 65536
     * @param signer      the host's key pair, and the checkpoint interval
     * @return a new tap
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code bufferBytes} is below 65536
     */
    public static RecordingTap signed(RecordingPolicy policy, long bufferBytes, ManifestSigner signer) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(signer, "signer");
        if (bufferBytes < 64 * 1024) {
            throw new IllegalArgumentException("recording buffer must be at least 65536 bytes, was " + bufferBytes);
        }
        return new RecordingTap(policy, bufferBytes, signer);
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
