package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.audit.AuditOptions;
import io.github.sessionbridge.core.audit.JsonLinesAuditWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code session-bridge.*} settings of the auto-configured {@code SessionBridge}. Checked when bound:
 * a bad value fails start-up with a message naming the property ({@code session-bridge.tcp.SSH}, ...).
 *
 * <pre>{@code
 * session-bridge:
 *   host: 10.0.0.5
 *   tcp: { SSH: 9001, RDP: 9002 }
 *   udp: { VNC: 9003 }
 *   connect-timeout: 5s
 *   recording.directory: /var/lib/session-bridge/recordings
 *   audit.directory: /var/log/session-bridge
 *   web.path: /session-bridge
 * }</pre>
 */
@ConfigurationProperties("session-bridge")
public class SessionBridgeProperties implements Validator {

    /** Whether to auto-configure a SessionBridge at all. */
    private boolean enabled = true;
    /** The C server's host name or IP address, shared by every operations type. */
    private String host = "127.0.0.1";
    /** Operations type (as browsers name it: SSH, RDP, ...) to the C server's TCP port. */
    private Map<String, Integer> tcp = new LinkedHashMap<>();
    /** Operations type to the C server's UDP port (protocol section 3). */
    private Map<String, Integer> udp = new LinkedHashMap<>();
    /** How long a C connection may take to be made, for monitors and kicks. */
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** How long a kick waits for the C server's answer once its request is sent. */
    private Duration kickTimeout = Duration.ofSeconds(5);
    /** How long a UDP monitor may receive nothing before it ends. */
    private Duration udpIdleTimeout = Duration.ofSeconds(30);
    /** The largest record (timestamp and content) accepted from the C server. */
    private DataSize maxRecordSize = DataSize.ofMegabytes(16);
    /** Selector threads of the built-in transport, 1 to 64. */
    private int ioThreads = 1;
    /** Flow control toward each browser. */
    private final FlowControl flowControl = new FlowControl();
    /** Recording of the live sessions. */
    private final Recording recording = new Recording();
    /** The audit trail. */
    private final Audit audit = new Audit();
    /** The browser endpoint. */
    private final Web web = new Web();
    /** Where C-served timelines keep what they received, so the auditor can go back. */
    private final TimelineSpool timelineSpool = new TimelineSpool();

    /** Where C-served timelines keep what they received. */
    public static class TimelineSpool {
        /** The spool directory (created when missing); unset: session-bridge-spool in java.io.tmpdir. */
        private Path directory;
        /** Received but not yet spooled, per timeline (at least 64KB). */
        private DataSize memory = DataSize.ofMegabytes(1);
        /** Spooled per timeline, the oldest played part dropped past it (at least 4 times memory). */
        private DataSize perTimeline = DataSize.ofMegabytes(256);
        /** Spooled by all timelines together (at least per-timeline). */
        private DataSize total = DataSize.ofGigabytes(4);

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

    /** Flow control toward each browser. */
    public static class FlowControl {
        /** Bytes queued toward a browser above which reading from the C server pauses. */
        private DataSize highWaterMark = DataSize.ofMegabytes(1);
        /** Bytes queued below which reading resumes. */
        private DataSize lowWaterMark = DataSize.ofKilobytes(256);
        /** How long a browser may keep reading paused before it is ended as too slow. */
        private Duration slowClientTimeout = Duration.ofSeconds(30);

        /** @return the high-water mark */
        public DataSize getHighWaterMark() {
            return highWaterMark;
        }

        /** @param v the high-water mark */
        public void setHighWaterMark(DataSize v) {
            highWaterMark = v;
        }

        /** @return the low-water mark */
        public DataSize getLowWaterMark() {
            return lowWaterMark;
        }

        /** @param v the low-water mark */
        public void setLowWaterMark(DataSize v) {
            lowWaterMark = v;
        }

        /** @return the slow-client timeout */
        public Duration getSlowClientTimeout() {
            return slowClientTimeout;
        }

        /** @param v the slow-client timeout */
        public void setSlowClientTimeout(Duration v) {
            slowClientTimeout = v;
        }
    }

