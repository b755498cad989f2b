/**
 * The spool, the uploader and the range reader behind
 * {@link io.github.sessionbridge.recordings.s3.S3RecordingStore}. Not an API: the module does not export it,
 * and it may change in any release.
 */
package io.github.sessionbridge.recordings.s3.internal;
