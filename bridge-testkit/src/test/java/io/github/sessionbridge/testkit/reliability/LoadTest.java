package io.github.sessionbridge.testkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.FlowControl;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.Pacing;
import io.github.sessionbridge.testkit.SessionScript;
import io.github.sessionbridge.testkit.Split;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Load: hundreds of concurrent monitors with sequence-numbered content (every record arrives, in
 * order, at its own client only), and churn (thousands of bridges opened and closed while others
 * stream) with no growth in threads, descriptors, heap or reachable bridges.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LoadTest {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final Figures FIGURES = new Figures("load");

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
    void hundreds_of_concurrent_monitors_get_every_record_in_order_at_their_own_client_only() throws Exception {
        int sessions = 400;
        int perSession = 250;
        Random rnd = new Random(7);
        Leaks.Snapshot before = Leaks.snapshot();
        ExecutorService completer = Executors.newFixedThreadPool(2);
        try (FakeCServer fake = FakeCServer.builder().start();
             SessionBridge sb = SessionBridge.create(fake.bridgeConfig().ioThreads(2).flowControl(FlowControl.DEFAULT.withWaterMarks(32 * 1024, 8 * 1024)).build())) {
            List<Seq.CheckingSink> sinks = new ArrayList<>();
            List<Bridge> bridges = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                String sid = "m-" + s;
                int size = 16 + rnd.nextInt(2000);
                SessionScript script = fake.session(sid);
                switch (s % 4) {
                    case 1 -> script.split(Split.random(s, 1 + rnd.nextInt(500)));
                    case 2 -> script.split(Split.every(1 + rnd.nextInt(40)));
                    case 3 -> script.pacing(Pacing.realtime(2.0));
                    default -> {
                        // as-is: units merge into big writes
                    }
                }
                script.sendsAll(Seq.records(sid, 0, perSession, size)).then(Ending.END);
                // one in ten sessions has a second watcher; half the clients complete their sends later
                int watchers = s % 10 == 0 ? 2 : 1;
                for (int c = 0; c < watchers; c++) {
                    Seq.CheckingSink sink = new Seq.CheckingSink(sid, size, (s + c) % 2 == 0 ? null : completer);
                    sinks.add(sink);
                    bridges.add(sb.monitor(Caller.of("u" + c, "ws-" + sid + "-" + c), "SSH", sid, sink));
                }
            }
            long records = 0;
            for (int i = 0; i < sinks.size(); i++) {
                Seq.CheckingSink sink = sinks.get(i);
                EndReason r = bridges.get(i).ended().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(r).as("%s", sink).isEqualTo(EndReason.END);
                assertThat(sink.notices()).as("%s", sink).containsExactly(Notice.of(EndReason.END, BridgeConfig.DEFAULT_NOTICE_TEXT));
                assertThat(sink.errors()).as("lost, reordered, foreign or corrupt: %s", sink).isZero();
                assertThat(sink.received()).as("%s", sink).isEqualTo(perSession);
                records += sink.received();
            }
            assertThat(sb.stats().records()).isEqualTo(records);
            Leaks.assertRegistriesEmpty(sb, "m-0", "ws-m-0-0");
            fake.awaitActiveConnections(0, WAIT);
            FIGURES.put("concurrent monitors", sinks.size()).put("sessions", sessions)
                    .put("records checked (in order, own session, exact bytes)", records)
                    .put("records lost / reordered / cross-delivered", 0);
        } finally {
            completer.shutdownNow();
        }
        Leaks.assertNoneLeaked(before, WAIT, "concurrent monitors");
    }

    @Test
    void churning_thousands_of_bridges_while_others_stream_grows_nothing() throws Exception {
        int rounds = 4;
        int perRound = 1000;
        int streams = 20;
        int streamRecords = 2000;
        Random rnd = new Random(11);
        Leaks.Snapshot before = Leaks.snapshot();
        // two C servers: one for the long streams, one for the churn, restarted on the same port each
        // round so that its captures (kept for assertions) do not count as growth
        FakeCServer streamer = FakeCServer.builder().ops("STREAM").start();
        FakeCServer churn = FakeCServer.builder().ops("CHURN").start();
        int churnPort = churn.port();
        SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("STREAM", streamer.port()).tcp("CHURN", churnPort)
                .ioThreads(2).build());
        try {
            List<Seq.CheckingSink> streamSinks = new ArrayList<>();
            List<Bridge> streamBridges = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                String sid = "st-" + i;
                // 2,000 records a millisecond apart, at a quarter of their recorded pace: about 8 s, through the rounds
                streamer.session(sid).pacing(Pacing.realtime(0.25)).sendsAll(Seq.records(sid, 0, streamRecords, 200)).then(Ending.END);
            }
            List<Long> heapKiB = new ArrayList<>();
            List<Integer> fds = new ArrayList<>();
            List<Long> threads = new ArrayList<>();
            long churned = 0;
            Leaks.Snapshot roundBaseline = null;
            long baselineHeap = 0;
            for (int round = 0; round <= rounds; round++) {
                if (round == 1) {
                    // round 0 warmed up; the streams run through the measured rounds
                    for (int i = 0; i < streams; i++) {
                        Seq.CheckingSink sink = new Seq.CheckingSink("st-" + i, 200, null);
                        streamSinks.add(sink);
                        streamBridges.add(sb.monitor(Caller.of("viewer", "ws-st-" + i), "STREAM", "st-" + i, sink));
                    }
                }
                List<WeakReference<Bridge>> refs = new ArrayList<>();
                for (int i = 0; i < perRound; i++) {
                    String sid = "c-" + round + "-" + i;
                    SessionScript script = churn.session(sid).sendsAll(Seq.records(sid, 0, 1 + rnd.nextInt(20), 64));
                    if (rnd.nextBoolean()) {
                        script.then(Ending.END);
                    }
                    Seq.CheckingSink sink = new Seq.CheckingSink(sid, 64, null);
                    Bridge b = sb.monitor(Caller.of("churner", "ws-" + sid), "CHURN", sid, sink);
                    refs.add(new WeakReference<>(b));
                    if (rnd.nextInt(3) > 0) {
                        // the client leaves at once, or after a moment: while connecting, mid-stream or after the end
                        if (rnd.nextBoolean()) {
                            Thread.sleep(0, 200_000);
                        }
                        b.close();
                    } else if (i % 50 == 0) {
                        b.close();
                    }
                    if (i % 100 == 99) {
                        // keep a few hundred in flight, not all thousand
                        Leaks.awaitOrFail(() -> sb.activeCount() < streams + 300, WAIT, sb::toString);
                    }
                    churned++;
                }
                // the live churn sessions (no END, client stayed) are closed by their clients now
                for (Bridge b : sb.bridges()) {
                    if (b.opsType().equals("CHURN")) {
                        b.close();
                    }
                }
                Leaks.awaitOrFail(() -> sb.bridges().stream().noneMatch(b -> b.opsType().equals("CHURN")), WAIT, sb::toString);
                churn.awaitActiveConnections(0, WAIT);
                churn.close();
                churn = FakeCServer.builder().ops("CHURN", churnPort).start();
                long live = -1;
                for (int i = 0; i < 50 && live != 0; i++) {
                    System.gc();
                    Thread.sleep(20);
                    live = refs.stream().filter(r -> r.get() != null).count();
                }
                assertThat(live).as("churned bridges still reachable after GC, round %d", round).isZero();
                if (round == 1) {
                    Leaks.awaitOrFail(() -> streamSinks.stream().allMatch(s -> s.received() > 0), WAIT, streamSinks::toString);
                }
                long heap = Workload.heapUsedAfterGc();
                if (round == 0) {
                    roundBaseline = Leaks.snapshot();
                    baselineHeap = heap;
                } else {
                    // the streams' own sockets come and go as they end: compare without them
                    // (both ends of a stream's connection are in this process)
                    Leaks.assertNoneLeaked(roundBaseline, 2 * sb.activeCount(), WAIT, "churn round " + round);
                }
                heapKiB.add(heap >> 10);
                fds.add(Leaks.fdCount());
                threads.add(Leaks.threads(Leaks.IO_THREADS) + Leaks.threads(Leaks.FAKE_THREADS));
            }
            long streamed = 0;
            for (int i = 0; i < streams; i++) {
                Seq.CheckingSink sink = streamSinks.get(i);
                assertThat(streamBridges.get(i).ended().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .as("%s", sink).isEqualTo(EndReason.END);
                assertThat(sink.errors()).as("%s", sink).isZero();
                assertThat(sink.received()).as("%s", sink).isEqualTo(streamRecords);
                streamed += sink.received();
            }
            long growth = heapKiB.get(heapKiB.size() - 1) - (baselineHeap >> 10);
            FIGURES.put("bridges churned (opened and closed)", churned).put("churn rounds", rounds + 1)
                    .put("streams alongside", streams).put("stream records checked", streamed)
                    .put("heap after GC per round (KiB)", heapKiB).put("open descriptors per round", fds)
                    .put("bridge and fake threads per round", threads)
                    .put("heap growth after the warm-up round (KiB)", growth);
            // no growth: a leak of even 2 KiB per churned bridge would show 8 MiB here
            assertThat(growth).as("heap growth over %d churned bridges (KiB): %s", churned, heapKiB).isLessThan(4 * 1024);
            assertThat(threads).as("threads per round").allMatch(t -> t.equals(threads.get(0)));
        } finally {
            sb.close();
            streamer.close();
            churn.close();
        }
        Leaks.assertNoneLeaked(before, WAIT, "churn");
    }
}
