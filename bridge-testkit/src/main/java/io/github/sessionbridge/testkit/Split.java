package io.github.sessionbridge.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FakeCServer} cuts what it sends into separate writes, so that a test can check that
 * the bridge gives the same result for every way TCP splits the C stream (protocol §2).
 *
 * <p>With any mode other than {@link #none()}, every chunk is a separate {@code write} on a socket
 * with {@code TCP_NODELAY}, made in a separate turn of the server's selector loop (and, with
 * {@link #pausing(Duration)}, after a pause), so the chunks leave as separate TCP segments.
 * Chunks ignore unit boundaries: a chunk may end inside a unit's header or body, or hold the end
 * of one unit and the start of the next.
 *
 * <p>Over UDP, where a unit never spans datagrams (protocol §3), {@code none()} packs as many
 * whole units into each datagram as fit, and every other mode sends one unit per datagram.
 *
 * <p>Immutable.
 */
public final class Split {

    /** The kinds of split. */
    public enum Kind {
        /** Write whatever is queued, as the socket takes it (units merge into one write). */
        NONE,
        /** Chunks of a fixed number of bytes. */
        FIXED,
        /** Chunks of reproducibly random sizes. */
        RANDOM
    }

    /** The largest random chunk unless told otherwise. */
    public static final int DEFAULT_MAX_RANDOM_CHUNK = 32;

    private static final Split NONE = new Split(Kind.NONE, 0, 0L, 0, Duration.ZERO);

    private final Kind kind;
    private final int chunkSize;
    private final long seed;
    private final int maxChunk;
    private final Duration pause;

    private Split(Kind kind, int chunkSize, long seed, int maxChunk, Duration pause) {
        this.kind = kind;
        this.chunkSize = chunkSize;
        this.seed = seed;
        this.maxChunk = maxChunk;
        this.pause = pause;
    }

    /** Writes as-is: whatever is queued goes out in as few writes as the socket allows. The default. */
    public static Split none() {
        return NONE;
    }

    /**
     * Writes of {@code bytes} bytes each (the last one may be shorter).
     *
     * @throws IllegalArgumentException if {@code bytes} is below 1
     */
    public static Split every(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, was " + bytes);
        }
        return new Split(Kind.FIXED, bytes, 0L, 0, Duration.ZERO);
    }

    /** One byte per write: the harshest split. */
    public static Split byteByByte() {
        return every(1);
    }

    /**
     * Writes of random sizes between 1 and {@value #DEFAULT_MAX_RANDOM_CHUNK} bytes, drawn from a
     * {@link java.util.Random} seeded with {@code seed}: every connection gets the same sizes, so a
     * failure reproduces.
     */
    public static Split random(long seed) {
        return random(seed, DEFAULT_MAX_RANDOM_CHUNK);
    }

    /**
     * Writes of random sizes between 1 and {@code maxChunk} bytes, reproducible from {@code seed}.
     *
     * @throws IllegalArgumentException if {@code maxChunk} is below 1
     */
    public static Split random(long seed, int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("maxChunk must be at least 1, was " + maxChunk);
        }
        return new Split(Kind.RANDOM, 0, seed, maxChunk, Duration.ZERO);
    }

    /**
     * This split with a pause between chunks, so the reader really sees them one by one.
     *
     * @throws IllegalArgumentException if {@code pause} is negative, or this is {@link #none()}
     */
    public Split pausing(Duration pause) {
        Objects.requireNonNull(pause, "pause");
        if (pause.isNegative()) {
            throw new IllegalArgumentException("pause must not be negative, was " + pause);
        }
        if (kind == Kind.NONE) {
            throw new IllegalArgumentException("Split.none() makes no chunks to pause between");
        }
        return new Split(kind, chunkSize, seed, maxChunk, pause);
    }

    /** The kind of split. */
    public Kind kind() {
        return kind;
    }

    /** The chunk size of a {@link Kind#FIXED} split; 0 otherwise. */
    public int chunkSize() {
        return chunkSize;
    }

    /** The seed of a {@link Kind#RANDOM} split; 0 otherwise. */
    public long seed() {
        return seed;
    }

    /** The largest chunk of a {@link Kind#RANDOM} split; 0 otherwise. */
    public int maxChunk() {
        return maxChunk;
    }

    /** The pause between chunks ({@link Duration#ZERO}: only a separate selector turn). */
    public Duration pause() {
        return pause;
    }

    /** Whether this split cuts the stream into chunks (everything but {@link #none()}). */
    public boolean isSplitting() {
        return kind != Kind.NONE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && s.kind == kind && s.chunkSize == chunkSize && s.seed == seed
                && s.maxChunk == maxChunk && s.pause.equals(pause);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, chunkSize, seed, maxChunk, pause);
    }

    /** For example {@code every 3 bytes}, {@code random(seed 42, 1..32 bytes), pausing 1 ms}. */
    @Override
    public String toString() {
        String s = switch (kind) {
            case NONE -> "as-is";
            case FIXED -> chunkSize == 1 ? "byte by byte" : "every " + chunkSize + " bytes";
            case RANDOM -> "random(seed " + seed + ", 1.." + maxChunk + " bytes)";
        };
        return pause.isZero() ? s : s + ", pausing " + pause.toMillis() + " ms";
    }
}
