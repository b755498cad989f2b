package io.github.sessionbridge.cli;

import java.util.concurrent.TimeUnit;

/**
 * The clock that paces a replay: injectable, so tests replay at full speed without sleeping
 * (a fake clock advances its time when asked to sleep).
 */
public interface ReplayClock {

    /** Nanoseconds from some fixed origin, as {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Waits {@code nanos} nanoseconds (a positive number).
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(long nanos) throws InterruptedException;

    /** The real clock: {@link System#nanoTime()} and {@link Thread#sleep}. */
    static ReplayClock system() {
        return SystemClock.INSTANCE;
    }

    /** The real clock. */
    enum SystemClock implements ReplayClock {
        /** The one instance. */
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
