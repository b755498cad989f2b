package io.github.sessionbridge.testkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeListener;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The counts an audit relies on are exact: a record counts as relayed only once it is handed to the
 * client, and a bridge reports its end (listener, stats, {@link Bridge#ended()}) only after its last
 * call to the client, also when a host's callback executor runs those calls late.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountingTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void records_queued_for_a_client_that_left_are_not_counted_as_relayed() throws Exception {
        CountDownLatch hostBusy = new CountDownLatch(1);
        ExecutorService host = Executors.newSingleThreadExecutor();
        Map<Long, Long> relayed = new ConcurrentHashMap<>();
        BridgeListener listener = new BridgeListener() {
            @Override
            public void ended(Bridge bridge, EndReason reason, long records, long bytes) {
                relayed.put(bridge.id(), records);
            }
        };
        try (FakeCServer fake = FakeCServer.builder().start();
             SessionBridge sb = SessionBridge.create(fake.bridgeConfig().callbackExecutor(host).listener(listener).build())) {
            fake.session("a-1").sendsAll(Seq.records("a-1", 0, 10, 100));
            RecordingClientSink first = new RecordingClientSink();
            Bridge warm = sb.monitor(Caller.of("u", "ws-1"), "SSH", "a-1", first);
            first.awaitRecords(10, WAIT);
            warm.close();
            warm.ended().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(relayed.get(warm.id())).isEqualTo(10L);

            // the host's executor is busy: the next client's records queue up behind it
            host.execute(() -> {
                try {
                    hostBusy.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            RecordingClientSink second = new RecordingClientSink();
            Bridge b = sb.monitor(Caller.of("u", "ws-2"), "SSH", "a-1", second);
            Leaks.awaitOrFail(() -> fake.connections().size() == 2 && fake.connections().get(1).bytesSent() >= 10 * 113L,
                    WAIT, fake::toString);
            Thread.sleep(100);
            // the client leaves before any of them reached it
            b.close();
            Leaks.awaitOrFail(() -> !b.isOpen(), WAIT, b::toString);
            Thread.sleep(100);
            assertThat(b.ended().toCompletableFuture().isDone()).as("ended before its queued calls ran").isFalse();
            hostBusy.countDown();
            assertThat(b.ended().toCompletableFuture().get(20, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_GONE);
            assertThat(second.records()).isEmpty();
            assertThat(relayed.get(b.id())).as("records the bridge says it handed to the client that left").isZero();
            assertThat(sb.stats().records()).isEqualTo(10);
        } finally {
            hostBusy.countDown();
            host.shutdownNow();
        }
    }

    @Test
    void a_bridge_has_ended_only_once_its_client_has_been_told() throws Exception {
        CountDownLatch hostBusy = new CountDownLatch(1);
        ExecutorService host = Executors.newSingleThreadExecutor();
        try (FakeCServer fake = FakeCServer.builder().start();
             SessionBridge sb = SessionBridge.create(fake.bridgeConfig().callbackExecutor(host).build())) {
            fake.session("a-2").sendsAll(Seq.records("a-2", 0, 5, 50)).then(Ending.END);
            host.execute(() -> {
                try {
                    hostBusy.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            RecordingClientSink sink = new RecordingClientSink();
            Bridge b = sb.monitor(Caller.of("u", "ws-1"), "SSH", "a-2", sink);
            fake.awaitActiveConnections(0, WAIT);
            Leaks.awaitOrFail(() -> !b.isOpen(), WAIT, b::toString);
            // the C side is over and the bridge is no longer live, but its client has not been told yet
            assertThat(sb.activeCount()).isZero();
            assertThat(b.ended().toCompletableFuture().isDone()).isFalse();
            hostBusy.countDown();
            List<Notice> toldWhenEnded = b.ended().toCompletableFuture().thenApply(r -> sink.notices()).get(20, TimeUnit.SECONDS);
            assertThat(toldWhenEnded).containsExactly(Notice.of(EndReason.END, "会话已结束！"));
            assertThat(sink.records()).isEqualTo(Seq.records("a-2", 0, 5, 50));
        } finally {
            hostBusy.countDown();
            host.shutdownNow();
        }
    }
}
