package io.github.sessionbridge.spring.boot.autoconfigure;

import java.nio.file.Path;
import org.springframework.util.unit.DataSize;

/** Where C-served timelines keep what they received: {@code session-bridge.timeline-spool.*}, a group of {@link SessionBridgeProperties}. */
public class TimelineSpoolProperties {
    /** The spool directory (created when missing); unset: session-bridge-spool in java.io.tmpdir. */
    private Path directory;
    /** Received but not yet spooled, per timeline (64KB to 256MB: it is held in the heap). */
    private DataSize memory = DataSize.ofMegabytes(1);
    /** Spooled per timeline, the oldest played part dropped past it (at least 4 times memory). */
    private DataSize perTimeline = DataSize.ofMegabytes(256);
    /** Spooled by all timelines together (at least per-timeline). */
    private DataSize total = DataSize.ofGigabytes(4);

    /** Made by the binder. */
    public TimelineSpoolProperties() {
    }

    /** @return the directory, or null for the default */
    public Path getDirectory() {
        return directory;
    }

    /** @param v the directory */
    public void setDirectory(Path v) {
        directory = v;
    }

    /** @return the memory per timeline */
    public DataSize getMemory() {
        return memory;
    }

    /** @param v the memory per timeline */
    public void setMemory(DataSize v) {
        memory = v;
    }

    /** @return the bound per timeline */
    public DataSize getPerTimeline() {
        return perTimeline;
    }

    /** @param v the bound per timeline */
    public void setPerTimeline(DataSize v) {
        perTimeline = v;
    }

    /** @return the bound of all timelines */
    public DataSize getTotal() {
        return total;
    }

    /** @param v the bound of all timelines */
    public void setTotal(DataSize v) {
        total = v;
    }
}
