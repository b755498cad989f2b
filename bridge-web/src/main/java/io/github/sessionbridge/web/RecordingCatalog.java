package io.github.sessionbridge.web;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.playback.Recording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The recordings a browser may replay, by name: the browser names a recording, the host decides what it is
 * and whether this caller may see it (the browser never names a file). Called on the server's thread that
 * read the request; it should not block for long.
 */
@FunctionalInterface
public interface RecordingCatalog {

    /**
     * Opens the recording named {@code name} for {@code caller}.
     *
     * @param caller who asks
     * @param name   the name the browser sent (at most 256 characters, otherwise anything: check it)
     * @return the recording, or empty if there is none of that name for this caller (the browser gets
     *         {@code NOT_FOUND})
     * @throws IOException if it exists but cannot be opened (the browser gets {@code UNAVAILABLE})
     */
    Optional<Recording> open(Caller caller, String name) throws IOException;

    /**
     * No recordings: every replay is {@code NOT_FOUND}.
     *
     * @return an empty catalog
     */
    static RecordingCatalog none() {
        return (caller, name) -> Optional.empty();
    }

    /**
     * The recording files directly in {@code directory}, by file name, for every caller: a name of 1 to 128
     * characters of {@code [A-Za-z0-9._-]} not starting with a dot, naming a regular file there.
     *
     * @param directory where the recordings are
     * @return a catalog of that directory
     * @throws NullPointerException if {@code directory} is null
     */
    static RecordingCatalog directory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Pattern names = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
        return (caller, name) -> {
            if (!names.matcher(name).matches()) {
                return Optional.empty();
            }
            Path file = directory.resolve(name);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.of(Recording.open(file));
        };
    }
}
