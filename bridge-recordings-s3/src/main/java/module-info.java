/**
 * Recordings in S3-compatible object storage: {@link io.github.sessionbridge.recordings.s3.S3RecordingStore}.
 * The {@code internal} package is not exported.
 */
module io.github.sessionbridge.recordings.s3 {
    requires transitive io.github.sessionbridge.core;
    requires transitive software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.http;
    requires org.slf4j;

    exports io.github.sessionbridge.recordings.s3;
}
