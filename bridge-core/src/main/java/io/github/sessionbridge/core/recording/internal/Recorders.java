package io.github.sessionbridge.core.recording.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.internal.Failures;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingTarget;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
    private ExecutorService writer;
    private boolean closed;

    /** @param policy which bridges to record; @param bufferBytes how far a recording may fall behind */
    public Recorders(RecordingPolicy policy, long bufferBytes) {
        this.policy = policy;
        this.bufferBytes = bufferBytes;
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
        return new Recorder(bridge, target.get(), policy, bufferBytes, w);
    }

    private synchronized ExecutorService writer() {
        if (closed) {
            return null;
        }
        if (writer == null) {
            ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "session-bridge-recorder");
                t.setDaemon(true);
                return t;
            });
            writer = e;
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
            w.shutdown();
            try {
                if (!w.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("recordings still writing 5 s after close; stopping them");
                    w.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.shutdownNow();
            }
        }
    }
}
