package io.github.sessionbridge.testkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Races between the host's threads: monitors and kicks opened while the session bridge shuts down,
 * and many kicks racing many monitors of one session. Every client is told exactly once, for the
 * right reason; every kick completes; nothing leaks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RaceTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Figures FIGURES = new Figures("races");

    @BeforeAll
    static void warmUp() throws Exception {
        Leaks.warmUpJdk();
    }

    @AfterAll
    static void report() {
        FIGURES.put("leaks found", 0);
        FIGURES.write();
    }

    @Test
    void monitors_and_kicks_opened_while_the_bridge_shuts_down_are_told_SHUTDOWN_or_refused_at_once() throws Exception {
        Leaks.Snapshot before = Leaks.snapshot();
        int rounds = Integer.getInteger("race.rounds", 20);
        for (int round = 0; round < rounds; round++) {
            try (FakeCServer fake = FakeCServer.builder().start()) {
                // every monitored session stays live: only the shutdown can end its monitor; kicks go to
                // sessions nobody watches, so the C server refuses them unless the shutdown gets there first
                fake.unknownSessions().clear().sendsText(1, "live");
                fake.session("k-0").then(Ending.REFUSE);
                SessionBridge sb = SessionBridge.create(fake.bridgeConfig().ioThreads(2).build());
                // a client and its bridge, added together (four threads add)
                record Opened(RecordingClientSink sink, Bridge bridge) {
                }
                List<Opened> opened = new CopyOnWriteArrayList<>();
                List<CompletableFuture<KickOutcome>> kicks = new CopyOnWriteArrayList<>();
                AtomicInteger refused = new AtomicInteger();
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch going = new CountDownLatch(4);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int id = t;
                    Thread th = new Thread(() -> {
                        going.countDown();
                        // at most 100 calls each before the close: enough to race it, and far from using up
                        // the ephemeral ports (every connection the bridge closes first sits in TIME_WAIT)
                        for (int i = 0; !stop.get(); i++) {
                            if (i >= 100 && !sb.isClosed()) {
                                Thread.onSpinWait();
                                continue;
                            }
                            try {
                                if (i % 5 == 4) {
                                    kicks.add(sb.kick(Caller.of("admin", "ws-admin"), "SSH", "k-0").toCompletableFuture());
                                } else {
                                    RecordingClientSink s = new RecordingClientSink();
                                    Bridge b = sb.monitor(Caller.of("u", "ws-" + id + "-" + i), "SSH", "r-" + id + "-" + i, s);
                                    opened.add(new Opened(s, b));
                                }
                            } catch (IllegalStateException closed) {
                                // refused at once: the bridge tier is closed; nothing was opened
                                refused.incrementAndGet();
                                if (sb.isClosed()) {
                                    return;
                                }
                                throw closed;
                            }
                        }
                    }, "race-opener-" + t);
                    threads.add(th);
                    th.start();
                }
                going.await();
                // close while the openers are still opening, or just after they stopped
                Thread.sleep(round % 20 * 3);
                sb.close();
                stop.set(true);
                for (Thread th : threads) {
                    th.join(WAIT.toMillis());
                }
                Map<EndReason, Integer> reasons = new ConcurrentHashMap<>();
                for (Opened o : opened) {
                    EndReason r = o.bridge().ended().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    reasons.merge(r, 1, Integer::sum);
                    RecordingClientSink s = o.sink();
                    assertThat(r).as("a monitor opened while the bridge shut down; %s", s).isEqualTo(EndReason.SHUTDOWN);
                    assertThat(s.notices()).as("%s", s).containsExactly(Notice.of(EndReason.SHUTDOWN, "会话已结束！"));
                    assertThat(s.violations()).isEmpty();
                }
                for (CompletableFuture<KickOutcome> k : kicks) {
                    KickOutcome o = k.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    if (o.status() != KickOutcome.Status.REFUSED) {
                        assertThat(o.status()).as("%s", o).isEqualTo(KickOutcome.Status.FAILED);
                        assertThat(o.reason()).as("a kick asked while the bridge shut down: %s", o).isEqualTo(EndReason.SHUTDOWN);
                    }
                }
                assertThat(sb.activeCount()).isZero();
                fake.awaitActiveConnections(0, WAIT);
                FIGURES.add("monitors opened during shutdown", opened.size()).add("kicks during shutdown", kicks.size())
                        .add("calls refused after close", refused.get());
            }
        }
        Leaks.assertNoneLeaked(before, WAIT, "shutdown races");
    }

    @Test
    void a_monitor_or_kick_whose_access_check_outlasts_the_shutdown_is_refused_or_told_SHUTDOWN() throws Exception {
        // the host's access policy is slow (a directory lookup, say) and the host shuts the bridge down
        // meanwhile: the caller must get IllegalStateException, or a bridge told SHUTDOWN (a kick failed
        // with SHUTDOWN), never a C-side reason such as CONNECT_FAILED for a C server that is fine
        Leaks.Snapshot before = Leaks.snapshot();
        try (FakeCServer fake = FakeCServer.builder().start()) {
            fake.unknownSessions().clear().sendsText(1, "live");
            CountDownLatch checking = new CountDownLatch(2);
            CountDownLatch shutDown = new CountDownLatch(1);
            SessionBridge sb = SessionBridge.create(fake.bridgeConfig().accessPolicy(req -> {
                checking.countDown();
                try {
                    shutDown.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }).build());
            RecordingClientSink sink = new RecordingClientSink();
            CompletableFuture<Object> monitor = CompletableFuture.supplyAsync(() -> {
                try {
                    return sb.monitor(Caller.of("u", "ws-1"), "SSH", "p-1", sink);
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            CompletableFuture<Object> kick = CompletableFuture.supplyAsync(() -> {
                try {
                    return sb.kick(Caller.of("admin", "ws-admin"), "SSH", "p-2").toCompletableFuture().join();
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            checking.await();
            sb.close();
            shutDown.countDown();
            Object m = monitor.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (m instanceof Bridge b) {
                assertThat(b.ended().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("%s", sink)
                        .isEqualTo(EndReason.SHUTDOWN);
                assertThat(sink.notices()).containsExactly(Notice.of(EndReason.SHUTDOWN, "会话已结束！"));
            } else {
                assertThat(m).isInstanceOf(IllegalStateException.class);
                assertThat(sink.notices()).isEmpty();
            }
            Object k = kick.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (k instanceof KickOutcome o) {
                assertThat(o.reason()).as("%s", o).isEqualTo(EndReason.SHUTDOWN);
            } else {
                assertThat(k).isInstanceOf(IllegalStateException.class);
            }
            assertThat(sb.activeCount()).isZero();
            fake.awaitActiveConnections(0, WAIT);
            FIGURES.put("access checks outlasting the shutdown: monitor", m instanceof Bridge ? "told SHUTDOWN" : "refused")
                    .put("access checks outlasting the shutdown: kick", k instanceof KickOutcome ? "failed SHUTDOWN" : "refused");
        }
        Leaks.assertNoneLeaked(before, WAIT, "slow access checks");
    }

    @Test
    void a_listener_closing_the_bridge_while_a_monitor_opens_does_not_deadlock() throws Exception {
        Leaks.Snapshot before = Leaks.snapshot();
        try (FakeCServer fake = FakeCServer.builder().start()) {
            fake.unknownSessions().clear().sendsText(1, "live");
            SessionBridge[] holder = new SessionBridge[1];
            holder[0] = SessionBridge.create(fake.bridgeConfig().listener(new io.github.sessionbridge.core.BridgeListener() {
                @Override
                public void opened(Bridge bridge) {
                    holder[0].close();
                }
            }).build());
            RecordingClientSink sink = new RecordingClientSink();
            Bridge b = CompletableFuture.supplyAsync(() -> holder[0].monitor(Caller.of("u", "ws-1"), "SSH", "l-1", sink))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(b.ended().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(EndReason.SHUTDOWN);
            assertThat(sink.notices()).containsExactly(Notice.of(EndReason.SHUTDOWN, "会话已结束！"));
            assertThat(holder[0].isClosed()).isTrue();
            fake.awaitActiveConnections(0, WAIT);
        }
        Leaks.assertNoneLeaked(before, WAIT, "close from a listener");
    }

    @Test
    void many_kicks_racing_many_monitors_of_one_session_agree() throws Exception {
        Leaks.Snapshot before = Leaks.snapshot();
        try (FakeCServer fake = FakeCServer.builder().start();
             SessionBridge sb = SessionBridge.create(fake.bridgeConfig().ioThreads(2).build())) {
            for (int round = 0; round < 10; round++) {
                String sid = "hot-" + round;
                fake.session(sid).sendsAll(Seq.records(sid, 0, 20, 64));
                List<RecordingClientSink> sinks = new ArrayList<>();
                List<Bridge> bridges = new ArrayList<>();
                List<CompletableFuture<KickOutcome>> kicks = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    RecordingClientSink s = new RecordingClientSink();
                    sinks.add(s);
                    bridges.add(sb.monitor(Caller.of("u", "ws-" + i), "SSH", sid, s));
                    if (i % 10 == 9) {
                        kicks.add(sb.kick(Caller.of("admin", "ws-admin"), "SSH", sid).toCompletableFuture());
                    }
                }
                long kicked = 0;
                for (CompletableFuture<KickOutcome> k : kicks) {
                    KickOutcome o = k.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    assertThat(o.status()).as("%s", o).isIn(KickOutcome.Status.KICKED, KickOutcome.Status.REFUSED);
                    kicked += o.status() == KickOutcome.Status.KICKED ? 1 : 0;
                }
                // a monitor not yet live when the last kick came goes on: the session is still there for it;
                // once every request has reached the C server, the session ends for whoever still watches
                fake.awaitRequests(33 * (round + 1), WAIT);
                fake.endSession(sid);
                for (int i = 0; i < bridges.size(); i++) {
                    EndReason r = bridges.get(i).ended().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    RecordingClientSink s = sinks.get(i);
                    assertThat(r).as("%s", s).isEqualTo(EndReason.END);
                    assertThat(s.notices()).as("%s", s).containsExactly(Notice.of(EndReason.END, "会话已结束！"));
                    assertThat(s.records()).as("a whole prefix of the session").isEqualTo(Seq.records(sid, 0, s.records().size(), 64));
                }
                assertThat(kicked).as("at least the kicks that found live monitors").isPositive();
                FIGURES.add("monitors raced by kicks", bridges.size()).add("kicks racing monitors", kicks.size());
            }
            assertThat(sb.activeCount()).isZero();
            fake.awaitActiveConnections(0, WAIT);
        }
        Leaks.assertNoneLeaked(before, WAIT, "kick races");
    }
}
