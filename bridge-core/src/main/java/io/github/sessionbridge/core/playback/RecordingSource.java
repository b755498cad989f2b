package io.github.sessionbridge.core.playback;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Where a recording's bytes live (protocol §5): a file, or any storage that can read from a byte
 * offset (an object store's range request, a database blob). Seeking opens the source again at the
 * offset it needs, so nothing is ever held in memory but one read buffer.
 */
@FunctionalInterface
public interface RecordingSource {

    /**
     * The recording's bytes from {@code position} (0 is the first byte of the {@code SESSREC1} magic)
     * to its end. The caller closes the channel. A channel that is also a
     * {@link java.nio.channels.SeekableByteChannel} lets readers skip image bytes without reading them.
     *
     * @throws IOException if the bytes cannot be read
     */
    ReadableByteChannel openAt(long position) throws IOException;

    /** The recording file at {@code file}. */
    static RecordingSource file(Path file) {
        Objects.requireNonNull(file, "file");
        return new RecordingSource() {
            @Override
            public ReadableByteChannel openAt(long position) throws IOException {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                try {
                    ch.position(position);
                    return ch;
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }
}
