package io.github.sessionbridge.testkit.reliability;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.BridgeListener;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.FlowControl;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.Pacing;
import io.github.sessionbridge.testkit.SessionScript;
import io.github.sessionbridge.testkit.Split;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mixed, randomised (but seeded) workload on one {@link SessionBridge} against one
 * {@link FakeCServer}: many concurrent monitors of sequence-numbered sessions that end in every way
 * there is (C ends, closes, cuts a record, resets, breaks the protocol, refuses; the client leaves,
 * is too slow, is kicked off; two clients watch one session), each checked when it ends: the right
 * single notice, every record in order and only its own, none after the end.
 *
 * <p>Sessions are spread over two session bridges: one calls its sinks on the I/O threads, the
 * other on a host's callback executor.
 *
 * <p>Runs in epochs. At each {@linkplain #checkpoint() checkpoint} every session drains; then the
 * bridge's registries must be empty, the fake must have no open connection, descriptors and
 * threads must be back to where they were, and every bridge of the epoch must be unreachable; the
 * fake is restarted on the same port (its captures would otherwise grow without bound) and the
 * heap is sampled after a full GC.
 */
final class Workload implements AutoCloseable {
    static final Duration STUCK = Duration.ofSeconds(60);
    static final Duration WAIT = Duration.ofSeconds(30);

    enum Scenario {
        END(30), CLOSED(5), TRUNCATED(5), RESET(5), GARBAGE(4), OVERSIZED(3), UNKNOWN_TYPE(3), REFUSED(3),
        CLIENT_CLOSES(14), KICKED(9), SLOW_CLIENT(3), ASYNC_FLOOD(8), WATCHED_TWICE(8);

        final int weight;

        Scenario(int weight) {
            this.weight = weight;
        }
    }

    /** One session under test: one or two clients. */
    final class Session {
        final Scenario scenario;
        final String sid;
        final int n;
        final int size;
        final List<Seq.CheckingSink> sinks = new ArrayList<>();
        final List<Bridge> bridges = new ArrayList<>();
        final List<CompletableFuture<EndReason>> ended = new ArrayList<>();
        final long startedNanos = System.nanoTime();
        /** The session bridge it runs on: sinks on the I/O threads, or on the host's callback executor. */
        SessionBridge sb;
        /** Records received before the client acts (closes, or has the session kicked); -1: no action. */
        int actAt = -1;
        CompletableFuture<KickOutcome> kick;

        Session(Scenario scenario, String sid, int n, int size) {
            this.scenario = scenario;
            this.sid = sid;
            this.n = n;
            this.size = size;
        }

        boolean done() {
            if (kick != null && !kick.isDone()) {
                return false;
            }
            for (int i = 0; i < ended.size(); i++) {
                CompletableFuture<EndReason> e = ended.get(i);
                // on a callback executor the notice follows the end: wait for it too
                if (!e.isDone() || (e.join().notifiesClient() && sinks.get(i).notices().isEmpty())) {
                    return false;
                }
            }
            return true;
        }
    }

    final Figures figures;
    private final Random rnd;
    private final int concurrency;
    private final int totalWeight;
    private final ExecutorService completer = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "workload-client-completer");
        t.setDaemon(true);
        return t;
    });
    private final List<Session> active = new ArrayList<>();
    private final List<WeakReference<Bridge>> epochBridges = new ArrayList<>();
    /** What each ended bridge told its listener it relayed to its client. */
    private final Map<Bridge, Long> relayedByBridge = new ConcurrentHashMap<>();
    private final Map<Scenario, Long> byScenario = new EnumMap<>(Scenario.class);
    private final Map<EndReason, Long> byReason = new EnumMap<>(EndReason.class);
    private final AtomicInteger ids = new AtomicInteger();
    private final int port;
    private FakeCServer fake;
    /** Two tiers on the same C server: sinks called on the I/O threads, and on a callback executor. */
    private final List<SessionBridge> sbs = new ArrayList<>();
    private final ExecutorService hostCallbacks = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "workload-host-callbacks");
        t.setDaemon(true);
        return t;
    });
    private Leaks.Snapshot baseline;
    private long baselineHeap = -1;

    long sessions;
    long bridgesOpened;
    long recordsChecked;
    long recordErrors;
    long notices;
    long kicks;
    long faults;
    int maxConcurrent;
    long checkpoints;
    long maxHeapGrowth;
    final List<Long> heapSamplesKiB = new ArrayList<>();
    final List<Integer> fdSamples = new ArrayList<>();

    Workload(String name, long seed, int concurrency) throws IOException {
        this.figures = new Figures(name);
        this.rnd = new Random(seed);
        this.concurrency = concurrency;
        int w = 0;
        for (Scenario s : Scenario.values()) {
            w += s.weight;
        }
        this.totalWeight = w;
        this.fake = FakeCServer.builder().start();
        this.port = fake.port();
        for (int i = 0; i < 2; i++) {
            BridgeConfig.Builder b = BridgeConfig.builder().tcp("SSH", port).ioThreads(2).listener(new BridgeListener() {
                        @Override
                        public void ended(Bridge bridge, EndReason reason, long records, long bytes) {
                            relayedByBridge.put(bridge, records);
                        }
                    })
                    .flowControl(new FlowControl(64 * 1024, 16 * 1024, Duration.ofSeconds(5)))
                    .connectTimeout(Duration.ofSeconds(5)).kickTimeout(Duration.ofSeconds(10));
            if (i == 1) {
                b.callbackExecutor(hostCallbacks);
            }
            sbs.add(SessionBridge.create(b.build()));
        }
        figures.put("seed", seed).put("concurrent sessions", concurrency);
    }

    private Scenario pick() {
        int r = rnd.nextInt(totalWeight);
        for (Scenario s : Scenario.values()) {
            r -= s.weight;
            if (r < 0) {
                return s;
            }
        }
        throw new AssertionError();
    }

    /** Keeps {@code concurrency} sessions going for {@code duration}, checking each as it ends. */
    void run(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - end < 0) {
            while (active.size() < concurrency) {
                start(pick());
            }
            maxConcurrent = Math.max(maxConcurrent, active.size());
            pump();
            Thread.sleep(2);
        }
    }

    /** Starts one session of {@code scenario}. */
    Session start(Scenario scenario) {
        String sid = "w" + ids.incrementAndGet() + "." + scenario.ordinal();
        int n;
        int size;
        switch (scenario) {
            case SLOW_CLIENT -> {
                n = 100;
                size = 1000;
            }
            case ASYNC_FLOOD -> {
                n = 600 + rnd.nextInt(600);
                size = 800 + rnd.nextInt(800);
            }
            case REFUSED -> {
                n = 0;
                size = 0;
            }
            default -> {
                n = 1 + rnd.nextInt(300);
                size = 16 + rnd.nextInt(1500);
            }
        }
        Session s = new Session(scenario, sid, n, size);
        s.sb = sbs.get(rnd.nextInt(sbs.size()));
        if (scenario != Scenario.REFUSED) {
            SessionScript script = fake.session(sid);
            int split = rnd.nextInt(4);
            if (split == 1) {
                script.split(Split.random(rnd.nextLong(), 64 + rnd.nextInt(2000)));
            } else if (split == 2) {
                script.split(Split.every(16 + rnd.nextInt(64)));
            }
            if (rnd.nextInt(3) == 0 && scenario != Scenario.SLOW_CLIENT) {
                // records 1 ms of timestamp apart, played at half speed: long-lived sessions
                script.pacing(Pacing.realtime(0.5));
            }
            script.sendsAll(Seq.records(sid, 0, n, size));
            switch (scenario) {
                case END, ASYNC_FLOOD, WATCHED_TWICE -> script.then(Ending.END);
                case CLOSED -> script.then(Ending.CLOSE);
                case TRUNCATED -> script.then(Ending.CLOSE_MID_BODY);
                case RESET -> script.then(Ending.RESET);
                case GARBAGE -> script.sendsGarbage(32, rnd.nextLong()).then(Ending.STALL);
                case OVERSIZED -> script.sendsOversizedHeader(0xFFFF_FFFFL).then(Ending.STALL);
                case UNKNOWN_TYPE -> script.sendsUnknownType().then(Ending.STALL);
                case SLOW_CLIENT -> script.then(Ending.STALL);
                default -> {
                    // CLIENT_CLOSES, KICKED: the session stays live until the client or the kick ends it
                }
            }
        }
        int clients = scenario == Scenario.WATCHED_TWICE ? 2 : 1;
        for (int c = 0; c < clients; c++) {
            Seq.CheckingSink sink = new Seq.CheckingSink(sid, size, switch (scenario) {
                case SLOW_CLIENT -> r -> { };          // never completes a send
                case ASYNC_FLOOD -> completer;
                default -> null;
            });
            Bridge b = s.sb.monitor(Caller.of("user-" + c, "ws-" + sid + "-" + c), "SSH", sid, sink);
            s.sinks.add(sink);
            s.bridges.add(b);
            s.ended.add(b.ended().toCompletableFuture());
            epochBridges.add(new WeakReference<>(b));
            bridgesOpened++;
        }
        if (scenario == Scenario.CLIENT_CLOSES) {
            s.actAt = rnd.nextInt(n + 1);
        } else if (scenario == Scenario.KICKED) {
            s.actAt = 1 + rnd.nextInt(n);
        }
        if (scenario != Scenario.END && scenario != Scenario.ASYNC_FLOOD && scenario != Scenario.WATCHED_TWICE) {
            faults++;
        }
        sessions++;
        byScenario.merge(scenario, 1L, Long::sum);
        active.add(s);
        return s;
    }

    /** Acts for clients whose moment has come, and checks every session that has ended. */
    void pump() {
        for (Iterator<Session> it = active.iterator(); it.hasNext(); ) {
            Session s = it.next();
            if (s.actAt >= 0 && s.sinks.get(0).received() >= s.actAt) {
                if (s.scenario == Scenario.CLIENT_CLOSES) {
                    s.bridges.get(0).close();
                } else {
                    s.kick = s.sb.kick(Caller.of("admin", "ws-admin"), "SSH", s.sid).toCompletableFuture();
                    kicks++;
                }
                s.actAt = -1;
            }
            if (s.done()) {
                verify(s);
                it.remove();
            } else if (System.nanoTime() - s.startedNanos > STUCK.toNanos()) {
                throw new AssertionError("session stuck for " + STUCK + ": " + s.scenario + " " + s.sid + " " + s.sinks
                        + " " + s.bridges + "; " + fake);
            }
        }
    }

    private void verify(Session s) {
        EndReason expected = switch (s.scenario) {
            case END, ASYNC_FLOOD, WATCHED_TWICE, KICKED -> EndReason.END;
            case CLOSED -> EndReason.CLOSED;
            case TRUNCATED -> EndReason.TRUNCATED;
            case RESET -> EndReason.IO_ERROR;
            case GARBAGE, OVERSIZED, UNKNOWN_TYPE -> EndReason.PROTOCOL_ERROR;
            case REFUSED -> EndReason.REFUSED;
            case CLIENT_CLOSES -> EndReason.CLIENT_GONE;
            case SLOW_CLIENT -> EndReason.CLIENT_TOO_SLOW;
        };
        // a reset discards what the C server had written but TCP had not yet delivered (its send
        // buffer, when the bridge's window was full): the client gets a gap-free prefix
        boolean wholeStream = switch (s.scenario) {
            case CLIENT_CLOSES, KICKED, SLOW_CLIENT, RESET -> false;
            default -> true;
        };
        for (int i = 0; i < s.sinks.size(); i++) {
            Seq.CheckingSink sink = s.sinks.get(i);
            EndReason got = s.ended.get(i).join();
            String what = s.scenario + " " + s.sid + " client " + i + ": " + sink;
            check(got == expected, what + " ended with " + got + ", expected " + expected);
            List<Notice> ns = sink.notices();
            if (expected.notifiesClient()) {
                check(ns.equals(List.of(Notice.of(expected, BridgeConfig.DEFAULT_NOTICE_TEXT))), what + ": notices " + ns);
            } else {
                check(ns.isEmpty(), what + ": a client that left was told " + ns);
            }
            check(sink.errors() == 0, what + ": lost, reordered, foreign or corrupt records");
            Long relayed = relayedByBridge.remove(s.bridges.get(i));
            check(relayed != null && relayed == sink.received(), what + ": the bridge says it relayed " + relayed
                    + " records to this client (" + s.sb.config().callbackExecutor() + ")");
            if (wholeStream) {
                check(sink.nextSeq() == s.n && sink.received() == s.n, what + ": expected all " + s.n + " records");
            } else {
                check(sink.nextSeq() <= s.n, what + ": more records than sent");
            }
            if (s.scenario == Scenario.SLOW_CLIENT) {
                check(sink.received() > 0, what + ": the slow client got nothing");
            }
            recordsChecked += sink.received();
            recordErrors += sink.errors();
            notices += ns.size();
            byReason.merge(got, 1L, Long::sum);
        }
        if (s.kick != null) {
            KickOutcome k = s.kick.join();
            check(k.status() == KickOutcome.Status.KICKED, s.sid + ": kick " + k);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /**
     * Drains every session, checks that nothing is left anywhere, restarts the fake and samples the
     * heap. The first checkpoint sets the baseline.
     */
    void checkpoint() throws Exception {
        long deadline = System.nanoTime() + STUCK.toNanos();
        while (!active.isEmpty()) {
            pump();
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("sessions did not drain: " + active.size() + "; " + fake);
            }
            Thread.sleep(2);
        }
        for (SessionBridge sb : sbs) {
            Leaks.awaitOrFail(() -> sb.activeCount() == 0, WAIT, () -> "the registry to empty: " + sb.bridges());
            check(sb.bridges().isEmpty() && sb.stats().active() == 0, "bridges left: " + sb.bridges());
        }
        fake.awaitActiveConnections(0, WAIT);
        fake.close();
        fake = FakeCServer.builder().ops("SSH", port).start();
        // every bridge of the epoch is unreachable: nothing (registry, timers, transport) holds one
        long live = -1;
        for (int i = 0; i < 50 && live != 0; i++) {
            System.gc();
            Thread.sleep(20);
            live = epochBridges.stream().filter(r -> r.get() != null).count();
        }
        check(live == 0, live + " ended bridges are still reachable after GC");
        epochBridges.clear();
        long heap = heapUsedAfterGc();
        heapSamplesKiB.add(heap >> 10);
        if (baseline == null) {
            baseline = Leaks.snapshot();
            baselineHeap = heap;
        } else {
            Leaks.assertNoneLeaked(baseline, WAIT, "checkpoint " + checkpoints);
            maxHeapGrowth = Math.max(maxHeapGrowth, heap - baselineHeap);
        }
        fdSamples.add(Leaks.fdCount());
        checkpoints++;
    }

    static long heapUsedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(30);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Puts the figures (without writing them). */
    Figures figures(Duration ran) {
        return figures.put("ran (s)", ran.toSeconds())
                .put("checkpoints", checkpoints)
                .put("sessions", sessions)
                .put("bridges opened", bridgesOpened)
                .put("most sessions at once", maxConcurrent)
                .put("records checked", recordsChecked)
                .put("records lost, reordered, cross-delivered or corrupt", recordErrors)
                .put("end notices checked", notices)
                .put("faults injected", faults)
                .put("kicks", kicks)
                .put("sessions by scenario", byScenario)
                .put("bridges by ending", byReason)
                .put("relayed by the bridges (records)", sbs.stream().mapToLong(sb -> sb.stats().records()).sum())
                .put("heap after GC at checkpoints (KiB)", heapSamplesKiB)
                .put("largest heap growth over the first checkpoint (KiB)", maxHeapGrowth >> 10)
                .put("open descriptors at checkpoints", fdSamples)
                .put("leaks found", 0);
    }

    @Override
    public void close() {
        sbs.forEach(SessionBridge::close);
        fake.close();
        completer.shutdownNow();
        hostCallbacks.shutdownNow();
    }
}
