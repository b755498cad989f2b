package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.audit.AuditOptions;
import io.github.sessionbridge.core.audit.JsonLinesAuditWriter;
import java.nio.file.Path;
import java.time.Duration;

/** The audit trail: {@code session-bridge.audit.*}, a group of {@link SessionBridgeProperties}. */
public class AuditProperties {
    /** Whether watches, kicks, playbacks and denials are audited. */
    private boolean enabled = true;
    /** Where daily JSON-lines files (prefix-yyyy-MM-dd.jsonl) are written; unset: no file. */
    private Path directory;
    /** The start of each audit file's name. */
    private String filePrefix = "audit";
    /** When audit lines are forced to the disk: EVERY_EVENT, BATCH (when the queue runs empty) or NEVER. */
    private JsonLinesAuditWriter.Fsync fsync = JsonLinesAuditWriter.Fsync.BATCH;
    /** Whether each audit event is also published as a Spring application event. */
    private boolean publishEvents = true;
    /** How many events may wait for the sinks. */
    private int capacity = AuditOptions.DEFAULT.capacity();
    /** What a full queue or failing sink does: DROP (counted, logged) or BACK_PRESSURE (new requests refused). */
    private AuditOptions.Overflow overflow = AuditOptions.Overflow.DROP;
    /** With BACK_PRESSURE: how long a new request waits for room. */
    private Duration maxWait = AuditOptions.DEFAULT.maxWait();
    /** How long closing waits for the sinks to take what is queued. */
    private Duration closeTimeout = AuditOptions.DEFAULT.closeTimeout();

    /** Made by the binder. */
    public AuditProperties() {
    }

    /** @return whether auditing is on */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param v whether auditing is on */
    public void setEnabled(boolean v) {
        enabled = v;
    }

    /** @return the directory, or null */
    public Path getDirectory() {
        return directory;
    }

    /** @param v the directory */
    public void setDirectory(Path v) {
        directory = v;
    }

    /** @return the file prefix */
    public String getFilePrefix() {
        return filePrefix;
    }

    /** @param v the file prefix */
    public void setFilePrefix(String v) {
        filePrefix = v;
    }

    /** @return the fsync policy */
    public JsonLinesAuditWriter.Fsync getFsync() {
        return fsync;
    }

    /** @param v the fsync policy */
    public void setFsync(JsonLinesAuditWriter.Fsync v) {
        fsync = v;
    }

    /** @return whether events are published to Spring */
    public boolean isPublishEvents() {
        return publishEvents;
    }

    /** @param v whether events are published to Spring */
    public void setPublishEvents(boolean v) {
        publishEvents = v;
    }

    /** @return the capacity */
    public int getCapacity() {
        return capacity;
    }

    /** @param v the capacity */
    public void setCapacity(int v) {
        capacity = v;
    }

    /** @return the overflow behaviour */
    public AuditOptions.Overflow getOverflow() {
        return overflow;
    }

    /** @param v the overflow behaviour */
    public void setOverflow(AuditOptions.Overflow v) {
        overflow = v;
    }

    /** @return the wait for room */
    public Duration getMaxWait() {
        return maxWait;
    }

    /** @param v the wait for room */
    public void setMaxWait(Duration v) {
        maxWait = v;
    }

    /** @return the close timeout */
    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    /** @param v the close timeout */
    public void setCloseTimeout(Duration v) {
        closeTimeout = v;
    }
}
