package io.github.sessionbridge.core.recording;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a live bridge is recorded: a file, or any channel (an object-store upload, a pipe). The
 * recorder opens it on its writer thread, writes the recording file's bytes (protocol §5) as they come,
 * and closes it when the bridge ends.
 *
 * <p>The file targets made here never replace a file: each creates a new one, atomically (the file
 * system's create-new), so no recording can truncate another &mdash; not one of another
 * {@code SessionBridge}, nor of another JVM writing the same directory, nor an earlier one.
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
     * The new file {@code file}. Nothing happens now: the file is created when the recorder opens the target,
     * and only if it does not exist yet; an existing file is never replaced nor written.
     *
     * @param file the recording file to create; its directory must exist
     * @return a target creating {@code file}, whose {@code toString()} is the file's path; its {@link #open()}
     *         throws {@link FileAlreadyExistsException} if the file exists (the bridge then goes on
     *         unrecorded, with an error logged): use {@link #uniqueFile} for a target that takes the next
     *         free name instead
     * @throws NullPointerException if {@code file} is {@code null}
     */
    static RecordingTarget file(Path file) {
        Objects.requireNonNull(file, "file");
        return new RecordingTarget() {
            @Override
            public WritableByteChannel open() throws IOException {
                return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }

            @Override
            public String toString() {
                return file.toString();
            }
        };
    }

    /**
     * A new file named {@code name} in {@code directory}, or, if that name is taken when the recorder opens
     * the target, the first free one of {@code <stem>-2<ext>}, {@code <stem>-3<ext>}, &hellip; (the
     * extension being what follows the name's last dot, {@code s-42.rec} then {@code s-42-2.rec}). Each
     * name is tried with the file system's atomic create-new, so a file that exists &mdash; or that another
     * process creates at the same moment &mdash; is never replaced nor written; each name found taken is
     * logged at WARN. After 1,000 names taken, {@link #open()} fails with a
     * {@link FileAlreadyExistsException}.
     *
     * @param directory the directory to create the file in; it must exist when the target is opened
     * @param name      the file name wanted: a plain name, without a directory
     * @return a target creating a new file, whose {@code toString()} is the path of the file it created once
     *         opened, and of {@code directory/name} before
     * @throws NullPointerException     if an argument is {@code null}
     * @throws IllegalArgumentException if {@code name} is empty, {@code "."} or {@code ".."}, or holds a
     *                                  directory separator
     */
    static RecordingTarget uniqueFile(Path directory, String name) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(name, "name");
        Path plain = directory.getFileSystem().getPath(name);
        if (name.isEmpty() || name.equals(".") || name.equals("..") || plain.getNameCount() != 1
                || plain.getParent() != null || plain.isAbsolute() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("not a plain file name: \"" + name + "\"");
        }
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return new RecordingTarget() {
            private volatile Path chosen = directory.resolve(name);

            @Override
            public WritableByteChannel open() throws IOException {
                Logger log = LoggerFactory.getLogger(RecordingTarget.class);
                for (int n = 1; n <= 1000; n++) {
                    Path candidate = directory.resolve(n == 1 ? name : stem + "-" + n + ext);
                    try {
                        FileChannel channel = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE);
                        chosen = candidate;
                        return channel;
                    } catch (FileAlreadyExistsException e) {
                        log.warn("recording file {} exists: left as it is, trying the next name", candidate);
                    }
                }
                throw new FileAlreadyExistsException(directory.resolve(name).toString(), null,
                        "this name and the next 999 are all taken");
            }

            @Override
            public String toString() {
                return chosen.toString();
            }
        };
    }
}
