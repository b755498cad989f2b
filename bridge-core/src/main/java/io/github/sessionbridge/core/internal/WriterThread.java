package io.github.sessionbridge.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** The one daemon thread that does a component's disk writes (recordings, timeline spools), and its stop. */
public final class WriterThread {
    private WriterThread() {
    }

    /** A single daemon thread named {@code name}, with an unbounded queue (the callers bound what they queue). */
    public static ExecutorService start(String name) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Lets queued writes finish for up to {@code seconds}, then stops the thread (logged at WARN if it had to). */
    public static void stop(ExecutorService writer, long seconds, Logger log, String what) {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(seconds, TimeUnit.SECONDS)) {
                log.warn("{} still writing {} s after close; stopping them", what, seconds);
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }
}
