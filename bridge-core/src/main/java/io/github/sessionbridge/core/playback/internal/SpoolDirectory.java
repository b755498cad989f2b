package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.TimelineSpool;
import io.github.sessionbridge.core.internal.WriterThread;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spools of one {@code SessionBridge}: their directory, their shared byte budget and their one writer
 * thread ({@code session-bridge-spool}, started with the first timeline, stopped by {@link #close()}).
 * Spool files are named {@code sb-<pid>-<n>-...spool}; when the first spool opens, the files of processes
 * no longer running (a crash) are deleted.
 */
public final class SpoolDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolDirectory.class);
    private static final AtomicLong NAMES = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    private final TimelineSpool settings;
    private final SpoolBudget budget;
    private ExecutorService writer;
    private boolean cleaned;
    private boolean closed;

    public SpoolDirectory(TimelineSpool settings) {
        this.settings = settings;
        this.budget = new SpoolBudget(settings.totalBytes());
    }

    /** The settings. */
    public TimelineSpool settings() {
        return settings;
    }

    /** The bytes all spools keep. */
    public SpoolBudget budget() {
        return budget;
    }

    /**
     * A new spool, its first segment created with the magic (on the calling thread: the thread opening the
     * timeline, never an I/O thread).
     *
     * @throws IOException if the directory or the file cannot be created or written
     */
    public Spool open(Spool.Listener listener) throws IOException {
        return open(listener, MediaTime.NO_LIMIT);
    }

    /**
     * A new spool whose records are timed with the player's idle limit (for readers of what it keeps, see
     * {@link Spool#pin()}), created as {@link #open(Spool.Listener)}.
     *
     * @throws IOException if the directory or the file cannot be created or written
     */
    public Spool open(Spool.Listener listener, long idleLimitMillis) throws IOException {
        ExecutorService w;
        synchronized (this) {
            if (closed) {
                throw new IOException("the session bridge is closed");
            }
            if (!cleaned) {
                Files.createDirectories(settings.directory());
                deleteLeftovers();
                cleaned = true;
            }
            if (writer == null) {
                writer = WriterThread.start("session-bridge-spool");
            }
            w = writer;
        }
        Spool s = new Spool(settings.directory(), "sb-" + PID + "-" + NAMES.incrementAndGet(), settings.timelineBytes(),
                budget, w, listener, idleLimitMillis);
        s.create();
        return s;
    }

    private void deleteLeftovers() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(settings.directory(), "sb-*.spool")) {
            for (Path f : files) {
                String[] parts = f.getFileName().toString().split("-");
                long pid;
                try {
                    pid = Long.parseLong(parts[1]);
                } catch (RuntimeException e) {
                    continue;
                }
                if (pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue; // a running JVM's spool (this one's may belong to another SessionBridge)
                }
                Files.deleteIfExists(f);
                log.info("deleted the spool file {} a stopped process left", f);
            }
        } catch (IOException e) {
            log.warn("could not clean the spool directory {}: {}", settings.directory(), e.toString());
        }
    }

    /** Stops the writer thread (queued writes get 2 s). */
    @Override
    public void close() {
        ExecutorService w;
        synchronized (this) {
            closed = true;
            w = writer;
        }
        if (w != null) {
            WriterThread.stop(w, 2, log, "timeline spools");
        }
    }
}
