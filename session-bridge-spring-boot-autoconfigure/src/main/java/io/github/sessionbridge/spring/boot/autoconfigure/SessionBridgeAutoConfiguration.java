package io.github.sessionbridge.spring.boot.autoconfigure;

import io.github.sessionbridge.core.AccessPolicy;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.BridgeListener;
import io.github.sessionbridge.core.BridgeTap;
import io.github.sessionbridge.core.FlowControl;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.TimelineSpool;
import io.github.sessionbridge.core.audit.AuditOptions;
import io.github.sessionbridge.core.audit.AuditSink;
import io.github.sessionbridge.core.audit.AuditTrail;
import io.github.sessionbridge.core.audit.JsonLinesAuditWriter;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingTap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a {@link SessionBridge} from {@code session-bridge.*} ({@link SessionBridgeProperties}),
 * each bean only when the application has none of its own ({@code @ConditionalOnMissingBean}):
 * <ul>
 * <li>the {@link SessionBridge}, with the application's {@link AccessPolicy} bean (else allow-all, logged at
 *     WARN), every {@link BridgeListener} and {@link BridgeTap} bean, the recording tap of
 *     {@code session-bridge.recording.directory}, the audit trail, and the {@link Executor} bean named
 *     {@value #CALLBACK_EXECUTOR} as callback executor if there is one;</li>
 * <li>the {@link AuditTrail}, delivering to the JSON-lines files of {@code session-bridge.audit.directory},
 *     to Spring's event bus ({@link SpringAuditEventPublisher}) and to every {@link AuditSink} bean;</li>
 * <li>the {@link SessionBridgeLifecycle} closing the bridge tier before the web server stops.</li>
 * </ul>
 * The browser endpoint comes from {@link SessionBridgeWebAutoConfiguration} (with bridge-web and Spring
 * WebSocket), Micrometer meters and the Actuator health indicator from
 * {@link SessionBridgeMetricsAutoConfiguration} and {@link SessionBridgeHealthAutoConfiguration} when those
 * libraries are present.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "session-bridge", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SessionBridgeProperties.class)
public class SessionBridgeAutoConfiguration {
    /** The name of the {@link Executor} bean used as the bridges' callback executor, if there is one. */
    public static final String CALLBACK_EXECUTOR = "sessionBridgeCallbackExecutor";

    private static final Logger log = LoggerFactory.getLogger(SessionBridgeAutoConfiguration.class);

    /** Made by Spring. */
    public SessionBridgeAutoConfiguration() {
    }

    /**
     * The daily JSON-lines audit files, when {@code session-bridge.audit.directory} is set.
     *
     * @param props the settings
     * @return the writer; closed after the trail
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "session-bridge.audit", name = "directory")
    public JsonLinesAuditWriter sessionBridgeAuditWriter(SessionBridgeProperties props) {
        AuditProperties a = props.getAudit();
        return JsonLinesAuditWriter.daily(a.getDirectory(), a.getFilePrefix(), a.getFsync());
    }

    /**
     * The audit trail, unless {@code session-bridge.audit.enabled=false}.
     *
     * @param props     the settings
     * @param publisher Spring's event publisher
     * @param sinks     the {@link AuditSink} beans (the JSON-lines writer among them)
     * @return the trail; closed after the bridge tier, so the shutdown's events reach the sinks
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "session-bridge.audit", name = "enabled", matchIfMissing = true)
    public AuditTrail sessionBridgeAuditTrail(SessionBridgeProperties props, ApplicationEventPublisher publisher,
                                              ObjectProvider<AuditSink> sinks) {
        AuditProperties a = props.getAudit();
        List<AuditSink> all = new ArrayList<>(sinks.orderedStream().toList());
        if (a.isPublishEvents()) {
            all.add(new SpringAuditEventPublisher(publisher));
        }
        return AuditTrail.start(new CompositeAuditSink(all),
                new AuditOptions(a.getCapacity(), a.getOverflow(), a.getMaxWait(), a.getCloseTimeout()));
    }

    /**
     * The bridge tier.
     *
     * @param props     the settings
     * @param policy    the access policy bean, if any
     * @param listeners the listener beans (the Micrometer meters among them)
     * @param taps      the tap beans
     * @param audit     the audit trail, if any
     * @param executor  the callback executor, if any
     * @param recording what the recording policy is wrapped in (the Micrometer meters count recordings)
     * @return the running bridge tier
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SessionBridge sessionBridge(SessionBridgeProperties props, ObjectProvider<AccessPolicy> policy,
                                       ObjectProvider<BridgeListener> listeners, ObjectProvider<BridgeTap> taps,
                                       ObjectProvider<AuditTrail> audit,
                                       @Qualifier(CALLBACK_EXECUTOR) ObjectProvider<Executor> executor,
                                       ObjectProvider<RecordingPolicyDecorator> recording) {
        BridgeConfig.Builder b = BridgeConfig.builder().host(props.getHost());
        props.getTcp().forEach(b::tcp);
        props.getUdp().forEach(b::udp);
        b.connectTimeout(props.getConnectTimeout()).kickTimeout(props.getKickTimeout())
                .udpIdleTimeout(props.getUdpIdleTimeout()).maxRecordSize((int) props.getMaxRecordSize().toBytes())
                .ioThreads(props.getIoThreads());
        FlowControlProperties f = props.getFlowControl();
        b.flowControl(new FlowControl(f.getHighWaterMark().toBytes(), f.getLowWaterMark().toBytes(), f.getSlowClientTimeout()));
        AccessPolicy p = policy.getIfAvailable();
        if (p == null) {
            log.warn("no AccessPolicy bean: every authenticated caller may watch and kick every session "
                    + "(declare an AccessPolicy bean to decide who may)");
        } else {
            b.accessPolicy(p);
        }
        b.listener(CompositeListener.of(listeners.orderedStream().toList()));
        taps.orderedStream().forEach(b::tap);
        if (props.getRecording().getDirectory() != null) {
            RecordingPolicy rp = RecordingPolicy.all(props.getRecording().getDirectory());
            for (RecordingPolicyDecorator d : recording.orderedStream().toList()) {
                rp = d.apply(rp);
            }
            b.tap(RecordingTap.of(rp, props.getRecording().getBuffer().toBytes()));
        }
        TimelineSpoolProperties t = props.getTimelineSpool();
        b.timelineSpool(new TimelineSpool(t.getDirectory() != null ? t.getDirectory() : TimelineSpool.DEFAULT.directory(),
                t.getMemory().toBytes(), t.getPerTimeline().toBytes(), t.getTotal().toBytes()));
        audit.ifAvailable(b::audit);
        executor.ifAvailable(b::callbackExecutor);
        return SessionBridge.create(b.build());
    }

    /**
     * Closes the bridge tier before the web server stops.
     *
     * @param bridge the bridge tier
     * @return the lifecycle bean
     */
    @Bean
    @ConditionalOnMissingBean
    public SessionBridgeLifecycle sessionBridgeLifecycle(SessionBridge bridge) {
        return new SessionBridgeLifecycle(bridge);
    }

    /** Wraps the recording policy of {@code session-bridge.recording.directory} (as the meters do, to count). */
    @FunctionalInterface
    public interface RecordingPolicyDecorator extends UnaryOperator<RecordingPolicy> {
    }
}