    /** Recording of the live sessions. */
    public static class Recording {
        /** Where every monitor is recorded (an existing, writable directory); unset: nothing is recorded. */
        private Path directory;
        /** How far a recording may fall behind its bridge before it stops (at least 64KB). */
        private DataSize buffer = DataSize.ofMegabytes(8);

        /** @return the directory, or null */
        public Path getDirectory() {
            return directory;
        }

        /** @param v the directory */
        public void setDirectory(Path v) {
            directory = v;
        }

        /** @return the buffer */
        public DataSize getBuffer() {
            return buffer;
        }

        /** @param v the buffer */
        public void setBuffer(DataSize v) {
            buffer = v;
        }
    }

    /** The audit trail. */
    public static class Audit {
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

    /** The browser endpoint (served by bridge-web's Spring adapter). */
    public static class Web {
        /** The WebSocket path browsers connect to. */
        private String path = "/session-bridge";
        /** Origins allowed to open the WebSocket (exact origins, or patterns such as https://*.example.com). */
        private List<String> allowedOrigins = new ArrayList<>();
        /** Whether a browser without an authenticated principal may connect (as principal "anonymous"). */
        private boolean allowAnonymous = false;

        /** @return the path */
        public String getPath() {
            return path;
        }

        /** @param v the path */
        public void setPath(String v) {
            path = v;
        }

        /** @return the allowed origins */
        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        /** @param v the allowed origins */
        public void setAllowedOrigins(List<String> v) {
            allowedOrigins = v;
        }

        /** @return whether anonymous browsers may connect */
        public boolean isAllowAnonymous() {
            return allowAnonymous;
        }

        /** @param v whether anonymous browsers may connect */
        public void setAllowAnonymous(boolean v) {
            allowAnonymous = v;
        }
    }

    @Override
    public boolean supports(Class<?> type) {
        return SessionBridgeProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        PropertiesCheck.check((SessionBridgeProperties) target, errors);
    }

    /** @return whether a SessionBridge is auto-configured */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param v whether a SessionBridge is auto-configured */
    public void setEnabled(boolean v) {
        enabled = v;
    }

    /** @return the C host */
    public String getHost() {
        return host;
    }

    /** @param v the C host */
    public void setHost(String v) {
        host = v;
    }

    /** @return operations type to TCP port */
    public Map<String, Integer> getTcp() {
        return tcp;
    }

    /** @param v operations type to TCP port */
    public void setTcp(Map<String, Integer> v) {
        tcp = v;
    }

    /** @return operations type to UDP port */
    public Map<String, Integer> getUdp() {
        return udp;
    }

    /** @param v operations type to UDP port */
    public void setUdp(Map<String, Integer> v) {
        udp = v;
    }

    /** @return the connect timeout */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** @param v the connect timeout */
    public void setConnectTimeout(Duration v) {
        connectTimeout = v;
    }

    /** @return the kick timeout */
    public Duration getKickTimeout() {
        return kickTimeout;
    }

    /** @param v the kick timeout */
    public void setKickTimeout(Duration v) {
        kickTimeout = v;
    }

    /** @return the UDP idle timeout */
    public Duration getUdpIdleTimeout() {
        return udpIdleTimeout;
    }

    /** @param v the UDP idle timeout */
    public void setUdpIdleTimeout(Duration v) {
        udpIdleTimeout = v;
    }

    /** @return the largest record accepted */
    public DataSize getMaxRecordSize() {
        return maxRecordSize;
    }

    /** @param v the largest record accepted */
    public void setMaxRecordSize(DataSize v) {
        maxRecordSize = v;
    }

    /** @return the selector threads */
    public int getIoThreads() {
        return ioThreads;
    }

    /** @param v the selector threads */
    public void setIoThreads(int v) {
        ioThreads = v;
    }

    /** @return the flow control settings */
    public FlowControl getFlowControl() {
        return flowControl;
    }

    /** @return the recording settings */
    public Recording getRecording() {
        return recording;
    }

    /** @return the audit settings */
    public Audit getAudit() {
        return audit;
    }

    /** @return the timeline spool settings */
    public TimelineSpool getTimelineSpool() {
        return timelineSpool;
    }

    /** @return the browser endpoint settings */
    public Web getWeb() {
        return web;
    }
}
