package io.github.sessionbridge.core.playback.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The spooled bytes of all timelines of one bridge tier, against their bound. Thread-safe. */
public final class SpoolBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    /** @param limit the most all spools together should keep */
    public SpoolBudget(long limit) {
        this.limit = limit;
    }

    void take(long n) {
        used.addAndGet(n);
    }

    void release(long n) {
        used.addAndGet(-n);
    }

    /** Whether the spools together keep more than the bound. */
    public boolean over() {
        return used.get() > limit;
    }

    /** The bytes kept. */
    public long used() {
        return used.get();
    }

    /** The bound. */
    public long limit() {
        return limit;
    }
}
