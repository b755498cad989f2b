package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.playback.RecordingSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A {@link RecordingSource} over one input stream, read once: it opens at any offset not before
 * what was already read, skipping to it. Closing a channel it gave leaves the stream open; the
 * stream closes when it is read to its end or the source is {@linkplain #release() released}.
 */
public final class ForwardOnlySource implements RecordingSource {

    private final InputStream in;
    private long position;
    private boolean closed;

    /** @param in the recording's bytes, from the magic on */
    public ForwardOnlySource(InputStream in) {
        this.in = in;
    }

    @Override
    public synchronized ReadableByteChannel openAt(long target) throws IOException {
        if (closed) {
            throw new IOException("the recording stream was already read to its end");
        }
        if (target < position) {
            throw new IOException("a recording read from a stream cannot go back to offset " + target
                    + " (it was read up to " + position + ")");
        }
        while (position < target) {
            long n = in.skip(target - position);
            if (n <= 0) {
                if (in.read() < 0) {
                    break;
                }
                n = 1;
            }
            position += n;
        }
        return new ReadableByteChannel() {
            private boolean open = true;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                synchronized (ForwardOnlySource.this) {
                    if (closed) {
                        return -1;
                    }
                    int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                    if (n > 0) {
                        dst.position(dst.position() + n);
                        position += n;
                    }
                    return n;
                }
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }

    /** Closes the stream: the one player or export reading it is done. */
    @Override
    public synchronized void release() throws IOException {
        closed = true;
        in.close();
    }
}
