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

    /**
     * Writes as-is: whatever is queued goes out in as few writes as the socket allows. The default.
     *
     * @return the one non-splitting split
     */
    public static Split none() {
        return NONE;
    }

    /**
     * Writes of {@code bytes} bytes each (the last one may be shorter).
     *
     * @param bytes the size of every chunk, in bytes; at least 1
     * @return a {@link Kind#FIXED} split with no pause
     * @throws IllegalArgumentException if {@code bytes} is below 1
     */
    public static Split every(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, was " + bytes);
        }
        return new Split(Kind.FIXED, bytes, 0L, 0, Duration.ZERO);
    }

    /**
     * One byte per write: the harshest split. Same as {@code every(1)}.
     *
     * @return a {@link Kind#FIXED} split of 1-byte chunks with no pause
     */
    public static Split byteByByte() {
        return every(1);
    }

    /**
     * Writes of random sizes between 1 and {@value #DEFAULT_MAX_RANDOM_CHUNK} bytes, drawn from a
     * {@link java.util.Random} seeded with {@code seed}: every connection gets the same sizes, so a
     * failure reproduces.
     *
     * @param seed any value; put it in the test (or its failure message) so a failing run can be repeated
     * @return a {@link Kind#RANDOM} split with no pause
     */
    public static Split random(long seed) {
        return random(seed, DEFAULT_MAX_RANDOM_CHUNK);
    }

    /**
     * Writes of random sizes between 1 and {@code maxChunk} bytes, reproducible from {@code seed}.
     *
     * @param seed     any value: the same seed and {@code maxChunk} give the same chunk sizes on every connection
     * @param maxChunk the largest chunk, in bytes; at least 1 (1 is the same as {@link #byteByByte()})
     * @return a {@link Kind#RANDOM} split with no pause
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
     * @param pause how long the server waits after each chunk before writing the next; zero or positive,
     *              not null. It replaces any pause this split had
     * @return a new split with this one's chunk sizes and {@code pause}; this one is unchanged
     * @throws NullPointerException     if {@code pause} is null
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

    /**
     * The kind of split.
     *
     * @return {@link Kind#NONE}, {@link Kind#FIXED} or {@link Kind#RANDOM}
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The chunk size of a {@link Kind#FIXED} split.
     *
     * @return the size given to {@link #every(int)}, in bytes; 0 for the other kinds
     */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * The seed of a {@link Kind#RANDOM} split.
     *
     * @return the seed given to {@link #random(long, int)}; 0 for the other kinds
     */
    public long seed() {
        return seed;
    }

    /**
     * The largest chunk of a {@link Kind#RANDOM} split.
     *
     * @return the largest chunk size in bytes ({@value #DEFAULT_MAX_RANDOM_CHUNK} unless given); 0 for the
     *         other kinds
     */
    public int maxChunk() {
        return maxChunk;
    }

    /**
     * The pause between chunks.
     *
     * @return the pause set with {@link #pausing(Duration)}, or {@link Duration#ZERO} (chunks are still
     *         written in separate turns of the server's selector loop)
     */
    public Duration pause() {
        return pause;
    }

    /**
     * Whether this split cuts the stream into chunks.
     *
     * @return {@code false} for {@link #none()}, {@code true} for every other split
     */
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

    /**
     * A short description, for example {@code as-is}, {@code every 3 bytes} or
     * {@code random(seed 42, 1..32 bytes), pausing 1 ms}.
     */
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
