package io.github.sessionbridge.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how much a {@link Timeline} keeps of what it received, so it can go back: set with
 * {@link BridgeConfig.Builder#timelineSpool}.
 *
 * <p>Records arrive on an I/O thread and wait in memory (at most {@code memoryBytes} per timeline) for a
 * writer thread, which appends them to the timeline's spool: files of the recording format (protocol §5)
 * in {@code directory}, deleted when the timeline ends (and, when a {@code SessionBridge} starts, the spool
 * files a crashed JVM left). Past {@code timelineBytes} for one timeline, or {@code totalBytes} for all the
 * timelines of the {@code SessionBridge}, the oldest part already played is dropped from what can be
 * rewound (a seek before it goes to the oldest part kept). What has not been played yet is never dropped:
 * when it alone reaches the bound, the timeline stops reading its C connection (TCP back pressure, as for
 * a slow client) until playback has moved on.
 *
 * @param directory     where the spool files go; created when missing
 * @param memoryBytes   records received but not yet written to disk, per timeline; 64 KiB to 256 MiB
 * @param timelineBytes spooled bytes per timeline; at least 4 times {@code memoryBytes}
 * @param totalBytes    spooled bytes of all timelines together; at least {@code timelineBytes}
 */
public record TimelineSpool(Path directory, long memoryBytes, long timelineBytes, long totalBytes) {

    /** The most {@code memoryBytes} may be: 256 MiB. */
    public static final long MAX_MEMORY_BYTES = 256L << 20;

    /**
     * The defaults: a {@code session-bridge-spool} directory in {@code java.io.tmpdir}, 1 MiB in memory,
     * 256 MiB per timeline, 4 GiB in all.
     */
    public static final TimelineSpool DEFAULT = new TimelineSpool(
            Path.of(System.getProperty("java.io.tmpdir"), "session-bridge-spool"), 1024 * 1024, 256L << 20, 4L << 30);

    /**
     * Checks the values.
     *
     * @param directory     where the spool files go
     * @param memoryBytes   records waiting for the disk, per timeline; 65536 to 268435456 (256 MiB: what waits
     *                      is held in the heap)
     * @param timelineBytes spooled bytes per timeline; at least {@code 4 * memoryBytes}
     * @param totalBytes    spooled bytes in all; at least {@code timelineBytes}
     * @throws NullPointerException     if {@code directory} is null
     * @throws IllegalArgumentException if a bound is below its minimum, naming it
     */
    public TimelineSpool {
        Objects.requireNonNull(directory, "directory");
        if (memoryBytes < 64 * 1024 || memoryBytes > MAX_MEMORY_BYTES) {
            throw new IllegalArgumentException("memoryBytes must be within 65536.." + MAX_MEMORY_BYTES + " (64 KiB to 256 MiB), was "
                    + memoryBytes);
        }
        if (timelineBytes < 4 * memoryBytes) {
            throw new IllegalArgumentException("timelineBytes must be at least 4 * memoryBytes (" + 4 * memoryBytes
                    + "), was " + timelineBytes);
        }
        if (totalBytes < timelineBytes) {
            throw new IllegalArgumentException("totalBytes must be at least timelineBytes (" + timelineBytes + "), was "
                    + totalBytes);
        }
    }

    /**
     * These settings in another directory.
     *
     * @param dir where the spool files go
     * @return a new value
     */
    public TimelineSpool withDirectory(Path dir) {
        return new TimelineSpool(dir, memoryBytes, timelineBytes, totalBytes);
    }

    /**
     * These settings with other bounds.
     *
     * @param memory   records waiting for the disk, per timeline
     * @param timeline spooled bytes per timeline
     * @param total    spooled bytes in all
     * @return a new value
     * @throws IllegalArgumentException as the constructor
     */
    public TimelineSpool withLimits(long memory, long timeline, long total) {
        return new TimelineSpool(directory, memory, timeline, total);
    }
}
