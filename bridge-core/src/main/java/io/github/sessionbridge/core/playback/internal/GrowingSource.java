package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import java.util.Objects;

/**
 * How far a recording's bytes reach, for a player of a recording that may still be growing: a spool file
 * (protocol §5) that a C connection keeps appending to while it is played. A file recording is complete
 * from the start ({@link #COMPLETE}); a timeline's spool says how much has been written and, once the C
 * stream is over, how it ended.
 *
 * <p>What the player does with it:
 * <ul>
 *   <li>It reads only bytes before {@link Edge#receivedBytes()}. Reaching that edge while the source has
 *       not {@linkplain Edge#ended() ended} means "wait for more": playback (and the clock) go on, nothing is
 *       sent until the listener says more has come.</li>
 *   <li>Reaching the edge of an ended source ends the player with the source's {@link Edge#ending()} (a
 *       unit cut by the final edge is {@link EndReason#TRUNCATED}, as in a file). Control bytes and broken
 *       units in the bytes themselves end it as they do in a file.</li>
 *   <li>A seek forwards past what has been received stops at the edge: the screen of the last record
 *       received, the position its time.</li>
 *   <li>The duration is known once the source has ended and was read to its edge.</li>
 *   <li>The seek index follows the data: each time the edge moves the player indexes up to it (in slices,
 *       on its task queue), so the newest received time is known ({@link PlaybackEngine#received()}).</li>
 * </ul>
 *
 * <p>Contract for implementations: {@link #edge()} is called from the player's tasks on any thread and
 * must be cheap and thread-safe (a volatile read); the bytes before the edge must be readable through the
 * recording's {@link io.github.sessionbridge.core.playback.RecordingSource#openAt} and never change; the
 * edge never moves back and should lie on a unit boundary; once ended it never moves again. The listener
 * given to {@link #listen} is called, on any thread, after each move of the edge or its end (it only posts a
 * task, so calling it often is cheap; calling it for no change is harmless).
 */
public interface GrowingSource {

    /**
     * Where the received bytes end, and how the source ended, if it has.
     *
     * @param receivedBytes bytes readable from offset 0 (the magic counts)
     * @param ending        how the source ended, {@code null} while it is still growing
     */
    record Edge(long receivedBytes, EndReason ending) {
        /** The edge of a source whose every byte is present: whatever the file holds, ending END at its end. */
        public static final Edge ALL = new Edge(Long.MAX_VALUE, EndReason.END);

        /** @throws IllegalArgumentException if {@code receivedBytes} is negative */
        public Edge {
            if (receivedBytes < 0) {
                throw new IllegalArgumentException("received bytes must not be negative: " + receivedBytes);
            }
        }

        /**
         * A growing source's edge.
         *
         * @param receivedBytes bytes readable
         * @return the edge, not ended
         */
        public static Edge growing(long receivedBytes) {
            return new Edge(receivedBytes, null);
        }

        /**
         * An ended source's final edge.
         *
         * @param receivedBytes bytes readable, the last of them
         * @param ending        how the source ended; not {@code null}
         * @return the final edge
         */
        public static Edge ended(long receivedBytes, EndReason ending) {
            return new Edge(receivedBytes, Objects.requireNonNull(ending, "ending"));
        }

        /** @return whether the source has ended: no byte will be added */
        public boolean ended() {
            return ending != null;
        }
    }

    /**
     * The edge now: one consistent snapshot (a volatile {@link Edge} field suits).
     *
     * @return the received bytes and the ending
     */
    Edge edge();

    /**
     * Sets the one listener to call after the edge moved or the source ended; called once, by the player,
     * before it reads anything.
     *
     * @param onChange what to call, on any thread; it returns at once
     */
    void listen(Runnable onChange);

    /**
     * Playback has sent everything before {@code offset} (a unit boundary) to its client: a spool may let go
     * of what lies before it once nothing else needs it (a seek back then needs it again: a source that drops
     * bytes must say where its window starts, and seeks before it are the caller's to clamp). Called on the
     * player's task queue, after each batch sent (after a seek backwards it moves back); does nothing by default.
     *
     * @param offset the end of the last unit sent
     */
    default void played(long offset) {
    }

    /**
     * The first offset still readable: a source that drops its oldest bytes (a timeline's spool past its
     * bounds) says where what it keeps begins, and seeks before it are clamped (see {@code PlayerCore}).
     *
     * @return 0 unless bytes were dropped
     */
    default long windowStart() {
        return 0;
    }

    /** A source whose bytes are all present: the file case. */
    GrowingSource COMPLETE = new GrowingSource() {
        @Override
        public Edge edge() {
            return Edge.ALL;
        }

        @Override
        public void listen(Runnable onChange) {
            // it never changes
        }

        @Override
        public String toString() {
            return "complete";
        }
    };
}
