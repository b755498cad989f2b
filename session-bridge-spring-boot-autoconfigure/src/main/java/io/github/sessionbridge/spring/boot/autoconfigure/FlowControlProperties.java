package io.github.sessionbridge.spring.boot.autoconfigure;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** Flow control toward each browser: {@code session-bridge.flow-control.*}, a group of {@link SessionBridgeProperties}. */
public class FlowControlProperties {
    /** Bytes queued toward a browser above which reading from the C server pauses. */
    private DataSize highWaterMark = DataSize.ofMegabytes(1);
    /** Bytes queued below which reading resumes. */
    private DataSize lowWaterMark = DataSize.ofKilobytes(256);
    /** How long a browser may keep reading paused before it is ended as too slow. */
    private Duration slowClientTimeout = Duration.ofSeconds(30);

    /** Made by the binder. */
    public FlowControlProperties() {
    }

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
