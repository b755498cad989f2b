package io.github.sessionbridge.core.playback;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Where a live bridge is recorded: a file, or any channel (an object-store upload, a pipe). The
 * recorder opens it on its writer thread, writes the recording file's bytes (protocol §5) as they come,
 * and closes it when the bridge ends.
 */
@FunctionalInterface
public interface RecordingTarget {

    /**
     * Opens the channel the recording is written to. Called at most once per recording, on the writer
     * thread: before its first unit is written, or when its bridge ends if it relayed none (the recording
     * then holds the magic only). The recorder writes each unit straight to the channel, without buffering,
     * and closes it at the end.
     *
     * @return a new, empty channel to write the recording file's bytes to, from the magic on
     * @throws IOException if it cannot be opened (the bridge then goes on unrecorded, with an error logged)
     */
    WritableByteChannel open() throws IOException;

    /**
     * The file at {@code file}, created or replaced. Nothing happens now: the file is created (or truncated)
     * when the recorder opens the target.
     *
     * @param file the recording file to write; its directory must exist
     * @return a target writing {@code file}, whose {@code toString()} is the file's path
     * @throws NullPointerException if {@code file} is {@code null}
     */
    static RecordingTarget file(Path file) {
        Objects.requireNonNull(file, "file");
        return new RecordingTarget() {
            @Override
            public WritableByteChannel open() throws IOException {
                return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }
}
