package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.playback.Recording;

/**
 * What a timeline had received when a reader (a search) asked, opened for one pass: the spool's recording
 * from {@link #offset()} up to the edge as it stood then ({@link #source()}: bytes past it, still arriving,
 * are not read), and the playback times from there, so the reader's times are the player's. The spool keeps
 * every byte of it until {@link #close()}, however far playback moves on.
 *
 * @param recording the spool's recording
 * @param source    the edge as it stood, read as a whole recording ending there
 * @param offset    the first unit to read: the first record's, or the oldest segment's kept
 * @param times     the playback times from {@code offset} on (the player's idle limit, its state there)
 * @param ending    how the C stream ended, if it had when the part was taken; {@code null} if it goes on
 * @param detail    what ended it, in words, or {@code null}
 * @param pin       what keeps the spool from dropping the part
 */
public record ReceivedPart(Recording recording, GrowingSource source, long offset, MediaTime times, EndReason ending,
        String detail, SpoolPin pin) implements AutoCloseable {

    /** Lets the spool drop the part again. */
    @Override
    public void close() {
        pin.close();
    }

    /** A fixed edge: a growing source's bytes up to where they reached, read as a whole recording. */
    static GrowingSource upTo(long receivedBytes) {
        GrowingSource.Edge e = GrowingSource.Edge.ended(receivedBytes, EndReason.END);
        return new GrowingSource() {
            @Override
            public Edge edge() {
                return e;
            }

            @Override
            public void listen(Runnable onChange) {
                // it never changes
            }
        };
    }
}
