package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Protocol §4: high/low-water marks, slow clients, and one slow client never delaying another. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlowControlTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    private LoopbackCServer server;
    private SessionBridge bridge;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void tearDown() throws IOException {
        if (bridge != null) {
            bridge.close();
        }
        if (server != null) {
            server.close();
        }
        scheduler.shutdownNow();
    }

    /** Sends {@code count} 4 KiB records numbered in their content, then END. */
    static LoopbackCServer.Script numbered(int count) {
        return c -> {
            byte[] pad = new byte[4096 - 8];
            java.util.Arrays.fill(pad, (byte) '.');
            for (int i = 0; i < count; i++) {
                byte[] content = pad.clone();
                byte[] n = String.format("%08d", i).getBytes();
                System.arraycopy(n, 0, content, 0, 8);
                c.send(UnitEncoder.encode(new TerminalData(i, content)));
            }
            c.send(Control.END);
        };
    }

    @Test
    void a_slow_async_client_pauses_reading_above_the_high_water_mark_and_loses_nothing() throws Exception {
        server = new LoopbackCServer(numbered(2000)); // 8 MiB
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port())
                .flowControl(FlowControl.DEFAULT.withWaterMarks(256 * 1024, 64 * 1024)).build());
        AtomicLong outstanding = new AtomicLong();
        AtomicLong maxOutstanding = new AtomicLong();
        TestSink sink = new TestSink() {
            @Override
            CompletionStage<Void> completion(SessionRecord record) {
                long o = outstanding.addAndGet(record.encodedLength());
                maxOutstanding.accumulateAndGet(o, Math::max);
                CompletableFuture<Void> f = new CompletableFuture<>();
                scheduler.schedule(() -> {
                    outstanding.addAndGet(-record.encodedLength());
                    f.complete(null);
                }, 1, TimeUnit.MILLISECONDS);
                return f;
            }
        };
        bridge.monitor(Caller.of("a", "ws"), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.records()).hasSize(2000);
        for (int i = 0; i < 2000; i++) {
            assertThat(new String(sink.records().get(i).content(), 0, 8)).isEqualTo(String.format("%08d", i));
        }
        // above the mark only by what one read (64 KiB) and one record can add
        assertThat(maxOutstanding.get()).isLessThan(256 * 1024 + 64 * 1024 + 8 * 1024);
        assertThat(sink.violations()).isEmpty();
    }

    @Test
    void a_client_stuck_above_the_mark_ends_with_CLIENT_TOO_SLOW_and_another_client_is_not_delayed() throws Exception {
        server = new LoopbackCServer(c -> {
            if (c.request.endsWith("slow")) {
                numbered(1000).run(c);
                Thread.sleep(10_000);
            } else {
                for (int i = 0; i < 50; i++) {
                    c.send(TerminalData.ofText(i, "tick " + i));
                    Thread.sleep(20);
                }
                c.send(Control.END);
            }
        });
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port())
                .flowControl(new FlowControl(128 * 1024, 32 * 1024, Duration.ofMillis(3000))).build());
        TestSink.Manual slow = new TestSink.Manual(); // never completes a send
        TestSink fast = new TestSink();
        long t0 = System.nanoTime();
        bridge.monitor(Caller.of("a", "ws-slow"), "SSH", "slow", slow);
        bridge.monitor(Caller.of("b", "ws-fast"), "SSH", "fast", fast);
        assertThat(fast.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(fast.records()).hasSize(50);
        // the fast client finished at about its own pace (50 x 20 ms), not held up by the slow one: before the
        // slow one's timeout (3 s, a margin for a loaded 2-core machine) ended it
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2900));
        assertThat(slow.endedWithin(Duration.ZERO)).as("the slow client was still waiting").isFalse();
        Notice n = slow.awaitEnd(WAIT);
        assertThat(n).isEqualTo(new Notice(5, EndReason.CLIENT_TOO_SLOW, "会话已结束！"));
        // reading stopped: far fewer than all 1000 records were handed to the slow sink
        assertThat(slow.records().size()).isLessThan(100);
    }

    @Test
    void a_failing_send_means_the_client_is_gone_no_notice() throws Exception {
        server = new LoopbackCServer(numbered(100));
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port()).build());
        TestSink sink = new TestSink() {
            @Override
            CompletionStage<Void> completion(SessionRecord record) {
                return CompletableFuture.failedFuture(new IOException("websocket closed"));
            }
        };
        Bridge b = bridge.monitor(Caller.of("a", "ws"), "SSH", "s-1", sink);
        assertThat(b.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(sink.notices()).isEmpty();
    }

    @Test
    void a_callback_executor_runs_blocking_sinks_in_order_off_the_io_thread() throws Exception {
        server = new LoopbackCServer(numbered(300));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port())
                    .flowControl(FlowControl.DEFAULT.withWaterMarks(64 * 1024, 16 * 1024)).callbackExecutor(pool).build());
            java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            TestSink sink = new TestSink() {
                @Override
                CompletionStage<Void> completion(SessionRecord record) {
                    threads.add(Thread.currentThread().getName());
                    try {
                        Thread.sleep(0, 200_000); // a blocking send
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return DONE;
                }
            };
            bridge.monitor(Caller.of("a", "ws"), "SSH", "s-1", sink);
            assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
            assertThat(sink.records()).hasSize(300);
            for (int i = 0; i < 300; i++) {
                assertThat(sink.records().get(i).timestamp()).isEqualTo(i);
            }
            assertThat(sink.violations()).isEmpty();
            assertThat(threads).noneMatch(t -> t.startsWith("session-bridge-io"));
        } finally {
            pool.shutdownNow();
        }
    }
}
