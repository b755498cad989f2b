package io.github.sessionbridge.testkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.FlowControl;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Flow control never stalls a client that keeps up: records larger than the high-water mark (a big
 * screen frame), with sinks that complete at once in every way a host may, on the I/O thread or on a
 * callback executor. A client that really is too slow is the fault matrix's business.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackpressureTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    /** A sink that completes every send at once, but with its own completed future rather than {@code DONE}. */
    static final class CompletedFutureSink implements ClientSink {
        final RecordingClientSink inner = new RecordingClientSink();

        @Override
        public CompletionStage<Void> send(SessionRecord record) {
            inner.send(record);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void end(Notice notice) {
            inner.end(notice);
        }
    }

    @Test
    void records_larger_than_the_high_water_mark_do_not_stall_a_client_that_keeps_up() throws Exception {
        ExecutorService host = Executors.newFixedThreadPool(2);
        try (FakeCServer fake = FakeCServer.builder().start()) {
            // 8 KiB high-water mark; records of 20 KiB (each alone above it), then small ones
            List<SessionRecord> records = new ArrayList<>(Seq.records("big", 0, 6, 20 * 1024));
            records.addAll(Seq.records("big", 6, 30, 100));
            fake.session("big").sendsAll(records).then(Ending.END);
            for (boolean executor : new boolean[] {false, true}) {
                for (int kind = 0; kind < 2; kind++) {
                    BridgeConfig.Builder cfg = fake.bridgeConfig().flowControl(new FlowControl(8 * 1024, 2 * 1024, Duration.ofSeconds(2)));
                    if (executor) {
                        cfg.callbackExecutor(host);
                    }
                    try (SessionBridge sb = SessionBridge.create(cfg.build())) {
                        CompletedFutureSink cf = new CompletedFutureSink();
                        RecordingClientSink done = new RecordingClientSink();
                        RecordingClientSink recorded = kind == 0 ? done : cf.inner;
                        Bridge b = sb.monitor(Caller.of("u", "ws"), "SSH", "big", kind == 0 ? done : cf);
                        String what = (kind == 0 ? "ClientSink.DONE" : "a completed future") + (executor ? " on an executor" : "");
                        assertThat(b.ended().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                                .as("%s: %s", what, recorded).isEqualTo(EndReason.END);
                        recorded.awaitNotice(WAIT);
                        assertThat(recorded.notices()).as(what).containsExactly(Notice.of(EndReason.END, "会话已结束！"));
                        assertThat(recorded.records()).as(what).isEqualTo(records);
                    }
                }
            }
        } finally {
            host.shutdownNow();
        }
    }
}
