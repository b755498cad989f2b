package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.audit.AuditStats;
import io.github.sessionbridge.core.audit.AuditTrail;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The health of a {@link SessionBridge}: each TCP port of the C server is reachable (a TCP connect with a
 * short timeout, closed at once without a request; the result is cached), the recording directory is a
 * writable directory (a file is created and deleted in it), and the bridge tier is not closed. UDP ports
 * cannot be probed without a request and are reported as not checked. DOWN if any check fails; the details
 * name each operations type, the directory and the audit trail's counters.
 */
public final class SessionBridgeHealthIndicator implements HealthIndicator {
    private final SessionBridge bridge;
    private final Path recordingDirectory;
    private final AuditTrail audit;
    private final Duration connectTimeout;
    private final Duration cacheFor;
    private final Map<CAddress, Probe> probes = new ConcurrentHashMap<>();

    private record Probe(long atNanos, String error) {
    }

    /**
     * A health indicator.
     *
     * @param bridge             the bridge tier whose C addresses are probed
     * @param recordingDirectory the recording directory to check, or {@code null}
     * @param audit              the audit trail whose counters are shown, or {@code null}
     * @param connectTimeout     how long a probe's connect may take
     * @param cacheFor           how long a probe's result is reused
     */
    public SessionBridgeHealthIndicator(SessionBridge bridge, Path recordingDirectory, AuditTrail audit,
                                        Duration connectTimeout, Duration cacheFor) {
        this.bridge = bridge;
        this.recordingDirectory = recordingDirectory;
        this.audit = audit;
        this.connectTimeout = connectTimeout;
        this.cacheFor = cacheFor;
    }

    @Override
    public Health health() {
        boolean up = !bridge.isClosed();
        Map<String, Object> ports = new LinkedHashMap<>();
        for (Map.Entry<String, CAddress> e : bridge.config().addresses().entrySet()) {
            CAddress a = e.getValue();
            if (a.transport() == CAddress.Transport.UDP) {
                ports.put(e.getKey(), "not checked (UDP " + a.port() + ")");
                continue;
            }
            String error = probe(a).error();
            up &= error == null;
            ports.put(e.getKey(), error == null ? "reachable (" + a.host() + ":" + a.port() + ")" : error);
        }
        Health.Builder h = new Health.Builder().withDetail("ports", ports).withDetail("active", bridge.activeCount());
        if (recordingDirectory != null) {
            String problem = writable(recordingDirectory);
            up &= problem == null;
            h.withDetail("recordingDirectory", problem == null ? "writable (" + recordingDirectory + ")" : problem);
        }
        if (audit != null) {
            AuditStats s = audit.stats();
            h.withDetail("audit", Map.of("delivered", s.delivered(), "dropped", s.dropped(), "failed", s.failed(),
                    "refused", s.refused(), "queued", s.queued()));
        }
        if (bridge.isClosed()) {
            h.withDetail("closed", true);
        }
        return (up ? h.up() : h.down()).build();
    }

    private Probe probe(CAddress a) {
        long now = System.nanoTime();
        Probe p = probes.get(a);
        if (p != null && now - p.atNanos() < cacheFor.toNanos()) {
            return p;
        }
        String error = null;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(a.host(), a.port()), (int) Math.max(1, connectTimeout.toMillis()));
        } catch (IOException | RuntimeException e) {
            error = "unreachable (" + a.host() + ":" + a.port() + "): " + e;
        }
        p = new Probe(System.nanoTime(), error);
        probes.put(a, p);
        return p;
    }

    private static String writable(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "not a directory: " + dir;
        }
        try {
            Files.delete(Files.createTempFile(dir, ".health-", ".tmp"));
            return null;
        } catch (IOException | RuntimeException e) {
            return "not writable (" + dir + "): " + e;
        }
    }
}
