package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.internal.FilesInUse;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

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
     * Players and exports of one recording call it from several threads at once, each reading its own
     * channel, and expect the same bytes every time.
     *
     * @param position the offset of the first byte to read, in bytes from the start of the recording; not
     *                 negative. At or past the end, the channel is at its end at once
     * @return a new channel reading the recording from {@code position} on, owned by the caller
     * @throws IOException if the bytes cannot be read
     */
    ReadableByteChannel openAt(long position) throws IOException;

    /**
     * A player or export is done with the source: it ended, however it ended. Called once by each player and
     * export of it, on the player's task queue or the exporting thread. A source that can be read again (a
     * file, an object store) holds nothing between reads and does nothing, which is the default; one that is
     * read once ({@link Recording#ofStream}) closes its stream. A source shared by several players keeps what
     * they share until its owner closes it.
     *
     * @throws IOException if releasing fails (the player or export logs it and goes on)
     */
    default void release() throws IOException {
    }

    /**
     * Where this recording's sidecar integrity manifest is read ({@link io.github.sessionbridge.core.integrity}),
     * for {@link Recording#verify}: a file source's is the file named as the recording plus {@code .manifest},
     * beside it. A manifest that is absent is one whose {@link #openAt} throws
     * {@link java.nio.file.NoSuchFileException}.
     *
     * @return the manifest's source, or empty (the default) if this kind of source has none
     */
    default Optional<RecordingSource> manifest() {
        return Optional.empty();
    }

    /**
     * The recording file at {@code file}. The file is not opened or checked now: each
     * {@link #openAt} opens it again, as a seekable channel.
     *
     * @param file the recording file
     * @return a source reading {@code file}, whose {@code toString()} is the file's path
     * @throws NullPointerException if {@code file} is {@code null}
     */
    static RecordingSource file(Path file) {
        Objects.requireNonNull(file, "file");
        return new RecordingSource() {
            @Override
            public ReadableByteChannel openAt(long position) throws IOException {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                try {
                    ch.position(position);
                    return FilesInUse.track(ch, file);
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
            }

            @Override
            public Optional<RecordingSource> manifest() {
                return Optional.of(file(file.resolveSibling(file.getFileName() + ".manifest")));
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }
}
