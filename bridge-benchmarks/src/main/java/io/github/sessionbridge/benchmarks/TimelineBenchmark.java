package io.github.sessionbridge.benchmarks;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.Timeline;
import io.github.sessionbridge.protocol.SessionRecord;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Timelines against plain monitors on the same load, in one run: latency from the C-side write to the
 * sink at the live edge (sessions × 50 records/s), and a recording dumped as fast as TCP takes it: time to
 * the first record and the heap after. {@code timeline [pacedSeconds] [sessions] [dumpMiB]}.
 */
public final class TimelineBenchmark {
    private TimelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pacedSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long dumpBytes = (args.length > 2 ? Long.parseLong(args[2]) : 256) * 1024 * 1024;
        long interval = TimeUnit.MILLISECONDS.toNanos(20);
        System.out.println("live edge latency, C-side write to sink: " + sessions + " sessions x 50 records/s of 64 B for "
                + pacedSeconds + " s (ms), monitor and timeline in turn, after a 2 s warm-up of each");
        for (boolean timeline : new boolean[] {false, true}) {
            try (Emitter e = Emitter.paced(interval, TimeUnit.SECONDS.toNanos(2))) {
                RelayBenchmark.viaBridge(e, sessions, true, 1, timeline);
            }
        }
        RelayBenchmark.Run monitor;
        RelayBenchmark.Run timeline;
        long[] g0 = RelayBenchmark.gcPauses();
        try (Emitter e = Emitter.paced(interval, TimeUnit.SECONDS.toNanos(pacedSeconds))) {
            monitor = RelayBenchmark.viaBridge(e, sessions, true, 1, false);
        }
        long[] g1 = RelayBenchmark.gcPauses();
        try (Emitter e = Emitter.paced(interval, TimeUnit.SECONDS.toNanos(pacedSeconds))) {
            timeline = RelayBenchmark.viaBridge(e, sessions, true, 1, true);
        }
        long[] g2 = RelayBenchmark.gcPauses();
        System.out.printf(Locale.ROOT, "collections during the run: monitor %d (%d ms), timeline %d (%d ms)%n", g1[0] - g0[0],
                g1[1] - g0[1], g2[0] - g1[0], g2[1] - g1[1]);
        System.out.println("| path | records | p50 | p99 | p99.9 |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        for (Object[] row : new Object[][] {{"monitor", monitor}, {"timeline at the live edge", timeline}}) {
            long[] l = ((RelayBenchmark.Run) row[1]).latencies();
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", row[0], l.length, RelayBenchmark.pct(l, 0.5),
                    RelayBenchmark.pct(l, 0.99), RelayBenchmark.pct(l, 0.999));
        }
        long[] ml = monitor.latencies();
        long[] tl = timeline.latencies();
        if (ml.length > 0 && tl.length > 0) {
            System.out.printf(Locale.ROOT, "p99 timeline / monitor: %.2fx; records timeline / monitor: %.3f%n",
                    (double) tl[(int) (tl.length * 0.99)] / ml[(int) (ml.length * 0.99)], (double) tl.length / ml.length);
        }

        System.out.println();
        System.out.println("a recording of " + dumpBytes / (1024 * 1024) + " MiB (4 KiB records) dumped as fast as TCP takes it,"
                + " one session: monitor vs timeline");
        System.out.println("| path | first record (ms) | all received (ms) | live heap after GC, before the end (MiB) |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (boolean asTimeline : new boolean[] {false, true, false, true}) {
            try (Emitter e = Emitter.bulk(4096, dumpBytes)) {
                dump(e, asTimeline, asTimeline ? "timeline" : "monitor");
            }
        }
    }

    private static void dump(Emitter e, boolean asTimeline, String name) throws Exception {
        CompletableFuture<Long> first = new CompletableFuture<>();
        CompletableFuture<Notice> end = new CompletableFuture<>();
        ClientSink sink = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                if (!first.isDone()) {
                    first.complete(System.nanoTime());
                }
                return DONE;
            }

            @Override
            public void end(Notice notice) {
                end.complete(notice);
            }
        };
        try (SessionBridge bridge = SessionBridge.create(BridgeConfig.builder().tcp("B", e.port()).build())) {
            long t0 = System.nanoTime();
            long allAt;
            long heap;
            if (asTimeline) {
                // the records are stamped 1 ms apart: the timeline plays them at that pace while it receives
                // the whole dump into its spool; the duration is known once the '3' has been received
                Timeline t = bridge.play(Caller.of("bench", "c"), "B", "s", sink, PlaybackOptions.defaults());
                t.duration().toCompletableFuture().get(10, TimeUnit.MINUTES);
                allAt = System.nanoTime();
                System.gc();
                heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                t.close();
            } else {
                bridge.monitor(Caller.of("bench", "c"), "B", "s", sink);
                end.get(10, TimeUnit.MINUTES);
                allAt = System.nanoTime();
                System.gc();
                heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f | %d | %d |%n", name, (first.get() - t0) / 1e6, (allAt - t0) / 1_000_000,
                    heap >> 20);
        }
    }
}
