package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.testkit.Split;
import java.util.Random;

/** The chunk sizes of one connection's {@link Split}. */
final class Splitter {
    private final Split split;
    private final Random random;

    private Splitter(Split split) {
        this.split = split;
        this.random = split.kind() == Split.Kind.RANDOM ? new Random(split.seed()) : null;
    }

    /** The splitter for {@code split}, or {@code null} for {@link Split#none()}. */
    static Splitter of(Split split) {
        return split.isSplitting() ? new Splitter(split) : null;
    }

    /** The next chunk's size. */
    int next() {
        return random != null ? 1 + random.nextInt(split.maxChunk()) : split.chunkSize();
    }

    /** The pause between chunks, in nanoseconds. */
    long pauseNanos() {
        return split.pause().toNanos();
    }
}
