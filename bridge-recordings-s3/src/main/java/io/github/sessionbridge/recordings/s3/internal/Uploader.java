package io.github.sessionbridge.recordings.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one thread of a store that moves spooled recordings to the bucket: parts of {@code partSize} bytes as
 * soon as a recording has them (multipart upload; a recording smaller than a part is one PUT when it ends),
 * the last part and the completion when it ends, then its manifest, then its spool files are deleted. Every
 * step's result is on disk before the next step relies on it, so a restart resumes where it stopped. Each
 * failure is counted, logged and retried after a backoff (0.1 s doubling to 5 s); nothing is given up. A
 * part is streamed from the spool file: the heap holds no part, only the HTTP client's buffers.
 */
public final class Uploader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Uploader.class);
    /** The object metadata naming the spool entry an object came from (to recognise our own after a lost reply). */
    static final String SPOOL_ID = "session-bridge-spool-id";

    private final S3Client s3;
    private final String bucket;
    private final long partSize;
    private final Spool spool;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean signalled;
    private volatile boolean closed;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong partsUploaded = new AtomicLong();
    private volatile String lastFailure;

    /** Starts the thread. */
    public Uploader(S3Client s3, String bucket, long partSize, Spool spool, String threadName) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
        this.spool = spool;
        spool.onChange(this::wake);
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    public long completed() {
        return completed.get();
    }

    public long failures() {
        return failures.get();
    }

    public long partsUploaded() {
        return partsUploaded.get();
    }

    public String lastFailure() {
        return lastFailure;
    }

    /** Something changed: look again now. */
    public void wake() {
        lock.lock();
        try {
            signalled = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        int backoffs = 0;
        while (!closed) {
            boolean progress = false;
            boolean failed = false;
            for (SpoolEntry e : List.copyOf(spool.entries())) {
                if (closed) {
                    return;
                }
                try {
                    progress |= step(e);
                } catch (RuntimeException | IOException x) {
                    failed = true;
                    failures.incrementAndGet();
                    lastFailure = e.key() + ": " + x;
                    if (backoffs == 0) {
                        log.warn("uploading {} to s3://{}/{} failed (retrying with backoff): {}", e.dir(), bucket, e.key(), x.toString());
                    } else {
                        log.debug("uploading {} failed again", e.key(), x);
                    }
                    break;
                }
            }
            if (failed) {
                pause(Math.min(5000, 100L << Math.min(backoffs++, 6)), false);
            } else {
                if (backoffs > 0 && progress) {
                    log.info("uploads to s3://{} go through again", bucket);
                }
                if (progress) {
                    backoffs = 0;
                } else {
                    pause(1000, true);
                }
            }
        }
    }

    private void pause(long ms, boolean wakeable) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            while (!closed && !(wakeable && signalled)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** One step for {@code e}; whether it did something. */
    private boolean step(SpoolEntry e) throws IOException {
        boolean ended = e.ended() && !spool.writing(e); // read before the size: once ended, the size is final
        long size = SpoolEntry.size(e.data());
        String uploadId = e.uploadId();
        List<SpoolEntry.Part> parts = e.parts();
        long uploaded = parts.isEmpty() ? 0 : parts.get(parts.size() - 1).offset() + parts.get(parts.size() - 1).length();
        if (uploadId == null) {
            if (ended && size < partSize) {
                putWhole(e, size);
                finish(e);
                return true;
            }
            if (size >= partSize) {
                String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(e.key()).metadata(Map.of(SPOOL_ID, spoolId(e))))
                        .uploadId();
                e.startUpload(id);
                log.debug("multipart upload {} of {} started", id, e.key());
                return true;
            }
            return false;
        }
        try {
            if (size - uploaded >= partSize) {
                uploadPart(e, uploadId, parts.size() + 1, uploaded, partSize);
                return true;
            }
            if (ended) {
                if (size > uploaded || parts.isEmpty()) {
                    uploadPart(e, uploadId, parts.size() + 1, uploaded, size - uploaded);
                    parts = e.parts();
                }
                List<CompletedPart> done = new ArrayList<>();
                for (SpoolEntry.Part p : parts) {
                    done.add(CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build());
                }
                try {
                    s3.completeMultipartUpload(b -> b.bucket(bucket).key(e.key()).uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder().parts(done).build()));
                } catch (NoSuchUploadException x) {
                    if (!ours(e, size)) {
                        throw x;
                    } // completed already: the reply was lost
                }
                finish(e);
                return true;
            }
            return false;
        } catch (NoSuchUploadException x) {
            if (ours(e, size) && ended) {
                finish(e);
                return true;
            }
            log.warn("the multipart upload of {} is gone from the bucket (aborted by a lifecycle rule?): starting it over", e.key());
            e.resetUpload();
            throw x;
        }
    }

    private void putWhole(SpoolEntry e, long size) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(e.key()).contentLength(size).metadata(Map.of(SPOOL_ID, spoolId(e))),
                    RequestBody.fromContentProvider(() -> range(e.data(), 0, size), size, "application/octet-stream"));
        } catch (S3Exception x) {
            if (x.statusCode() != 412 || !ours(e, size)) {
                throw x;
            }
        }
    }

    private void uploadPart(SpoolEntry e, String uploadId, int number, long offset, long length) throws IOException {
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(e.key()).uploadId(uploadId).partNumber(number).contentLength(length),
                RequestBody.fromContentProvider(() -> range(e.data(), offset, length), length, "application/octet-stream")).eTag();
        e.partUploaded(new SpoolEntry.Part(number, offset, length, etag));
        partsUploaded.incrementAndGet();
    }

    /** The recording is in the bucket: its manifest goes next to it, then the spool forgets it. */
    private void finish(SpoolEntry e) throws IOException {
        Path m = e.manifest();
        if (Files.exists(m)) {
            long size = Files.size(m);
            s3.putObject(b -> b.bucket(bucket).key(e.key() + ".manifest").contentLength(size).contentType("text/plain"),
                    RequestBody.fromContentProvider(() -> range(m, 0, size), size, "text/plain"));
        }
        log.info("recording uploaded to s3://{}/{} ({} bytes)", bucket, e.key(), SpoolEntry.size(e.data()));
        spool.uploaded(e);
        completed.incrementAndGet();
    }

    /** Whether the object at {@code e}'s key is the one this entry uploaded (a retry after a lost reply). */
    private boolean ours(SpoolEntry e, long size) {
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(e.key()));
            return h.contentLength() == size && spoolId(e).equals(h.metadata().get(SPOOL_ID));
        } catch (NoSuchKeyException x) {
            return false;
        } catch (S3Exception x) {
            if (x.statusCode() == 404) {
                return false;
            }
            throw x;
        }
    }

    private static String spoolId(SpoolEntry e) {
        return e.dir().getFileName().toString();
    }

    private static InputStream range(Path file, long offset, long length) {
        try {
            FileChannel ch = FileChannel.open(file);
            ch.position(offset);
            InputStream in = Channels.newInputStream(ch);
            return new java.io.FilterInputStream(in) {
                long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    /** Stops the thread (what is left in the spool is uploaded by the next store on it). */
    @Override
    public void close() {
        closed = true;
        wake();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
