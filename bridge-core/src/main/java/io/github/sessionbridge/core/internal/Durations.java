package io.github.sessionbridge.core.internal;

import java.time.Duration;
import java.util.Objects;

/** The one check of a duration option that must be positive, for every builder. */
public final class Durations {
    private Durations() {
    }

    /**
     * {@code d}, if positive.
     *
     * @throws NullPointerException     naming {@code what} if {@code d} is null
     * @throws IllegalArgumentException naming {@code what} and {@code d} unless {@code d} is positive
     */
    public static Duration positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
