package io.github.sessionbridge.recordings.s3;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.RecordingSource;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.recordings.s3.internal.RangeChannel;
import io.github.sessionbridge.recordings.s3.internal.Spool;
import io.github.sessionbridge.recordings.s3.internal.SpoolEntry;
import io.github.sessionbridge.recordings.s3.internal.Uploader;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Recordings in an S3-compatible bucket: a {@link RecordingTarget} per recording that the live bridge writes
 * to a local spool, uploaded from there, and a {@link RecordingSource} that reads objects with range
 * requests, so playback, seek and export of an object work in the heap a file needs.
 *
 * <pre>{@code
 * S3Client s3 = S3Client.builder().region(Region.EU_WEST_1).build();        // the host's client
 * S3RecordingStore store = S3RecordingStore.builder(s3, "audit-recordings")
 *         .prefix("bastion/").spool(Path.of("/var/spool/bridge")).build();
 * BridgeConfig.builder().tap(RecordingTap.signed(store.policy(), signer))...   // or RecordingTap.of(...)
 * Recording rec = store.open("bastion/s-42-20261201T101500.000Z-k3v9x0qa-7.rec");
 * }</pre>
 *
 * <p><b>Writing never waits on the network.</b> The recorder's writer thread writes each unit to a file in
 * the spool directory (plain file writes, as for a file target). One uploader thread per store moves spooled
 * recordings to the bucket: a multipart upload with parts of {@link Builder#partSize} bytes (default 8 MiB)
 * as soon as a recording holds them, the last part when it ends (a recording smaller than one part is one
 * PUT), then its manifest ({@code <key>.manifest}), then its spool files are deleted. Heap per recording:
 * none held &mdash; parts are streamed from the spool file, one at a time per store. When the bucket cannot
 * be reached (down, 5xx, slow), the spool keeps everything and the uploader retries with a backoff (0.1 s
 * doubling to 5 s), without end: nothing is lost and no bridge stops. Each step's result is on disk before
 * the next relies on it, so a store started again on the same spool resumes the uploads where they stopped
 * (a recording that was being written when the process died is uploaded as it is: its manifest then
 * verifies it up to its last checkpoint).
 *
 * <p><b>The spool is bounded</b> ({@link Builder#spoolLimit}, default 1 GiB): a write that would take it over
 * fails, so that recording stops as on a full disk (logged, reported to {@link RecordingPolicy#finished}, its
 * bridge going on), and {@link #stats()} says the spool is full until uploads free room.
 *
 * <p><b>Names.</b> Objects are never replaced by this store: {@link #policy()} names every recording with a
 * random token drawn per store (two stores, in two JVMs, writing one bucket choose different names). Use one
 * spool directory per store: it is locked while the store is open.
 *
 * <p><b>Retention.</b> Deleting old recordings from the bucket is the bucket's lifecycle rule's job (an
 * expiration on the prefix, and {@code AbortIncompleteMultipartUpload} for uploads that never complete): see
 * the module's README. Close the store after the {@code SessionBridge}s that write to it.
 */
public final class S3RecordingStore implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Spool spool;
    private final Uploader uploader;
    private final String token;

    private S3RecordingStore(Builder b) throws IOException {
        this.s3 = b.s3;
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.spool = new Spool(b.spool, b.spoolLimit);
        this.uploader = new Uploader(s3, bucket, b.partSize, spool, "session-bridge-s3-uploader");
        SecureRandom random = new SecureRandom();
        char[] t = new char[8];
        for (int i = 0; i < t.length; i++) {
            t[i] = Character.forDigit(random.nextInt(36), 36);
        }
        this.token = new String(t);
    }

    /**
     * A builder for a store writing to and reading from {@code bucket} through {@code s3}.
     *
     * @param s3     the host's client: its endpoint (AWS, or any S3-compatible server), region, credentials,
     *               HTTP client, timeouts and retries are the host's; the store does not close it
     * @param bucket the bucket; it must exist
     * @return a builder with the defaults: no prefix, a spool in {@code java.io.tmpdir}/session-bridge-spool,
     *         1 GiB, parts of 8 MiB
     * @throws NullPointerException if an argument is {@code null}
     */
    public static Builder builder(S3Client s3, String bucket) {
        return new Builder(Objects.requireNonNull(s3, "s3"), Objects.requireNonNull(bucket, "bucket"));
    }

    /**
     * A new recording at object {@code prefix + name}, written to the spool and uploaded from there. Its
     * {@link RecordingTarget#openManifest()} writes the manifest to the spool too, uploaded next to the
     * recording as {@code <key>.manifest}.
     *
     * @param name the object name after the prefix (for example {@code s-42.rec}); not empty
     * @return a target whose {@code toString()} is {@code s3://bucket/key}
     * @throws NullPointerException     if {@code name} is {@code null}
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public RecordingTarget target(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty object name");
        }
        String key = prefix + name;
        return new RecordingTarget() {
            private SpoolEntry entry;

            @Override
            public WritableByteChannel open() throws IOException {
                entry = spool.create(key);
                return spool.data(entry);
            }

            @Override
            public Optional<WritableByteChannel> openManifest() throws IOException {
                if (entry == null) {
                    throw new IllegalStateException("openManifest() before open()");
                }
                return Optional.of(spool.manifest(entry));
            }

            @Override
            public String toString() {
                return "s3://" + bucket + "/" + key;
            }
        };
    }

    /**
     * Records every bridge into this store, each into a new object named
     * {@code <prefix><sessionId>-<yyyyMMdd'T'HHmmss.SSS'Z'>-<token>-<bridgeId>.rec} as
     * {@link RecordingPolicy#all} names files: the time is when the bridge opened, {@code <token>} eight random
     * characters of {@code [a-z0-9]} drawn once per store, every {@code ':'} of the session id becomes
     * {@code '_'}.
     *
     * @return a policy recording every monitor; its {@link RecordingPolicy#finished} does nothing
     */
    public RecordingPolicy policy() {
        return (Bridge bridge) -> Optional.of(target(bridge.sessionId().replace(':', '_') + "-" + TIME.format(bridge.openedAt())
                + "-" + token + "-" + bridge.id() + ".rec"));
    }

    /**
     * The object {@code key}, read with range requests: each {@link RecordingSource#openAt} asks windows of
     * 8 MiB from its offset as the reader goes, a seekable channel whose skips ask a new window where they land.
     * Its {@link RecordingSource#manifest()} is the object {@code <key>.manifest}. The object's size is asked
     * (HEAD) by each {@code openAt}.
     *
     * @param key the object key, prefix included
     * @return a source reading it, whose {@code toString()} is {@code s3://bucket/key}
     * @throws NullPointerException if {@code key} is {@code null}
     */
    public RecordingSource source(String key) {
        Objects.requireNonNull(key, "key");
        return new RecordingSource() {
            @Override
            public ReadableByteChannel openAt(long position) throws IOException {
                long size = RangeChannel.size(s3, bucket, key);
                return new RangeChannel(s3, bucket, key, size, position);
            }

            @Override
            public Optional<RecordingSource> manifest() {
                return Optional.of(source(key + ".manifest"));
            }

            @Override
            public String toString() {
                return "s3://" + bucket + "/" + key;
            }
        };
    }

    /**
     * The recording at object {@code key}, to play, seek in, export and verify ({@link Recording#verify}).
     *
     * @param key the object key, prefix included
     * @return a seekable recording named {@code s3://bucket/key}
     * @throws java.nio.file.NoSuchFileException if there is no such object
     * @throws IOException                       if it cannot be read, or is not a recording
     * @throws NullPointerException              if {@code key} is {@code null}
     */
    public Recording open(String key) throws IOException {
        RecordingSource s = source(key);
        return Recording.of(s, s.toString());
    }

    /**
     * The store's state now: what waits in the spool, what was uploaded and what failed.
     *
     * @return the counts, for metrics and health checks
     */
    public S3StoreStats stats() {
        int pending = spool.entries().size();
        int writing = (int) spool.entries().stream().filter(spool::writing).count();
        return new S3StoreStats(pending, writing, uploader.completed(), uploader.partsUploaded(), uploader.failures(),
                spool.bytes(), spool.limit(), spool.full(), spool.refusedWrites(), Optional.ofNullable(uploader.lastFailure()));
    }

    /**
     * Stops the uploader (waiting up to 10 s for a request under way) and unlocks the spool. What is still in
     * the spool stays there, for the next store opened on it. Close the {@code SessionBridge}s first.
     */
    @Override
    public void close() throws IOException {
        uploader.close();
        spool.close();
    }

    @Override
    public String toString() {
        return "S3RecordingStore[s3://" + bucket + "/" + prefix + ", spool " + spool.dir() + "]";
    }

    /** Builds a {@link S3RecordingStore}: the spool, its limit, the part size and the key prefix. */
    public static final class Builder {
        /** The smallest part size S3 accepts: 5 MiB. */
        public static final long MIN_PART_SIZE = 5L << 20;

        private final S3Client s3;
        private final String bucket;
        private String prefix = "";
        private Path spool = Path.of(System.getProperty("java.io.tmpdir"), "session-bridge-spool");
        private long spoolLimit = 1L << 30;
        private long partSize = 8L << 20;

        private Builder(S3Client s3, String bucket) {
            this.s3 = s3;
            this.bucket = bucket;
        }

        /**
         * Puts every object this store names under {@code prefix} (for example {@code "recordings/"}).
         *
         * @param prefix the key prefix, possibly empty (the default)
         * @return this builder
         * @throws NullPointerException if {@code prefix} is {@code null}
         */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Where recordings wait for their upload: a local directory (created if missing) of this store alone.
         *
         * @param directory the spool directory
         * @return this builder
         * @throws NullPointerException if {@code directory} is {@code null}
         */
        public Builder spool(Path directory) {
            this.spool = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * The most bytes the spool may hold (recordings and manifests not yet uploaded).
         *
         * @param bytes at least one part size
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is not positive
         */
        public Builder spoolLimit(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("spool limit must be positive, was " + bytes);
            }
            this.spoolLimit = bytes;
            return this;
        }

        /**
         * The size of each multipart part but the last (default 8 MiB).
         *
         * @param bytes at least {@link #MIN_PART_SIZE} (S3's smallest part)
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is below 5 MiB or above 5 GiB
         */
        public Builder partSize(long bytes) {
            if (bytes < MIN_PART_SIZE || bytes > (5L << 30)) {
                throw new IllegalArgumentException("part size must be within 5 MiB..5 GiB, was " + bytes);
            }
            this.partSize = bytes;
            return this;
        }

        /**
         * Opens the spool (taking over what an earlier store left in it, to upload) and starts the uploader.
         *
         * @return the store
         * @throws IOException if the spool directory cannot be created or is locked by another store
         */
        public S3RecordingStore build() throws IOException {
            return new S3RecordingStore(this);
        }
    }
}
