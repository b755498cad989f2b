package io.github.sessionbridge.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
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
    @NestedConfigurationProperty
    private final FlowControlProperties flowControl = new FlowControlProperties();
    /** Recording of the live sessions. */
    @NestedConfigurationProperty
    private final RecordingProperties recording = new RecordingProperties();
    /** The audit trail. */
    @NestedConfigurationProperty
    private final AuditProperties audit = new AuditProperties();
    /** The browser endpoint. */
    @NestedConfigurationProperty
    private final WebProperties web = new WebProperties();
    /** Where C-served timelines keep what they received, so the auditor can go back. */
    @NestedConfigurationProperty
    private final TimelineSpoolProperties timelineSpool = new TimelineSpoolProperties();

    /** Made by the binder. */
    public SessionBridgeProperties() {
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
    public FlowControlProperties getFlowControl() {
        return flowControl;
    }

    /** @return the recording settings */
    public RecordingProperties getRecording() {
        return recording;
    }

    /** @return the audit settings */
    public AuditProperties getAudit() {
        return audit;
    }

    /** @return the timeline spool settings */
    public TimelineSpoolProperties getTimelineSpool() {
        return timelineSpool;
    }

    /** @return the browser endpoint settings */
    public WebProperties getWeb() {
        return web;
    }
}
