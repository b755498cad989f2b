package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.integrity.ManifestKeys;
import io.github.sessionbridge.core.integrity.Verification;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.RecordingSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The verify pass of {@code PlaybackOptions.requireManifest}, off the playback scheduler: a recording is read
 * whole to verify it (a 1 GiB object in a bucket takes a while), which on the scheduler's threads would stop
 * every other player sharing them. It runs instead on a small pool of its own, {@value #THREADS} daemon threads
 * named {@code session-bridge-verify-N} for the whole JVM (started when needed, gone after
 * {@value #IDLE_SECONDS} s idle; more passes wait their turn in its queue). Meanwhile the player's task queue
 * is held ({@link io.github.sessionbridge.core.internal.SerialExecutor#hold}): its controls wait, in order,
 * and no thread waits for them. A player closed meanwhile stops its pass at its next read.
 */
final class ManifestCheck {
    static final int THREADS = 2;
    static final int IDLE_SECONDS = 10;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ManifestCheck.class);
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = pool();

    private ManifestCheck() {
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(THREADS, THREADS, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "session-bridge-verify-" + THREAD_IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /**
     * Called by the player's task that begins it, on its queue: verifies {@code recording} on the pool, the queue
     * held meanwhile, then runs {@code then} first on the queue with {@code null} if it is intact, else why not.
     *
     * @param recording the recording, to be read whole (from 0)
     * @param complete  whether it is complete and seekable: if not, it cannot be verified (and nothing is read)
     * @param trusted   the keys it must be signed by
     * @param port      the player's port: its queue, and whether its client is gone (which stops the pass)
     * @param then      what the player does next, with the verdict
     */
    static void start(Recording recording, boolean complete, ManifestKeys trusted, PlayerPort port, Consumer<String> then) {
        if (!complete || !recording.isSeekable()) {
            then.accept("a recording read from a stream or still growing cannot be verified");
            return;
        }
        port.serial().hold();
        try {
            POOL.execute(() -> {
                String why = verdict(recording, trusted, port::clientGone);
                port.serial().release(() -> then.accept(why));
            });
        } catch (RejectedExecutionException e) { // the pool never shuts down: not expected
            port.serial().release(() -> then.accept("it cannot be verified: " + e));
        }
    }

    /** {@code null} if intact, else what is wrong (on the pool). */
    static String verdict(Recording recording, ManifestKeys trusted, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        try {
            Verification v = Recording.of(new Cancellable(recording.source(), cancelled), recording.name()).verify(trusted);
            log.debug("{} verified in {} ms: {}", recording.name(), (System.nanoTime() - t0) / 1_000_000, v.message());
            return v.intact() ? null : v.message();
        } catch (IOException | RuntimeException e) {
            return cancelled.getAsBoolean() ? "the player was closed while verifying" : "it cannot be verified: " + e;
        }
    }

    /** A source whose channels fail their next read once the player is closed. */
    private record Cancellable(RecordingSource source, BooleanSupplier cancelled) implements RecordingSource {
        @Override
        public ReadableByteChannel openAt(long position) throws IOException {
            ReadableByteChannel in = source.openAt(position);
            return new ReadableByteChannel() {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                    if (cancelled.getAsBoolean()) {
                        throw new IOException("the player was closed while verifying");
                    }
                    return in.read(dst);
                }

                @Override
                public boolean isOpen() {
                    return in.isOpen();
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        @Override
        public Optional<RecordingSource> manifest() {
            return source.manifest();
        }

        @Override
        public String toString() {
            return source.toString();
        }
    }
}
