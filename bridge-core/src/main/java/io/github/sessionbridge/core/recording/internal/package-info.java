/**
 * The machinery behind {@link io.github.sessionbridge.core.recording.RecordingTap}: the writer thread and
 * the per-bridge recorder. Not an API: the module does not export it, and it may change in any release.
 */
package io.github.sessionbridge.core.recording.internal;
