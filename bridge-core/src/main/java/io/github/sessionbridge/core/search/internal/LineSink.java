package io.github.sessionbridge.core.search.internal;

import java.io.IOException;

/** Takes the lines of text that {@link ScreenText} finds. */
public interface LineSink {
    /**
     * The next line, or the next piece of an over-long one: code points {@code cps[0, length)}, each with the
     * playback time it was written at in {@code times} (-1 for a blank that was never written). Both arrays
     * are reused after the call.
     *
     * @param continues {@code true} if the line goes on in the next call (it was cut for length, not ended);
     *                  its trailing blanks are then kept
     */
    void line(int[] cps, long[] times, int length, boolean continues) throws IOException;
}
