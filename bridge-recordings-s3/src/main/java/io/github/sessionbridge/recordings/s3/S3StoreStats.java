package io.github.sessionbridge.recordings.s3;

import java.util.Objects;
import java.util.Optional;

/**
 * A store's state, for metrics and health checks ({@link S3RecordingStore#stats()}). A store whose
 * {@code spoolFull} is {@code true} refuses new recording bytes (those recordings stop, as on a full disk,
 * their bridges going on); one whose {@code pending} grows while {@code failedAttempts} rises cannot reach
 * its bucket.
 *
 * @param pending        recordings in the spool not yet wholly in the bucket (being written, or waiting)
 * @param writing        of those, the ones still being written by a live bridge
 * @param uploaded       recordings this store put in the bucket since it started
 * @param partsUploaded  multipart parts uploaded since it started
 * @param failedAttempts upload requests that failed since it started (each is retried)
 * @param spoolBytes     the bytes the spool holds now (recordings and manifests)
 * @param spoolLimit     the most it may hold
 * @param spoolFull      whether a write was refused for lack of room and the spool is not yet below its limit
 * @param refusedWrites  writes refused for lack of room since it started
 * @param lastFailure    the last upload failure, one line, or empty if none happened
 */
public record S3StoreStats(int pending, int writing, long uploaded, long partsUploaded, long failedAttempts,
                           long spoolBytes, long spoolLimit, boolean spoolFull, long refusedWrites,
                           Optional<String> lastFailure) {
    /**
     * Checks the arguments.
     *
     * @param pending        recordings not yet in the bucket
     * @param writing        recordings still being written
     * @param uploaded       recordings uploaded
     * @param partsUploaded  parts uploaded
     * @param failedAttempts requests that failed
     * @param spoolBytes     bytes held
     * @param spoolLimit     the limit
     * @param spoolFull      whether it is full
     * @param refusedWrites  writes refused
     * @param lastFailure    the last failure; not {@code null}
     */
    public S3StoreStats {
        Objects.requireNonNull(lastFailure, "lastFailure");
    }
}
