package io.github.sessionbridge.core.recording;

import io.github.sessionbridge.core.internal.FilesInUse;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old recordings from a directory: every {@code *.rec} file last modified more than the retention
 * period ago, with its integrity manifest ({@code *.rec.manifest}), and manifests left without their recording.
 * Run it from the host's scheduler (once a day is plenty):
 *
 * <pre>{@code
 * RecordingRetention.Result r = RecordingRetention.deleteOlderThan(Path.of("/var/lib/audit"), Duration.ofDays(180));
 * }</pre>
 *
 * <p><b>Never one in use.</b> A recording this JVM has open &mdash; being written by a file target, or read by
 * a player, an export or a scan of a {@linkplain io.github.sessionbridge.core.playback.RecordingSource#file
 * file source} &mdash; is kept, whatever its age; and a recording being written (by any process) was modified
 * moments ago, so it is younger than any retention period. (One written by another process that relayed
 * nothing for longer than the period is the exception: keep the period above the longest idle session.)
 * Files are looked at in the directory itself, not below it; other files are left alone.
 *
 * <p>For recordings in an S3 bucket, retention is the bucket's lifecycle rule (an expiration on the prefix),
 * not this class: see the {@code bridge-recordings-s3} README.
 */
public final class RecordingRetention {
    private static final Logger log = LoggerFactory.getLogger(RecordingRetention.class);

    private RecordingRetention() {
    }

    /**
     * What a sweep did.
     *
     * @param deleted the files deleted (recordings and manifests)
     * @param inUse   the old recordings kept because this JVM has them open
     * @param failed  the files that could not be deleted, each with why (logged at WARN)
     */
    public record Result(List<Path> deleted, List<Path> inUse, List<String> failed) {
        /**
         * Copies the lists.
         *
         * @param deleted the files deleted
         * @param inUse   the old recordings kept
         * @param failed  what could not be deleted
         */
        public Result {
            deleted = List.copyOf(deleted);
            inUse = List.copyOf(inUse);
            failed = List.copyOf(failed);
        }
    }

    /**
     * Deletes the recordings (and manifests) in {@code directory} last modified before now minus {@code age}.
     *
     * @param directory the recordings' directory
     * @param age       the retention period: at least one minute
     * @return what was deleted and kept
     * @throws IOException              if the directory cannot be listed
     * @throws IllegalArgumentException if {@code age} is under one minute
     * @throws NullPointerException     if an argument is {@code null}
     */
    public static Result deleteOlderThan(Path directory, Duration age) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(age, "age");
        if (age.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("retention period under one minute: " + age);
        }
        FileTime cutoff = FileTime.from(Instant.now().minus(age));
        List<Path> deleted = new ArrayList<>();
        List<Path> inUse = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean rec = name.endsWith(".rec");
                boolean orphanManifest = name.endsWith(".rec.manifest")
                        && !Files.exists(f.resolveSibling(name.substring(0, name.length() - ".manifest".length())));
                if ((!rec && !orphanManifest) || !Files.isRegularFile(f) || !old(f, cutoff)) {
                    continue;
                }
                Path manifest = rec ? f.resolveSibling(name + ".manifest") : f;
                if (FilesInUse.inUse(f) || FilesInUse.inUse(manifest)) {
                    inUse.add(f);
                    continue;
                }
                for (Path d : rec ? List.of(manifest, f) : List.of(f)) { // the manifest first: never a manifest left alone
                    try {
                        if (Files.deleteIfExists(d)) {
                            deleted.add(d);
                        }
                    } catch (IOException e) {
                        failed.add(d + ": " + e);
                        log.warn("retention: cannot delete {}: {}", d, e.toString());
                    }
                }
            }
        }
        if (!deleted.isEmpty() || !inUse.isEmpty()) {
            log.info("retention: {} files older than {} deleted from {}, {} in use kept", deleted.size(), age, directory, inUse.size());
        }
        return new Result(deleted, inUse, failed);
    }

    private static boolean old(Path f, FileTime cutoff) {
        try {
            return Files.getLastModifiedTime(f).compareTo(cutoff) < 0;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
