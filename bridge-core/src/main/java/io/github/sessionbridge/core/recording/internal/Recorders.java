package io.github.sessionbridge.core.recording.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.integrity.ManifestSigner;
import io.github.sessionbridge.core.internal.Failures;
import io.github.sessionbridge.core.internal.WriterThread;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingTarget;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorders of one {@code SessionBridge}: asks the policy, and runs every recording's writes on one
 * writer thread ({@code session-bridge-recorder}), started with the first recording and stopped by
 * {@link #close()}.
 */
public final class Recorders implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Recorders.class);

    private final RecordingPolicy policy;
    private final long bufferBytes;
    private final ManifestSigner signer;
    private ExecutorService writer;
    private boolean closed;

    /**
     * @param policy which bridges to record; @param bufferBytes how far a recording may fall behind;
     * @param signer signs each recording's manifest, or null for none
     */
    public Recorders(RecordingPolicy policy, long bufferBytes, ManifestSigner signer) {
        this.policy = policy;
        this.bufferBytes = bufferBytes;
        this.signer = signer;
    }

    /** The recorder for {@code bridge}: {@code null} unless the policy records it. */
    public Recorder start(Bridge bridge) {
        Optional<RecordingTarget> target;
        try {
            target = policy.target(bridge);
        } catch (Throwable e) {
            log.error("[bridge {} sid={}] the recording policy threw; the bridge is not recorded", bridge.id(), bridge.sessionId(), e);
            Failures.rethrowIfFatal(e);
            return null;
        }
        if (target == null || target.isEmpty()) {
            return null;
        }
        ExecutorService w = writer();
        if (w == null) {
            return null;
        }
        return new Recorder(bridge, target.get(), policy, bufferBytes, w, signer);
    }

    private synchronized ExecutorService writer() {
        if (closed) {
            return null;
        }
        if (writer == null) {
            writer = WriterThread.start("session-bridge-recorder");
        }
        return writer;
    }

    /** Lets queued writes finish (up to 5 s), then stops the writer thread. */
    @Override
    public void close() {
        ExecutorService w;
        synchronized (this) {
            closed = true;
            w = writer;
        }
        if (w != null) {
            WriterThread.stop(w, 5, log, "recordings");
        }
    }
}
