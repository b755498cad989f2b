package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingResult;
import io.github.sessionbridge.core.recording.RecordingTap;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Host code that throws (an {@link Error} as much as a {@link RuntimeException}) never strands a bridge or
 * a kick: every callback's failure is contained, the bridge's state is completed, its client is told, and
 * only a {@link VirtualMachineError} propagates, after that cleanup.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostCallbackFailureTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final long TS = 1_700_000_000_000L;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private LoopbackCServer server(LoopbackCServer.Script script) throws IOException {
        LoopbackCServer s = new LoopbackCServer(script);
        closeables.add(s);
        return s;
    }

    private LoopbackCServer relayingOneRecord() throws IOException {
        return server(c -> {
            c.send(TerminalData.ofText(TS, "hello"));
            Thread.sleep(50);
            c.send(Control.END);
        });
    }

    private SessionBridge bridge(BridgeConfig.Builder b) {
        SessionBridge sb = SessionBridge.create(b.build());
        closeables.add(0, sb);
        return sb;
    }

    private static Caller alice() {
        return Caller.of("alice", "ws-1");
    }

    private static EndReason ended(Bridge b) throws Exception {
        return b.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_listener_whose_opened_throws_an_AssertionError_leaves_the_bridge_working() throws Exception {
        LoopbackCServer c = relayingOneRecord();
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).listener(new BridgeListener() {
            @Override
            public void opened(Bridge bridge) {
                throw new AssertionError("host bug in opened");
            }
        }));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.text()).isEqualTo("hello");
        assertThat(ended(b)).isEqualTo(EndReason.END);
        assertThat(sb.activeCount()).isZero();
    }

    @Test
    void a_virtual_machine_error_in_opened_propagates_after_the_bridge_ended_and_its_client_was_told() throws Exception {
        LoopbackCServer c = relayingOneRecord();
        List<EndReason> heard = new ArrayList<>();
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).listener(new BridgeListener() {
            @Override
            public void opened(Bridge bridge) {
                throw new OutOfMemoryError("simulated");
            }

            @Override
            public void ended(Bridge bridge, EndReason reason, long records, long bytes) {
                heard.add(reason);
            }
        }));
        TestSink sink = new TestSink();
        assertThatThrownBy(() -> sb.monitor(alice(), "SSH", "s-1", sink)).isInstanceOf(OutOfMemoryError.class);
        assertThat(sink.notices()).singleElement().satisfies(n -> {
            assertThat(n.reason()).isEqualTo(EndReason.INTERNAL_ERROR);
            assertThat(n.code()).isEqualTo(5);
        });
        assertThat(sb.activeCount()).isZero();
        assertThat(sb.bridges()).isEmpty();
        assertThat(heard).containsExactly(EndReason.INTERNAL_ERROR);
        assertThat(sb.stats().endedByReason().get(EndReason.INTERNAL_ERROR)).isEqualTo(1);
        Thread.sleep(300);
        assertThat(c.connectionCount()).as("no C connection for a bridge that never started").isZero();
    }

    @Test
    void a_listener_whose_ended_throws_still_completes_the_bridge() throws Exception {
        LoopbackCServer c = relayingOneRecord();
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).listener(new BridgeListener() {
            @Override
            public void ended(Bridge bridge, EndReason reason, long records, long bytes) {
                throw new AssertionError("host bug in ended");
            }
        }));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(ended(b)).isEqualTo(EndReason.END);
        assertThat(sb.activeCount()).isZero();
        assertThat(sb.stats().endedByReason().get(EndReason.END)).isEqualTo(1);
    }

    @Test
    void a_listener_whose_ended_throws_on_the_callback_executor_still_completes_the_bridge() throws Exception {
        LoopbackCServer c = relayingOneRecord();
        java.util.concurrent.ExecutorService exec = java.util.concurrent.Executors.newSingleThreadExecutor();
        closeables.add(exec::shutdownNow);
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).callbackExecutor(exec).listener(new BridgeListener() {
            @Override
            public void ended(Bridge bridge, EndReason reason, long records, long bytes) {
                throw new StackOverflowError("simulated");
            }
        }));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(ended(b)).isEqualTo(EndReason.END);
        // the executor's thread goes on serving other bridges
        TestSink second = new TestSink();
        Bridge b2 = sb.monitor(alice(), "SSH", "s-2", second);
        assertThat(ended(b2)).isEqualTo(EndReason.END);
        assertThat(second.text()).isEqualTo("hello");
    }

    @Test
    void a_callback_executor_that_throws_on_execute_still_lets_every_bridge_end_and_tell_its_client() throws Exception {
        LoopbackCServer c = relayingOneRecord();
        java.util.concurrent.Executor broken = task -> {
            throw new AssertionError("host bug in the callback executor");
        };
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).callbackExecutor(broken));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        // the callbacks run on the caller instead: the client gets its record and its notice
        assertThat(ended(b)).isEqualTo(EndReason.END);
        assertThat(sink.text()).isEqualTo("hello");
        assertThat(sink.notices()).singleElement().satisfies(n -> assertThat(n.reason()).isEqualTo(EndReason.END));
        assertThat(sb.activeCount()).isZero();
    }

    @Test
    void a_listener_whose_protocolError_throws_still_ends_the_bridge_with_PROTOCOL_ERROR() throws Exception {
        LoopbackCServer c = server(conn -> {
            conn.send(new byte[] {'?'});
            Thread.sleep(5000);
        });
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).listener(new BridgeListener() {
            @Override
            public void protocolError(Caller caller, String opsType, String sessionId, ProtocolException error) {
                throw new AssertionError("host bug in protocolError");
            }
        }));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.PROTOCOL_ERROR);
        assertThat(ended(b)).isEqualTo(EndReason.PROTOCOL_ERROR);
    }

    @Test
    void a_virtual_machine_error_on_the_event_thread_ends_the_bridge_with_INTERNAL_ERROR_not_IO_ERROR() throws Exception {
        LoopbackCServer c = server(conn -> {
            conn.send(new byte[] {'?'});
            Thread.sleep(5000);
        });
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).ioThreads(1).listener(new BridgeListener() {
            @Override
            public void protocolError(Caller caller, String opsType, String sessionId, ProtocolException error) {
                throw new OutOfMemoryError("simulated");
            }
        }));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        Notice n = sink.awaitEnd(WAIT);
        assertThat(n.reason()).isEqualTo(EndReason.INTERNAL_ERROR);
        assertThat(n.code()).isEqualTo(5);
        assertThat(ended(b)).isEqualTo(EndReason.INTERNAL_ERROR);
        // the one I/O thread survived it
        c.script(conn -> conn.send(TerminalData.ofText(TS, "after"), Control.END));
        TestSink next = new TestSink();
        sb.monitor(alice(), "SSH", "s-2", next);
        assertThat(next.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(next.text()).isEqualTo("after");
    }

    @Test
    void an_access_policy_throwing_an_Error_ends_the_monitor_with_INTERNAL_ERROR_and_opens_nothing() throws Exception {
        LoopbackCServer c = relayingOneRecord();
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).accessPolicy(r -> {
            throw new AssertionError("host bug in the policy");
        }));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(ended(b)).isEqualTo(EndReason.INTERNAL_ERROR);
        assertThat(sink.notices()).singleElement().satisfies(n -> assertThat(n.reason()).isEqualTo(EndReason.INTERNAL_ERROR));
        KickOutcome k = sb.kick(alice(), "SSH", "s-1").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(k.status()).isEqualTo(KickOutcome.Status.FAILED);
        assertThat(k.reason()).isEqualTo(EndReason.INTERNAL_ERROR);
        assertThat(sb.activeCount()).isZero();
        Thread.sleep(300);
        assertThat(c.connectionCount()).isZero();
    }

    @Test
    void a_recording_policy_whose_target_throws_an_Error_leaves_the_bridge_unrecorded_but_working() throws Exception {
        LoopbackCServer c = relayingOneRecord();
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).tap(RecordingTap.of(bridge -> {
            throw new AssertionError("host bug in the recording policy");
        })));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.text()).isEqualTo("hello");
        assertThat(ended(b)).isEqualTo(EndReason.END);
    }

    @Test
    void a_recording_target_whose_open_throws_an_Error_still_finishes_the_recording() throws Exception {
        LoopbackCServer c = relayingOneRecord();
        CompletableFuture<RecordingResult> finished = new CompletableFuture<>();
        RecordingTarget broken = new RecordingTarget() {
            @Override
            public WritableByteChannel open() {
                throw new AssertionError("host bug in open");
            }
        };
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).tap(RecordingTap.of(new RecordingPolicy() {
            @Override
            public Optional<RecordingTarget> target(Bridge bridge) {
                return Optional.of(broken);
            }

            @Override
            public void finished(Bridge bridge, RecordingResult result) {
                finished.complete(result);
            }
        })));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(ended(b)).isEqualTo(EndReason.END);
        RecordingResult r = finished.get(10, TimeUnit.SECONDS);
        assertThat(r.complete()).isFalse();
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("host bug in open"));
    }

    @Test
    void a_recording_policy_whose_finished_throws_does_not_stop_the_next_recording() throws Exception {
        LoopbackCServer c = relayingOneRecord();
        List<String> finishedFor = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<RecordingResult> second = new CompletableFuture<>();
        RecordingTarget broken = new RecordingTarget() {
            @Override
            public WritableByteChannel open() throws IOException {
                throw new IOException("no disk");
            }
        };
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).tap(RecordingTap.of(new RecordingPolicy() {
            @Override
            public Optional<RecordingTarget> target(Bridge bridge) {
                return Optional.of(broken);
            }

            @Override
            public void finished(Bridge bridge, RecordingResult result) {
                finishedFor.add(bridge.sessionId());
                if (bridge.sessionId().equals("s-1")) {
                    throw new AssertionError("host bug in finished");
                }
                second.complete(result);
            }
        })));
        assertThat(ended(sb.monitor(alice(), "SSH", "s-1", new TestSink()))).isEqualTo(EndReason.END);
        assertThat(ended(sb.monitor(alice(), "SSH", "s-2", new TestSink()))).isEqualTo(EndReason.END);
        assertThat(second.get(10, TimeUnit.SECONDS).complete()).isFalse();
        assertThat(finishedFor).containsExactly("s-1", "s-2");
    }

    @Test
    void a_listener_whose_kicked_throws_still_completes_the_kick() throws Exception {
        LoopbackCServer c = server(conn -> conn.send(Control.END));
        AtomicInteger calls = new AtomicInteger();
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()).listener(new BridgeListener() {
            @Override
            public void kicked(Caller caller, String opsType, String sessionId, KickOutcome outcome) {
                calls.incrementAndGet();
                throw new AssertionError("host bug in kicked");
            }
        }));
        KickOutcome o = sb.kick(alice(), "SSH", "s-1").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(o.status()).isEqualTo(KickOutcome.Status.KICKED);
        assertThat(calls).hasValue(1);
        assertThat(sb.stats().kicksByStatus().get(KickOutcome.Status.KICKED)).isEqualTo(1);
    }

    @Test
    void a_sink_whose_end_throws_an_Error_still_completes_the_bridge() throws Exception {
        LoopbackCServer c = relayingOneRecord();
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()));
        TestSink sink = new TestSink() {
            @Override
            public void end(Notice notice) {
                super.end(notice);
                throw new AssertionError("host bug in end");
            }
        };
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(ended(b)).isEqualTo(EndReason.END);
        assertThat(sb.activeCount()).isZero();
    }

    @Test
    void a_sink_whose_send_throws_an_Error_ends_the_bridge_as_CLIENT_GONE() throws Exception {
        LoopbackCServer c = server(conn -> {
            conn.send(TerminalData.ofText(TS, "hello"));
            Thread.sleep(5000);
        });
        SessionBridge sb = bridge(BridgeConfig.builder().tcp("SSH", c.port()));
        TestSink sink = new TestSink() {
            @Override
            public java.util.concurrent.CompletionStage<Void> send(io.github.sessionbridge.protocol.SessionRecord record) {
                throw new AssertionError("host bug in send");
            }
        };
        Bridge b = sb.monitor(alice(), "SSH", "s-1", sink);
        assertThat(ended(b)).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(sb.activeCount()).isZero();
    }
}
