package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.TimelineSpool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * The checks of {@link SessionBridgeProperties}: each error names its property as written in
 * {@code application.yml} ({@code session-bridge.connect-timeout}), so the start-up failure says what to fix.
 */
final class PropertiesCheck {
    private static final String P = "session-bridge.";

    private PropertiesCheck() {
    }

    static void check(SessionBridgeProperties p, Errors errors) {
        if (!p.isEnabled()) {
            return;
        }
        String host = p.getHost();
        if (host == null || host.isBlank() || !host.strip().equals(host)) {
            reject(errors, "host", "host", "must be a host name or IP address, was \"" + host + "\"");
        }
        if (p.getTcp().isEmpty() && p.getUdp().isEmpty()) {
            reject(errors, "tcp", "tcp", "needs at least one operations type: set session-bridge.tcp.<type>=<port> "
                    + "(or session-bridge.udp.<type>)");
        }
        Set<String> seen = new HashSet<>();
        ports(errors, "tcp", p.getTcp(), seen);
        ports(errors, "udp", p.getUdp(), seen);
        positive(errors, "connectTimeout", "connect-timeout", p.getConnectTimeout());
        positive(errors, "kickTimeout", "kick-timeout", p.getKickTimeout());
        positive(errors, "udpIdleTimeout", "udp-idle-timeout", p.getUdpIdleTimeout());
        DataSize max = p.getMaxRecordSize();
        if (max == null || max.toBytes() < 16 || max.toBytes() > io.github.sessionbridge.protocol.StreamDecoder.MAX_MAX_RECORD_SIZE) {
            reject(errors, "maxRecordSize", "max-record-size", "must be within 16B.."
                    + io.github.sessionbridge.protocol.StreamDecoder.MAX_MAX_RECORD_SIZE + "B, was " + max);
        }
        if (p.getIoThreads() < 1 || p.getIoThreads() > 64) {
            reject(errors, "ioThreads", "io-threads", "must be within 1..64, was " + p.getIoThreads());
        }
        FlowControlProperties f = p.getFlowControl();
        long high = f.getHighWaterMark() == null ? -1 : f.getHighWaterMark().toBytes();
        long low = f.getLowWaterMark() == null ? -1 : f.getLowWaterMark().toBytes();
        if (high < 1) {
            reject(errors, "flowControl.highWaterMark", "flow-control.high-water-mark", "must be positive, was " + f.getHighWaterMark());
        } else if (low < 0 || low >= high) {
            reject(errors, "flowControl.lowWaterMark", "flow-control.low-water-mark",
                    "must be at least 0B and below the high-water mark (" + f.getHighWaterMark() + "), was " + f.getLowWaterMark());
        }
        positive(errors, "flowControl.slowClientTimeout", "flow-control.slow-client-timeout", f.getSlowClientTimeout());
        RecordingProperties r = p.getRecording();
        if (r.getDirectory() != null) {
            directory(errors, "recording.directory", "recording.directory", r.getDirectory());
        }
        if (r.getBuffer() == null || r.getBuffer().toBytes() < 64 * 1024) {
            reject(errors, "recording.buffer", "recording.buffer", "must be at least 64KB, was " + r.getBuffer());
        }
        AuditProperties a = p.getAudit();
        if (a.isEnabled()) {
            if (a.getDirectory() != null) {
                directory(errors, "audit.directory", "audit.directory", a.getDirectory());
            }
            if (a.getFilePrefix() == null || !a.getFilePrefix().matches("[A-Za-z0-9._-]{1,64}")) {
                reject(errors, "audit.filePrefix", "audit.file-prefix", "must be 1 to 64 characters of [A-Za-z0-9._-], was \""
                        + a.getFilePrefix() + "\"");
            }
            if (a.getCapacity() < 1 || a.getCapacity() > 1_000_000) {
                reject(errors, "audit.capacity", "audit.capacity", "must be within 1..1000000, was " + a.getCapacity());
            }
            if (a.getMaxWait() == null || a.getMaxWait().isNegative()) {
                reject(errors, "audit.maxWait", "audit.max-wait", "must not be negative, was " + a.getMaxWait());
            }
            positive(errors, "audit.closeTimeout", "audit.close-timeout", a.getCloseTimeout());
        }
        TimelineSpoolProperties t = p.getTimelineSpool();
        long mem = t.getMemory() == null ? -1 : t.getMemory().toBytes();
        long per = t.getPerTimeline() == null ? -1 : t.getPerTimeline().toBytes();
        long total = t.getTotal() == null ? -1 : t.getTotal().toBytes();
        if (mem < 64 * 1024 || mem > TimelineSpool.MAX_MEMORY_BYTES) {
            reject(errors, "timelineSpool.memory", "timeline-spool.memory", "must be within 64KB..256MB, was " + t.getMemory());
        } else if (per < 4 * mem) {
            reject(errors, "timelineSpool.perTimeline", "timeline-spool.per-timeline",
                    "must be at least 4 times timeline-spool.memory (" + 4 * mem + "B), was " + t.getPerTimeline());
        } else if (total < per) {
            reject(errors, "timelineSpool.total", "timeline-spool.total",
                    "must be at least timeline-spool.per-timeline (" + t.getPerTimeline() + "), was " + t.getTotal());
        }
        String path = p.getWeb().getPath();
        if (path == null || !path.startsWith("/") || path.contains(" ")) {
            reject(errors, "web.path", "web.path", "must start with / and have no spaces, was \"" + path + "\"");
        }
    }

    private static void ports(Errors errors, String kind, Map<String, Integer> map, Set<String> seen) {
        map.forEach((ops, port) -> {
            String name = kind + "." + ops;
            if (ops.isBlank()) {
                reject(errors, kind, name, "the operations type must not be blank");
            } else if (!seen.add(ops)) {
                reject(errors, kind, name, "operations type " + ops + " is mapped by both session-bridge.tcp and session-bridge.udp");
            }
            if (port == null || port < 1 || port > 65535) {
                reject(errors, kind, name, "must be a port within 1..65535, was " + port);
            }
        });
    }

    private static void positive(Errors errors, String field, String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            reject(errors, field, name, "must be positive, was " + d);
        }
    }

    private static void directory(Errors errors, String field, String name, Path dir) {
        if (!Files.isDirectory(dir)) {
            reject(errors, field, name, "must be an existing directory, was " + dir);
        } else if (!Files.isWritable(dir)) {
            reject(errors, field, name, "must be a writable directory, was " + dir);
        }
    }

    /** A global error whose message starts with the property's name, as Spring prints it at start-up. */
    private static void reject(Errors errors, String field, String name, String message) {
        errors.reject(P + name, P + name + " " + message);
    }
}
