package io.github.sessionbridge.core;

import io.github.sessionbridge.core.internal.Durations;
import io.github.sessionbridge.protocol.StreamDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

// Over 400 lines: every option of the session bridge documented once, on its builder method (about 240 lines
// are code).
/**
 * The configuration of a {@link SessionBridge}: immutable, made with {@link #builder()}. Each option is
 * documented once, on its {@link Builder} method; the getters link there.
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

    /**
     * The default text of every notice: {@code 会话已结束！} ("The session has ended!").
     */
    public static final String DEFAULT_NOTICE_TEXT = "会话已结束！";

    private final String host;
    private final Map<String, CAddress> addresses;
    private final Duration connectTimeout;
    private final Duration kickTimeout;
    private final Duration udpIdleTimeout;
    private final int maxRecordSize;
    private final FlowControl flowControl;
    private final NoticeTexts noticeTexts;
    private final AccessPolicy accessPolicy;
    private final BridgeListener listener;
    private final CEndpoint endpoint;
    private final int ioThreads;
    private final Executor callbackExecutor;
    private final List<BridgeTap> taps;
    private final BridgeAudit audit;
    private final TimelineSpool timelineSpool;

    private BridgeConfig(Builder b) {
        this.host = b.host;
        Map<String, CAddress> map = new LinkedHashMap<>();
        b.ports.forEach((ops, port) -> map.put(ops, new CAddress(b.host, port.port, port.transport)));
        this.addresses = Collections.unmodifiableMap(map);
        this.connectTimeout = b.connectTimeout;
        this.kickTimeout = b.kickTimeout;
        this.udpIdleTimeout = b.udpIdleTimeout;
        this.maxRecordSize = b.maxRecordSize;
        this.flowControl = b.flowControl;
        this.noticeTexts = b.noticeTexts.copy();
        this.accessPolicy = b.accessPolicy;
        this.listener = b.listener;
        this.endpoint = b.endpoint;
        this.ioThreads = b.ioThreads;
        this.callbackExecutor = b.callbackExecutor;
        this.taps = List.copyOf(b.taps);
        this.audit = b.audit;
        this.timelineSpool = b.timelineSpool;
    }

    /**
     * A new builder with every default.
     *
     * @return a builder with no operations type yet: {@link Builder#build()} needs at least one
     *         {@link Builder#tcp} or {@link Builder#udp}
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the C host} See {@link Builder#host}. */
    public String host() {
        return host;
    }

    /** {@return each operations type's C address, in the order configured; unmodifiable} See {@link Builder#tcp}. */
    public Map<String, CAddress> addresses() {
        return addresses;
    }

    /**
     * The C address of an operations type.
     *
     * @param opsType an operations type, exactly as configured (case-sensitive)
     * @return where the C server for {@code opsType} listens
     * @throws NullPointerException     if {@code opsType} is null
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

    /** {@return the connect timeout} See {@link Builder#connectTimeout}. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return the kick response timeout} See {@link Builder#kickTimeout}. */
    public Duration kickTimeout() {
        return kickTimeout;
    }

    /** {@return the UDP idle timeout} See {@link Builder#udpIdleTimeout}. */
    public Duration udpIdleTimeout() {
        return udpIdleTimeout;
    }

    /** {@return the largest record length accepted} See {@link Builder#maxRecordSize}. */
    public int maxRecordSize() {
        return maxRecordSize;
    }

    /** {@return the flow control toward each client} See {@link Builder#flowControl}. */
    public FlowControl flowControl() {
        return flowControl;
    }

    /**
     * The text of the notice for {@code reason}; see {@link Builder#noticeText}.
     *
     * @param reason why a bridge ended; not null
     * @return the text set for {@code reason}, else {@link #DEFAULT_NOTICE_TEXT}
     */
    public String noticeText(EndReason reason) {
        return noticeTexts.text(reason);
    }

    /** {@return the access policy} See {@link Builder#accessPolicy}. */
    public AccessPolicy accessPolicy() {
        return accessPolicy;
    }

    /** {@return the event listener} See {@link Builder#listener}. */
    public BridgeListener listener() {
        return listener;
    }

    /** {@return the transport given, or {@code null} for the default java.nio one} See {@link Builder#endpoint}. */
    public CEndpoint endpoint() {
        return endpoint;
    }

    /** {@return the selector threads of the default transport} See {@link Builder#ioThreads}. */
    public int ioThreads() {
        return ioThreads;
    }

    /** {@return where sink calls run, or {@code null} for the I/O threads} See {@link Builder#callbackExecutor}. */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** {@return the taps, in the order added; immutable} See {@link Builder#tap}. */
    public List<BridgeTap> taps() {
        return taps;
    }

    /** {@return the audit trail} See {@link Builder#audit}. */
    public BridgeAudit audit() {
        return audit;
    }

    /** {@return the timelines' spool settings} See {@link Builder#timelineSpool}. */
    public TimelineSpool timelineSpool() {
        return timelineSpool;
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
        private FlowControl flowControl = FlowControl.DEFAULT;
        private final NoticeTexts noticeTexts = new NoticeTexts();
        private AccessPolicy accessPolicy = AccessPolicy.ALLOW_ALL;
        private BridgeListener listener = BridgeListener.NONE;
        private CEndpoint endpoint;
        private int ioThreads = 1;
        private Executor callbackExecutor;
        private final List<BridgeTap> taps = new ArrayList<>();
        private BridgeAudit audit = BridgeAudit.NONE;
        private TimelineSpool timelineSpool = TimelineSpool.DEFAULT;

        private Builder() {
        }

        /**
         * The C host (default {@code 127.0.0.1}). It applies to every operations type, whether set before
         * or after {@link #tcp} and {@link #udp}.
         *
         * @param host the C server's host name or IP address; a name is resolved each time a connection is
         *             made, and one that does not resolve ends the monitor with {@link EndReason#CONNECT_FAILED}
         * @return this builder
         * @throws NullPointerException     if {@code host} is null
         * @throws IllegalArgumentException if {@code host} is blank or has white space around it
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank() || !host.strip().equals(host)) {
                throw new IllegalArgumentException("the C host must be a host name or IP address, was \"" + host + "\"");
            }
            this.host = host;
            return this;
        }

        /**
         * Reach operations type {@code opsType} over TCP on {@code port}.
         *
         * @param opsType the operations type as clients name it (SSH, RDP, ...): not blank, case-sensitive,
         *                and not already mapped by {@code tcp} or {@link #udp}
         * @param port    the TCP port the C server listens on for {@code opsType}, 1 to 65535
         * @return this builder
         * @throws NullPointerException     if {@code opsType} is null
         * @throws IllegalArgumentException if {@code opsType} is blank or already mapped, or {@code port} is
         *                                  out of range
         */
        public Builder tcp(String opsType, int port) {
            return port(opsType, port, CAddress.Transport.TCP);
        }

        /**
         * Reach operations type {@code opsType} over UDP on {@code port} (protocol §3).
         *
         * @param opsType the operations type as clients name it (VNC, ...): not blank, case-sensitive, and
         *                not already mapped by {@link #tcp} or {@code udp}
         * @param port    the UDP port the C server receives requests on for {@code opsType}, 1 to 65535
         * @return this builder
         * @throws NullPointerException     if {@code opsType} is null
         * @throws IllegalArgumentException if {@code opsType} is blank or already mapped, or {@code port} is
         *                                  out of range
         */
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
                Port mapped = ports.get(opsType);
                throw new IllegalArgumentException("operations type " + opsType + " is already mapped to "
                        + mapped.transport() + " port " + mapped.port());
            }
            ports.put(opsType, new Port(port, transport));
            return this;
        }

        /**
         * Connect timeout (default 5 s).
         *
         * @param timeout the longest a C connection may take to be established, for monitors and kicks;
         *                positive
         * @return this builder
         * @throws NullPointerException     if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Durations.positive("connectTimeout", timeout);
            return this;
        }

        /**
         * Kick response timeout (default 5 s).
         *
         * @param timeout the longest a kick waits, once its request is sent, for the C server's {@code '3'}
         *                or {@code '5'} before failing with {@link EndReason#TIMEOUT}; positive
         * @return this builder
         * @throws NullPointerException     if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder kickTimeout(Duration timeout) {
            this.kickTimeout = Durations.positive("kickTimeout", timeout);
            return this;
        }

        /**
         * UDP idle timeout (default 30 s).
         *
         * @param timeout the longest a UDP monitor may receive no datagram before it ends with
         *                {@link EndReason#IDLE_TIMEOUT}; positive
         * @return this builder
         * @throws NullPointerException     if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder udpIdleTimeout(Duration timeout) {
            this.udpIdleTimeout = Durations.positive("udpIdleTimeout", timeout);
            return this;
        }

        /**
         * Maximum record size, the largest length field accepted (default 16 MiB; 16 bytes at least).
         *
         * @param bytes the largest record length (timestamp and content) accepted from the C server, from 16
         *              (the smallest screen frame) to {@link StreamDecoder#MAX_MAX_RECORD_SIZE}; a larger
         *              length is a protocol error
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is out of range
         */
        public Builder maxRecordSize(int bytes) {
            if (bytes < 16 || bytes > StreamDecoder.MAX_MAX_RECORD_SIZE) {
                throw new IllegalArgumentException("maxRecordSize must be within 16.." + StreamDecoder.MAX_MAX_RECORD_SIZE + ", was " + bytes);
            }
            this.maxRecordSize = bytes;
            return this;
        }

        /**
         * Flow control toward each client (default {@link FlowControl#DEFAULT}), as {@link FlowControl} says.
         *
         * @param flowControl the water marks and slow-client timeout; not null
         * @return this builder
         * @throws NullPointerException if {@code flowControl} is null
         */
        public Builder flowControl(FlowControl flowControl) {
            this.flowControl = Objects.requireNonNull(flowControl, "flowControl");
            return this;
        }

        /**
         * The text of the notice for {@code reason} (default {@value BridgeConfig#DEFAULT_NOTICE_TEXT}).
         * A later call for the same reason replaces the text.
         *
         * @param reason a reason that sends a notice: any but {@link EndReason#CLIENT_GONE}
         * @param text   what the notice tells the operator when a bridge ends for {@code reason}
         * @return this builder
         * @throws NullPointerException     if {@code reason} or {@code text} is null
         * @throws IllegalArgumentException if {@code reason} sends no notice
         */
        public Builder noticeText(EndReason reason, String text) {
            noticeTexts.put(reason, text);
            return this;
        }

        /**
         * The access policy (default: allow all).
         *
         * @param policy decides, on the calling thread, whether each monitor and kick may go ahead
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder accessPolicy(AccessPolicy policy) {
            this.accessPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The event listener (default: none). There is one; a later call replaces it.
         *
         * @param listener told of opened and ended monitors, protocol errors and finished kicks, for metrics
         *                 and audit
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder listener(BridgeListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The transport (default: {@link CEndpoint#nio(int)} with {@link #ioThreads} threads). It is closed
         * with the bridge.
         *
         * @param endpoint opens the C connections; it belongs to the {@link SessionBridge} made with this
         *                 configuration, which closes it when it is closed, so it is not to be shared
         * @return this builder
         * @throws NullPointerException if {@code endpoint} is null
         */
        public Builder endpoint(CEndpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Selector threads of the default transport (default 1, at most 64).
         *
         * @param threads how many selector threads the default transport starts, each serving many
         *                connections, 1 to 64; ignored when a transport is given with {@link #endpoint}
         * @return this builder
         * @throws IllegalArgumentException if {@code threads} is out of range
         */
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
         *
         * @param executor runs the {@link ClientSink} calls, and what follows a bridge's last one
         *                 ({@link BridgeListener#ended}, {@link Bridge#ended()}); if it rejects a task, that
         *                 bridge's pending calls run on the submitting thread instead
         * @return this builder
         * @throws NullPointerException if {@code executor} is null
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Adds a tap that sees the records of every bridge while they are relayed: a recording of live
         * sessions ({@code .tap(RecordingTap.of(RecordingPolicy.all(dir)))}, see
         * {@link io.github.sessionbridge.core.recording.RecordingTap}), an audit or a metric. Taps are asked in
         * the order they were added; a tap is never allowed to slow or end a bridge (see {@link BridgeTap}).
         *
         * @param tap the tap to add; the same tap may be added once only
         * @return this builder
         * @throws NullPointerException if {@code tap} is null
         * @throws IllegalArgumentException if {@code tap} was already added
         */
        public Builder tap(BridgeTap tap) {
            Objects.requireNonNull(tap, "tap");
            if (taps.contains(tap)) {
                throw new IllegalArgumentException("tap already added: " + tap);
            }
            taps.add(tap);
            return this;
        }

        /**
         * The audit trail (default: none), normally an {@link io.github.sessionbridge.core.audit.AuditTrail}:
         * every monitor and kick is then audited ({@link io.github.sessionbridge.core.audit.AuditEvent}). A
         * watch allowed gives {@code WatchStarted} and, however it ends, {@code WatchEnded}; a kick allowed gives
         * {@code KickRequested} and {@code KickAnswered}; a request the access policy denies gives
         * {@code AccessDenied}; each exactly once. Under
         * {@link io.github.sessionbridge.core.audit.AuditOptions.Overflow#BACK_PRESSURE} a request the trail has
         * no room for is refused like a denied one ({@link EndReason#FORBIDDEN}, audited as {@code AccessDenied}
         * with {@code AUDIT_FULL}), after waiting on the calling thread.
         *
         * <p>The host owns the trail: close it after the {@link SessionBridge}, which does not close it, so the
         * {@code WatchEnded} of the watches ended by the shutdown still reach the sink.
         *
         * @param audit the audit trail, which the host may share with its audited playbacks
         * @return this builder
         * @throws NullPointerException if {@code audit} is null
         */
        public Builder audit(BridgeAudit audit) {
            this.audit = Objects.requireNonNull(audit, "audit");
            return this;
        }

        /**
         * Where {@linkplain Timeline timelines} spool what they receive, and how much (default
         * {@link TimelineSpool#DEFAULT}).
         *
         * @param spool the directory and bounds
         * @return this builder
         * @throws NullPointerException if {@code spool} is null
         */
        public Builder timelineSpool(TimelineSpool spool) {
            this.timelineSpool = Objects.requireNonNull(spool, "spool");
            return this;
        }

        /**
         * The configuration.
         *
         * @return a new immutable configuration with what this builder holds; later changes to the builder do
         *         not affect it
         * @throws IllegalStateException if no operations type is configured
         */
        public BridgeConfig build() {
            if (ports.isEmpty()) {
                throw new IllegalStateException("no operations type configured: call tcp(opsType, port) or udp(opsType, port)");
            }
            return new BridgeConfig(this);
        }
    }
}
