package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.internal.nio.ReadBudget;
import io.github.sessionbridge.protocol.SessionRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sink contract as Jakarta WebSocket needs it: one send in flight, the end after the last one has
 * completed; flow control counting what waits in the bridge.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SinkContractTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    private LoopbackCServer server;
    private SessionBridge bridge;
    private final ScheduledExecutorService completer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void tearDown() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (server != null) {
            server.close();
        }
        completer.shutdownNow();
        pool.shutdownNow();
    }

    /**
     * A sink like {@code RemoteEndpoint.Async}: a send while the previous one is pending, or an end
     * before it completed, is a violation (Tomcat throws IllegalStateException). Its stages complete
     * later, on another thread.
     */
    static class OneAtATimeSink extends TestSink {
        final AtomicBoolean pending = new AtomicBoolean();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger endsWhilePending = new AtomicInteger();
        final ScheduledExecutorService completer;
        final long delayMicros;

        OneAtATimeSink(ScheduledExecutorService completer, long delayMicros) {
            this.completer = completer;
            this.delayMicros = delayMicros;
        }

        @Override
        CompletionStage<Void> completion(SessionRecord record) {
            if (!pending.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            completer.schedule(() -> {
                pending.set(false);
                f.complete(null);
            }, delayMicros, TimeUnit.MICROSECONDS);
            return f;
        }

        @Override
        public void end(Notice notice) {
            if (pending.get()) {
                endsWhilePending.incrementAndGet();
            }
            super.end(notice);
        }
    }

    @ParameterizedTest(name = "callback executor: {0}")
    @ValueSource(booleans = {false, true})
    void a_sink_has_one_send_in_flight_and_its_end_comes_after_the_last_completed(boolean executor) throws Exception {
        server = new LoopbackCServer(FlowControlTest.numbered(300));
        BridgeConfig.Builder cfg = BridgeConfig.builder().tcp("SSH", server.port());
        if (executor) {
            cfg.callbackExecutor(pool);
        }
        bridge = SessionBridge.create(cfg.build());
        OneAtATimeSink sink = new OneAtATimeSink(completer, 200);
        Bridge b = bridge.monitor(Caller.of("a", "ws"), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(b.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.END);
        assertThat(sink.overlaps).hasValue(0);
        assertThat(sink.endsWhilePending).hasValue(0);
        assertThat(sink.records()).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(sink.records().get(i).timestamp()).isEqualTo(i);
        }
        assertThat(sink.violations()).isEmpty();
    }

    @Test
    void the_slow_client_timeout_fires_while_one_send_stays_pending_and_the_notice_follows_its_completion() throws Exception {
        server = new LoopbackCServer(c -> {
            FlowControlTest.numbered(500).run(c);
            Thread.sleep(15_000);
        });
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port())
                .flowControl(new FlowControl(64 * 1024, 16 * 1024, Duration.ofMillis(800))).build());
        TestSink.Manual sink = new TestSink.Manual();
        long t0 = System.nanoTime();
        Bridge b = bridge.monitor(Caller.of("a", "ws"), "SSH", "slow", sink);
        // the bridge ends on its own, though the client's only send is still pending ...
        assertThat(b.ended().toCompletableFuture().isDone()).isFalse();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (b.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(b.isOpen()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(sink.records()).hasSize(1);
        // ... and tells the client once that send has completed, not before
        Thread.sleep(200);
        assertThat(sink.notices()).isEmpty();
        sink.completeAll();
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.CLIENT_TOO_SLOW, "会话已结束！"));
        // the records still waiting in the bridge were dropped, not sent after the fact
        assertThat(sink.records()).hasSize(1);
        assertThat(b.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_TOO_SLOW);
        assertThat(sink.violations()).isEmpty();
    }

    @Test
    void a_send_that_never_completes_still_gets_its_end_one_slow_client_timeout_later() throws Exception {
        server = new LoopbackCServer(c -> {
            FlowControlTest.numbered(500).run(c);
            Thread.sleep(15_000);
        });
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port())
                .flowControl(new FlowControl(64 * 1024, 16 * 1024, Duration.ofMillis(500))).build());
        TestSink.Manual sink = new TestSink.Manual();
        Bridge b = bridge.monitor(Caller.of("a", "ws"), "SSH", "stuck", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.CLIENT_TOO_SLOW);
        assertThat(b.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_TOO_SLOW);
        assertThat(sink.records()).hasSize(1);
    }

    @Test
    void records_a_stuck_client_never_takes_after_END_make_it_CLIENT_TOO_SLOW_not_a_silent_END() throws Exception {
        server = new LoopbackCServer(FlowControlTest.numbered(20)); // then END
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port())
                .flowControl(FlowControl.DEFAULT.withSlowClientTimeout(Duration.ofMillis(500))).build());
        TestSink.Manual sink = new TestSink.Manual();
        Bridge b = bridge.monitor(Caller.of("a", "ws"), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.CLIENT_TOO_SLOW, "会话已结束！"));
        assertThat(b.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_TOO_SLOW);
        assertThat(sink.records()).hasSize(1);
        assertThat(bridge.stats().records()).isEqualTo(1);
    }

    /** Resuming at a low-water mark far below the high one (64 KiB) or close to it (224 KiB: reads then stay small). */
    @ParameterizedTest(name = "low-water mark {0} KiB")
    @ValueSource(ints = {64, 224})
    void water_marks_still_pause_and_resume_reading_with_the_records_waiting_in_the_bridge(int lowKiB) throws Exception {
        server = new LoopbackCServer(FlowControlTest.numbered(2000)); // 8 MiB
        CountingEndpoint endpoint = new CountingEndpoint(CEndpoint.nio(1));
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port()).endpoint(endpoint)
                .flowControl(FlowControl.DEFAULT.withWaterMarks(256 * 1024, lowKiB * 1024)).build());
        AtomicLong completed = new AtomicLong();
        AtomicLong maxQueued = new AtomicLong();
        OneAtATimeSink sink = new OneAtATimeSink(completer, 100) {
            @Override
            CompletionStage<Void> completion(SessionRecord record) {
                return super.completion(record).thenRun(() -> {
                    long c = completed.addAndGet(record.encodedLength());
                    maxQueued.accumulateAndGet(endpoint.delivered.get() - c, Math::max);
                });
            }
        };
        bridge.monitor(Caller.of("a", "ws"), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.records()).hasSize(2000);
        for (int i = 0; i < 2000; i++) {
            assertThat(new String(sink.records().get(i).content(), 0, 8)).isEqualTo(String.format("%08d", i));
        }
        assertThat(endpoint.pauses).hasValueGreaterThan(0);
        assertThat(endpoint.resumes).hasValueGreaterThan(0);
        // what the bridge holds for the client (waiting or in flight) stays near the high-water mark: above
        // it only by what one read (64 KiB) and one record can add
        assertThat(maxQueued.get()).isLessThan(256 * 1024 + 64 * 1024 + 8 * 1024);
        assertThat(sink.overlaps).hasValue(0);
        assertThat(sink.violations()).isEmpty();
    }

    @Test
    void a_pipelining_sink_may_have_many_sends_pending() throws Exception {
        server = new LoopbackCServer(FlowControlTest.numbered(50));
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port()).build());
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        TestSink sink = new TestSink() {
            @Override
            synchronized CompletionStage<Void> completion(SessionRecord record) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                pending.add(f);
                return f;
            }

            @Override
            public boolean pipelining() {
                return true;
            }
        };
        bridge.monitor(Caller.of("a", "ws"), "SSH", "s-1", sink);
        // all 50 are handed over though none has completed, and the end does not wait for them
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.records()).hasSize(50);
        synchronized (sink) {
            pending.forEach(f -> f.complete(null));
        }
        assertThat(sink.violations()).isEmpty();
    }

    @Test
    void a_sink_that_returns_null_is_a_client_gone_not_a_silent_success() throws Exception {
        server = new LoopbackCServer(FlowControlTest.numbered(20));
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.port()).build());
        TestSink sink = new TestSink() {
            @Override
            CompletionStage<Void> completion(SessionRecord record) {
                return null;
            }
        };
        Bridge b = bridge.monitor(Caller.of("a", "ws"), "SSH", "s-1", sink);
        assertThat(b.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(sink.records()).hasSize(1);
        assertThat(sink.notices()).isEmpty();
    }

    @Test
    void DONE_cannot_be_obtruded_or_completed_by_anyone() {
        // through the future it hands out ...
        ClientSink.DONE.toCompletableFuture().obtrudeException(new IllegalStateException("obtruded"));
        // ... or by a cast: a shared CompletableFuture would now be failed for every sink
        if (ClientSink.DONE instanceof CompletableFuture<?> f) {
            List<Runnable> attempts = List.of(() -> f.cancel(true),
                    () -> f.completeExceptionally(new IllegalStateException("completed")),
                    () -> f.obtrudeException(new IllegalStateException("obtruded")));
            for (Runnable a : attempts) {
                try {
                    a.run();
                } catch (UnsupportedOperationException expected) {
                    // a minimal stage refuses
                }
            }
        }
        CompletableFuture<Void> now = ClientSink.DONE.toCompletableFuture();
        assertThat(now.isDone()).isTrue();
        assertThat(now.isCompletedExceptionally()).isFalse();
        assertThat(now.join()).isNull();
    }

    /** A handler that tells the transport how much it can take, as the bridge's own does. */
    interface BudgetedHandler extends CConnection.Handler, ReadBudget {
    }

    /** The NIO transport, counting the bytes it delivers and the pauses and resumes of reading. */
    static final class CountingEndpoint implements CEndpoint {
        final CEndpoint delegate;
        final AtomicLong delivered = new AtomicLong();
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();

        CountingEndpoint(CEndpoint delegate) {
            this.delegate = delegate;
        }

        @Override
        public CConnection connect(CAddress address, Duration connectTimeout, CConnection.Handler handler) {
            Wrapped w = new Wrapped();
            CConnection inner = delegate.connect(address, connectTimeout, new BudgetedHandler() {
                @Override
                public long readBudget() {
                    return handler instanceof ReadBudget b ? b.readBudget() : 0; // reads as large as unwrapped
                }

                @Override
                public void onConnected(CConnection connection) {
                    w.inner = connection;
                    handler.onConnected(w);
                }

                @Override
                public void onData(ByteBuffer data) {
                    delivered.addAndGet(data.remaining());
                    handler.onData(data);
                }

                @Override
                public void onEndOfStream() {
                    handler.onEndOfStream();
                }

                @Override
                public void onConnectFailed(Exception cause) {
                    handler.onConnectFailed(cause);
                }

                @Override
                public void onError(Exception cause) {
                    handler.onError(cause);
                }
            });
            w.inner = inner;
            return w;
        }

        @Override
        public boolean isEventThread() {
            return delegate.isEventThread();
        }

        @Override
        public void close() {
            delegate.close();
        }

        final class Wrapped implements CConnection {
            volatile CConnection inner;

            @Override
            public boolean isDatagram() {
                return inner.isDatagram();
            }

            @Override
            public void write(ByteBuffer bytes) {
                inner.write(bytes);
            }

            @Override
            public void setReading(boolean reading) {
                (reading ? resumes : pauses).incrementAndGet();
                inner.setReading(reading);
            }

            @Override
            public void close() {
                inner.close();
            }

            @Override
            public void execute(Runnable task) {
                inner.execute(task);
            }

            @Override
            public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
                return inner.schedule(task, delay, unit);
            }
        }
    }
}
