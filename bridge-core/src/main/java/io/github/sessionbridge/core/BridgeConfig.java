package io.github.sessionbridge.core;

import io.github.sessionbridge.core.playback.RecordingPolicy;
import io.github.sessionbridge.protocol.StreamDecoder;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The configuration of a {@link SessionBridge}: immutable, made with {@link #builder()}.
 *
 * <pre>{@code
 * BridgeConfig config = BridgeConfig.builder()
 *     .host("10.0.0.5")
 *     .tcp("SSH", 9001)
 *     .tcp("RDP", 9002)
 *     .accessPolicy(req -> auth.mayAudit(req.caller().principal(), req.sessionId()))
 *     .build();
 * }</pre>
 */
public final class BridgeConfig {

    /** The default text of every notice: {@code 会话已结束！} ("The session has ended!"), as the legacy tier sent. */
    public static final String DEFAULT_NOTICE_TEXT = "会话已结束！";

    private final String host;
    private final Map<String, CAddress> addresses;
    private final Duration connectTimeout;
    private final Duration kickTimeout;
    private final Duration udpIdleTimeout;
    private final int maxRecordSize;
    private final long highWaterMark;
    private final long lowWaterMark;
    private final Duration slowClientTimeout;
    private final Map<EndReason, String> noticeTexts;
    private final AccessPolicy accessPolicy;
    private final BridgeListener listener;
    private final CEndpoint endpoint;
    private final int ioThreads;
    private final Executor callbackExecutor;
    private final RecordingPolicy recordingPolicy;
    private final long recordingBuffer;

    private BridgeConfig(Builder b) {
        this.host = b.host;
        Map<String, CAddress> map = new LinkedHashMap<>();
        b.ports.forEach((ops, port) -> map.put(ops, new CAddress(b.host, port.port, port.transport)));
        this.addresses = Collections.unmodifiableMap(map);
        this.connectTimeout = b.connectTimeout;
        this.kickTimeout = b.kickTimeout;
        this.udpIdleTimeout = b.udpIdleTimeout;
        this.maxRecordSize = b.maxRecordSize;
        this.highWaterMark = b.highWaterMark;
        this.lowWaterMark = b.lowWaterMark;
        this.slowClientTimeout = b.slowClientTimeout;
        this.noticeTexts = Collections.unmodifiableMap(new EnumMap<>(b.noticeTexts));
        this.accessPolicy = b.accessPolicy;
        this.listener = b.listener;
        this.endpoint = b.endpoint;
        this.ioThreads = b.ioThreads;
        this.callbackExecutor = b.callbackExecutor;
        this.recordingPolicy = b.recordingPolicy;
        this.recordingBuffer = b.recordingBuffer;
    }

    /** A new builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The C host. */
    public String host() {
        return host;
    }

    /** Operations type to C address, in the order configured. */
    public Map<String, CAddress> addresses() {
        return addresses;
    }

    /**
     * The C address of an operations type.
     *
     * @throws IllegalArgumentException naming the known types if {@code opsType} is not configured
     */
    public CAddress address(String opsType) {
        Objects.requireNonNull(opsType, "opsType");
        CAddress a = addresses.get(opsType);
        if (a == null) {
            throw new IllegalArgumentException("unknown operations type \"" + opsType + "\" (configured: "
                    + String.join(", ", addresses.keySet()) + ")");
        }
        return a;
    }

    /** How long a connect may take (default 5 s). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long a kick waits for the C server's answer (default 5 s). */
    public Duration kickTimeout() {
        return kickTimeout;
    }

    /** How long a UDP monitor may go without a datagram (default 30 s). */
    public Duration udpIdleTimeout() {
        return udpIdleTimeout;
    }

    /** The largest record length accepted (default 16 MiB). */
    public int maxRecordSize() {
        return maxRecordSize;
    }

    /** Queued bytes above which the bridge stops reading the C connection (default 1 MiB). */
    public long highWaterMark() {
        return highWaterMark;
    }

    /** Queued bytes below which it resumes (default 256 KiB). */
    public long lowWaterMark() {
        return lowWaterMark;
    }

    /** How long a client may stay above the high-water mark (default 30 s). */
    public Duration slowClientTimeout() {
        return slowClientTimeout;
    }

    /** The text of the notice for {@code reason}. */
    public String noticeText(EndReason reason) {
        return noticeTexts.getOrDefault(reason, DEFAULT_NOTICE_TEXT);
    }

    /** The access policy (default: allow all). */
    public AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    /** The event listener (default: none). */
    public BridgeListener listener() {
        return listener;
    }

    /** The transport given, or {@code null} for the default java.nio one. */
    public CEndpoint endpoint() {
        return endpoint;
    }

    /** Selector threads of the default transport (default 1). */
    public int ioThreads() {
        return ioThreads;
    }

    /** Where sink calls run, or {@code null} to run them on the I/O threads (the default). */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** Which monitors are recorded, and where (default: none). */
    public RecordingPolicy recordingPolicy() {
        return recordingPolicy;
    }

    /** How many bytes a recording may fall behind its bridge before it stops (default 8 MiB). */
    public long recordingBuffer() {
        return recordingBuffer;
    }

    private record Port(int port, CAddress.Transport transport) {
    }

    /** Builds a {@link BridgeConfig}. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private final Map<String, Port> ports = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration kickTimeout = Duration.ofSeconds(5);
        private Duration udpIdleTimeout = Duration.ofSeconds(30);
        private int maxRecordSize = StreamDecoder.DEFAULT_MAX_RECORD_SIZE;
        private long highWaterMark = 1024 * 1024;
        private long lowWaterMark = 256 * 1024;
        private Duration slowClientTimeout = Duration.ofSeconds(30);
        private final Map<EndReason, String> noticeTexts = new EnumMap<>(EndReason.class);
        private AccessPolicy accessPolicy = AccessPolicy.ALLOW_ALL;
        private BridgeListener listener = BridgeListener.NONE;
        private CEndpoint endpoint;
        private int ioThreads = 1;
        private Executor callbackExecutor;
        private RecordingPolicy recordingPolicy = RecordingPolicy.none();
        private long recordingBuffer = 8 * 1024 * 1024;

        private Builder() {
        }

        /** The C host (default {@code 127.0.0.1}). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Reach operations type {@code opsType} over TCP on {@code port} (seed: {@code ports[clienttype]}). */
        public Builder tcp(String opsType, int port) {
            return port(opsType, port, CAddress.Transport.TCP);
        }

        /** Reach operations type {@code opsType} over UDP on {@code port} (protocol §3). */
        public Builder udp(String opsType, int port) {
            return port(opsType, port, CAddress.Transport.UDP);
        }

        private Builder port(String opsType, int port, CAddress.Transport transport) {
            Objects.requireNonNull(opsType, "opsType");
            if (opsType.isBlank()) {
                throw new IllegalArgumentException("the operations type must not be blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port of " + opsType + " must be within 1..65535, was " + port);
            }
            if (ports.containsKey(opsType)) {
                throw new IllegalArgumentException("operations type " + opsType + " is already mapped to " + ports.get(opsType));
            }
            ports.put(opsType, new Port(port, transport));
            return this;
        }

        /** Connect timeout (default 5 s, as the seed). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /** Kick response timeout (default 5 s). */
        public Builder kickTimeout(Duration timeout) {
            this.kickTimeout = positive("kickTimeout", timeout);
            return this;
        }

        /** UDP idle timeout (default 30 s). */
        public Builder udpIdleTimeout(Duration timeout) {
            this.udpIdleTimeout = positive("udpIdleTimeout", timeout);
            return this;
        }

        /** Maximum record size, the largest length field accepted (default 16 MiB; 16 bytes at least). */
        public Builder maxRecordSize(int bytes) {
            if (bytes < 16 || bytes > StreamDecoder.MAX_MAX_RECORD_SIZE) {
                throw new IllegalArgumentException("maxRecordSize must be within 16.." + StreamDecoder.MAX_MAX_RECORD_SIZE + ", was " + bytes);
            }
            this.maxRecordSize = bytes;
            return this;
        }

        /** Client high- and low-water marks in bytes (default 1 MiB / 256 KiB). */
        public Builder waterMarks(long high, long low) {
            if (low < 0 || high <= 0 || low > high) {
                throw new IllegalArgumentException("water marks need 0 <= low <= high and high > 0, were high=" + high + " low=" + low);
            }
            this.highWaterMark = high;
            this.lowWaterMark = low;
            return this;
        }

        /** Slow-client timeout (default 30 s). */
        public Builder slowClientTimeout(Duration timeout) {
            this.slowClientTimeout = positive("slowClientTimeout", timeout);
            return this;
        }

        /** The text of the notice for {@code reason} (default {@value BridgeConfig#DEFAULT_NOTICE_TEXT}). */
        public Builder noticeText(EndReason reason, String text) {
            if (!Objects.requireNonNull(reason, "reason").notifiesClient()) {
                throw new IllegalArgumentException(reason + " sends no notice");
            }
            noticeTexts.put(reason, Objects.requireNonNull(text, "text"));
            return this;
        }

        /** The access policy (default: allow all). */
        public Builder accessPolicy(AccessPolicy policy) {
            this.accessPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The event listener (default: none). */
        public Builder listener(BridgeListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The transport (default: {@link CEndpoint#nio(int)} with {@link #ioThreads} threads). It is closed with the bridge. */
        public Builder endpoint(CEndpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** Selector threads of the default transport (default 1, at most 64). */
        public Builder ioThreads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("ioThreads must be within 1..64, was " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /**
         * Runs sink calls on {@code executor} instead of the I/O threads, for sinks that block. Each
         * bridge's calls still run one at a time, in order.
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Records the monitors {@code policy} chooses into recording files while they are relayed (default:
         * none). Writes happen on a writer thread: a slow or full disk stops the recording, never the bridge.
         */
        public Builder recording(RecordingPolicy policy) {
            this.recordingPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How many bytes a recording may fall behind before it stops (default 8 MiB; at least 64 KiB). */
        public Builder recordingBuffer(long bytes) {
            if (bytes < 64 * 1024) {
                throw new IllegalArgumentException("recordingBuffer must be at least 65536, was " + bytes);
            }
            this.recordingBuffer = bytes;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalStateException if no operations type is configured
         */
        public BridgeConfig build() {
            if (ports.isEmpty()) {
                throw new IllegalStateException("no operations type configured: call tcp(opsType, port) or udp(opsType, port)");
            }
            return new BridgeConfig(this);
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
