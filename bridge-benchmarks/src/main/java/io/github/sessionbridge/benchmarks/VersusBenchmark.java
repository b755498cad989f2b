package io.github.sessionbridge.benchmarks;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issue 21's table in one run: the library against the legacy Node tier (its own fast emitter, a separate
 * process every tier reads from), against the project's raw NIO pump, and a timeline at the live edge against
 * a plain monitor. Every figure is a ratio of two runs made in this run, cold (the first run of each
 * scenario in this JVM) and warm (the median over the later rounds). Without node the Node rows say so and
 * are skipped. {@code versus [--rounds R] [--scale F] [--node-tier DIR] [--only a,b]}.
 */
public final class VersusBenchmark {
    private VersusBenchmark() {
    }

    /** The sinks the table compares: what the host does with each record. */
    enum SinkKind {
        /** Counts the record's wire length. */
        COUNT,
        /** A binary WebSocket frame of the record's wire bytes without a copy: {@code record.encodedBuffer()}. */
        BINARY,
        /** The same frame as the README first showed it: {@code ByteBuffer.wrap(UnitEncoder.encode(record))}, a copy. */
        BINARY_COPY,
        /** The Node tier's own work for socket.io: {@code {type, ts, data: base64(content)}}, by {@code record.contentBase64()}. */
        BASE64
    }

    /** One library or pump run: throughput, latency (µs, sorted) and the JVM's CPU seconds over it. */
    record Run(double seconds, long bytes, long records, long[] latencyUs, double cpuSeconds) {
        double mbPerSecond() {
            return bytes / seconds / 1e6;
        }

        double p99() {
            return latencyUs.length == 0 ? Double.NaN : latencyUs[Math.min(latencyUs.length - 1, (int) (latencyUs.length * 0.99))];
        }
    }

    /** A message as the Node tier hands it to socket.io. */
    private record Message(int type, long ts, String data) {
    }

    static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /**
     * This process's CPU seconds in the kernel (Linux: {@code /proc/self/stat}, field 15, at the usual 100 ticks a
     * second); NaN elsewhere. The kernel's share tells what no tier's code can save: the reads themselves.
     */
    static double processSystemSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]) / 100.0; // field 15 counts from 1 with pid and comm before the ')'
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    static double epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1e6 + now.getNano() / 1e3;
    }

    /** {@code sessions} monitors of the emitter on {@code port}, into {@code kind} sinks; latency from the emitter's stamp. */
    static Run library(int port, int sessions, SinkKind kind, boolean latency) throws Exception {
        LongAdder bytes = new LongAdder();
        LongAdder records = new LongAdder();
        LongAdder sinkBytes = new LongAdder();
        long[] lat = new long[latency ? 4_000_000 : 0];
        AtomicInteger samples = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(sessions);
        ClientSink sink = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                switch (kind) {
                    case COUNT -> sinkBytes.add(record.encodedLength());
                    case BINARY -> sinkBytes.add(record.encodedBuffer().remaining());
                    case BINARY_COPY -> sinkBytes.add(ByteBuffer.wrap(UnitEncoder.encode(record)).remaining());
                    case BASE64 -> {
                        Message m = new Message(record.type().wireByte(), record.timestamp(), record.contentBase64());
                        sinkBytes.add(m.data().length());
                    }
                    default -> throw new AssertionError(kind);
                }
                bytes.add(record.encodedLength());
                records.increment();
                if (latency) {
                    long us = (long) (epochMicros() - record.contentBuffer().getDouble(0));
                    int i = samples.getAndIncrement();
                    if (i < lat.length) {
                        lat[i] = us;
                    }
                }
                return DONE;
            }

            @Override
            public void end(Notice notice) {
                done.countDown();
            }
        };
        BridgeConfig config = BridgeConfig.builder().tcp("B", port).connectTimeout(Duration.ofSeconds(60)).build();
        try (SessionBridge bridge = SessionBridge.create(config)) {
            double cpu0 = processCpuSeconds();
            long t0 = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                bridge.monitor(Caller.of("bench", "c" + i), "B", "s" + i, sink);
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the library run did not finish");
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = processCpuSeconds() - cpu0;
            long[] l = Arrays.copyOf(lat, Math.min(samples.get(), lat.length));
            Arrays.sort(l);
            return new Run(secs, bytes.sum() + sessions, records.sum(), l, cpu);
        }
    }

    /** The project's raw NIO pump on the same emitter: same connections and request, no protocol. */
    static Run pump(int port, int sessions) throws Exception {
        double cpu0 = processCpuSeconds();
        RelayBenchmark.Run r = RelayBenchmark.rawPump(port, sessions, false);
        return new Run(r.seconds(), r.bytes(), 0, new long[0], processCpuSeconds() - cpu0);
    }


    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static long expectBytes(int m, int n, int size) {
        return (long) m * ((long) n * (13 + size) + 1);
    }

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        double scale = 1;
        String nodeDir = null;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--node-tier" -> nodeDir = args[++i];
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("versus [--rounds R] [--scale F] [--node-tier DIR] [--only a,b]: " + args[i]);
            }
        }
        long start = System.nanoTime();
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage()
                + ", java " + System.getProperty("java.version"));
        Optional<NodeTier> node = NodeTier.find(nodeDir);

        VersusRow binary = new VersusRow("library, binary-frame sink, vs lean Node tier (MB/s)", ">= 2x", r -> r >= 2);
        VersusRow base64 = new VersusRow("library, base64 sink, vs lean Node tier (MB/s)", ">= 1.5x", r -> r >= 1.5);
        VersusRow pump1 = new VersusRow("library, counting sink, vs raw NIO pump, 1 session", ">= 0.85x", r -> r >= 0.85);
        VersusRow pump100 = new VersusRow("library, counting sink, vs raw NIO pump, 100 sessions", ">= 0.85x", r -> r >= 0.85);
        VersusRow pump1000 = new VersusRow("library, counting sink, vs raw NIO pump, 1,000 sessions", ">= 0.85x", r -> r >= 0.85);
        VersusRow latency = new VersusRow("p99 latency, 1,000 x 50/s x 1 KiB, library (base64) vs seed tier as written", "<= 0.3x", r -> r <= 0.3);
        VersusRow cpu = new VersusRow("CPU seconds, 10,000 x 10/s x 100 B, library (base64) vs lean Node", "<= 0.5x", r -> r <= 0.5);
        VersusRow heap = new VersusRow("heap per idle session (bytes; 10,000 sessions)", "<= 2048 B", r -> r <= 2048);
        VersusRow timeline = new VersusRow("timeline at the live edge vs plain monitor, p99 latency (1,000 x 50/s x 64 B)", "<= 1.2x", r -> r <= 1.2);
        VersusRow timelineHalf = new VersusRow("the same at half the load (500 x 50/s x 64 B)", "<= 1.2x", r -> r <= 1.2);
        List<VersusRow> table = List.of(binary, base64, pump1, pump100, pump1000, latency, cpu, heap, timeline, timelineHalf);
        if (node.isEmpty()) {
            for (VersusRow r : List.of(binary, base64, latency, cpu)) {
                r.skipped = "skipped: no node";
            }
        }

        int bulkRecords = (int) Math.max(100, 10_000 * scale);
        for (int round = 0; round < rounds; round++) {
            System.out.println("round " + round + (round == 0 ? " (cold: the first run of each scenario in this JVM)" : " (warm)")
                    + ", load average " + loadAverage());
            if (want(only, "throughput")) {
                throughput(node, 100, bulkRecords, binary, base64, pump100);
                for (int sessions : new int[] {1, 1000}) {
                    int n = (int) Math.max(10, bulkRecords * 100L / sessions / 4); // about 1 GB per run
                    throughput(node, sessions, n, null, null, sessions == 1 ? pump1 : pump1000);
                }
            }
            if (node.isPresent() && want(only, "latency")) {
                latency(node.get(), latency, scale);
            }
            if (node.isPresent() && want(only, "cpu")) {
                cpu(node.get(), cpu, scale);
            }
            if (round == 0 && want(only, "heap")) {
                heap.add(ScaleBenchmark.heapPerIdleSession(10_000), "one measurement");
            }
            if (want(only, "timeline")) {
                timeline(timeline, 1000, scale);
                timeline(timelineHalf, 500, scale);
            }
        }

        System.out.println();
        System.out.println("Issue 21, load average at the end " + loadAverage() + ", " + rounds + " rounds (warm: median of rounds 1.."
                + (rounds - 1) + "), " + String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - start) / 1e9));
        System.out.println("| measure | target | cold | warm | status | warm, by CPU per byte |");
        System.out.println("| --- | --- | ---: | ---: | --- | ---: |");
        for (VersusRow r : table) {
            if (r.skipped != null || r.rounds.isEmpty()) {
                System.out.printf(Locale.ROOT, "| %s | %s | - | - | %s | - |%n", r.measure, r.target, r.skipped != null ? r.skipped : "not run");
                continue;
            }
            double w = r.warm();
            String warm = r == heap ? String.format(Locale.ROOT, "%.0f B", w) : String.format(Locale.ROOT, "%.2fx", w);
            String cold = r == heap ? warm : r.cold();
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.measure, r.target, cold, warm, r.pass.test(w) ? "pass" : "**miss**",
                    r.cpuWarm());
        }
    }

    private static boolean want(String only, String scenario) {
        return only == null || Arrays.asList(only.split(",")).contains(scenario);
    }

    /** M sessions × n records of 4 KiB as fast as TCP takes them: Node raw and lean, the pump, the library's sinks. */
    private static void throughput(Optional<NodeTier> node, int m, int n, VersusRow binary, VersusRow base64, VersusRow pumpRow)
            throws Exception {
        int size = 4096;
        long expect = expectBytes(m, n, size);
        double leanMb = Double.NaN;
        double leanCpuPerGb = Double.NaN;
        String nodeNote = "";
        if (node.isPresent() && binary != null) {
            NodeTier t = node.get();
            NodeTier.RelayRun raw;
            NodeTier.RelayRun lean;
            try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 0)) {
                raw = t.relay(e.port(), m, "--raw", 0, expect);
                e.awaitDone();
            }
            try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 0)) {
                lean = t.relay(e.port(), m, "--lean", (long) m * n, expect);
                e.awaitDone();
            }
            leanMb = lean.number("mb_per_s");
            leanCpuPerGb = lean.cpuSeconds() / (lean.number("bytes") / 1e9);
            nodeNote = String.format(Locale.ROOT, "node raw %.0f MB/s%s, lean %.0f MB/s%s", raw.number("mb_per_s"), raw.ok() ? "" : " NOT OK",
                    leanMb, lean.ok() ? "" : " NOT OK");
        }
        Run pumpRun;
        Run count;
        if (node.isPresent()) {
            NodeTier t = node.get();
            try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 0)) {
                pumpRun = pump(e.port(), m);
                e.awaitDone();
            }
            try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 0)) {
                count = library(e.port(), m, SinkKind.COUNT, false);
                e.awaitDone();
            }
        } else {
            long perConn = (long) n * (13 + size);
            try (Emitter e = Emitter.bulk(size, perConn)) {
                pumpRun = pump(e.port(), m);
            }
            try (Emitter e = Emitter.bulk(size, perConn)) {
                count = library(e.port(), m, SinkKind.COUNT, false);
            }
        }
        check(count, pumpRun.bytes());
        pumpRow.add(count.mbPerSecond() / pumpRun.mbPerSecond(), String.format(Locale.ROOT,
                "%d sessions: library %.0f MB/s, pump %.0f MB/s; CPU s/GB library %.2f, pump %.2f", m, count.mbPerSecond(),
                pumpRun.mbPerSecond(), cpuPerGb(count), cpuPerGb(pumpRun)));
        pumpRow.addCpu(cpuPerGb(pumpRun) / cpuPerGb(count));
        if (node.isPresent() && binary != null) {
            NodeTier t = node.get();
            Run bin;
            Run b64;
            try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 0)) {
                bin = library(e.port(), m, SinkKind.BINARY, false);
                e.awaitDone();
            }
            try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 0)) {
                b64 = library(e.port(), m, SinkKind.BASE64, false);
                e.awaitDone();
            }
            Run copy;
            try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 0)) {
                copy = library(e.port(), m, SinkKind.BINARY_COPY, false);
                e.awaitDone();
            }
            check(bin, expect);
            check(b64, expect);
            check(copy, expect);
            double leanCpu = leanCpuPerGb;
            binary.add(bin.mbPerSecond() / leanMb, String.format(Locale.ROOT, "binary (encodedBuffer) %.0f MB/s, binary (UnitEncoder.encode,"
                    + " a copy) %.0f MB/s = %.2fx lean; CPU s/GB binary %.2f, copy %.2f, counting %.2f, lean node %.2f; %s", bin.mbPerSecond(),
                    copy.mbPerSecond(), copy.mbPerSecond() / leanMb, cpuPerGb(bin), cpuPerGb(copy), cpuPerGb(count), leanCpu, nodeNote));
            binary.addCpu(leanCpu / cpuPerGb(bin));
            base64.add(b64.mbPerSecond() / leanMb, String.format(Locale.ROOT, "base64 %.0f MB/s, CPU s/GB %.2f; %s", b64.mbPerSecond(),
                    cpuPerGb(b64), nodeNote));
            base64.addCpu(leanCpu / cpuPerGb(b64));
        }
    }

    private static double cpuPerGb(Run r) {
        return r.cpuSeconds() / (r.bytes() / 1e9);
    }

    private static void check(Run r, long expectBytes) {
        if (r.bytes() != expectBytes) {
            System.out.println("  WARNING: the library run moved " + r.bytes() + " bytes, expected " + expectBytes);
        }
    }

    /** 1,000 sessions × 50 records/s × 1 KiB for 10 s: the seed tier as written vs the library. */
    private static void latency(NodeTier t, VersusRow row, double scale) throws Exception {
        int m = 1000;
        int n = (int) Math.max(100, 500 * scale);
        int size = 1024;
        NodeTier.RelayRun seed;
        String lag;
        try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 50)) {
            seed = t.relay(e.port(), m, "", (long) m * n, expectBytes(m, n, size));
            lag = e.awaitDone();
        }
        Run lib;
        String libLag;
        try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 50)) {
            lib = library(e.port(), m, SinkKind.BASE64, true);
            libLag = e.awaitDone();
        }
        double seedP99 = seed.number("p99_us");
        row.add(lib.p99() / seedP99, String.format(Locale.ROOT, "p99 library %.0f us (%d records), seed %.0f us%s; emitter: %s / %s",
                lib.p99(), lib.latencyUs().length, seedP99, seed.ok() ? "" : " NOT OK", lag.replace("emitter done: ", ""),
                libLag.replace("emitter done: ", "")));
    }

    /** 10,000 sessions × 10 records/s × 100 B for 10 s: CPU seconds of the lean Node tier vs the library's JVM. */
    private static void cpu(NodeTier t, VersusRow row, double scale) throws Exception {
        int m = 10_000;
        int n = (int) Math.max(30, 100 * scale);
        int size = 100;
        NodeTier.RelayRun lean;
        String lag;
        try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 10)) {
            lean = t.relay(e.port(), m, "--lean", (long) m * n, expectBytes(m, n, size));
            lag = e.awaitDone();
        }
        Run lib;
        String libLag;
        double sys0 = processSystemSeconds();
        try (NodeTier.EmitterProcess e = t.emitter(m, n, size, 10)) {
            lib = library(e.port(), m, SinkKind.BASE64, false);
            libLag = e.awaitDone();
        }
        double libSys = processSystemSeconds() - sys0;
        check(lib, expectBytes(m, n, size));
        row.add(lib.cpuSeconds() / lean.cpuSeconds(), String.format(Locale.ROOT,
                "CPU library %.2f s (kernel %.2f s) over %.1f s, lean node %.2f s (kernel %.2f s) over %.1f s%s; emitter: %s / %s",
                lib.cpuSeconds(), libSys, lib.seconds(), lean.cpuSeconds(), lean.systemSeconds(), lean.number("seconds"),
                lean.ok() ? "" : " NOT OK", lag.replace("emitter done: ", ""), libLag.replace("emitter done: ", "")));
    }

    /** {@code sessions} × 50 records/s of 64 B for 10 s: plain monitors, then timelines at the live edge. */
    private static void timeline(VersusRow row, int sessions, double scale) throws Exception {
        long interval = TimeUnit.MILLISECONDS.toNanos(20);
        long duration = TimeUnit.MILLISECONDS.toNanos((long) Math.max(3000, 10_000 * scale));
        RelayBenchmark.Run monitor;
        RelayBenchmark.Run tl;
        double c0 = processCpuSeconds();
        long[] g0 = RelayBenchmark.gcPauses();
        try (Emitter e = Emitter.paced(interval, duration)) {
            monitor = RelayBenchmark.viaBridge(e, sessions, true, 1, false);
        }
        double c1 = processCpuSeconds();
        long[] g1 = RelayBenchmark.gcPauses();
        try (Emitter e = Emitter.paced(interval, duration)) {
            tl = RelayBenchmark.viaBridge(e, sessions, true, 1, true);
        }
        double c2 = processCpuSeconds();
        long[] g2 = RelayBenchmark.gcPauses();
        long[] ml = monitor.latencies();
        long[] tll = tl.latencies();
        double mp = ml[(int) (ml.length * 0.99)] / 1e6;
        double tp = tll[(int) (tll.length * 0.99)] / 1e6;
        row.addCpu((c1 - c0) / (c2 - c1));
        row.add(tp / mp, String.format(Locale.ROOT, "p99 timeline %.2f ms (%d records), monitor %.2f ms (%d records); JVM CPU"
                + " (emitter included) timeline %.1f s, monitor %.1f s; collections timeline %d (%d ms), monitor %d (%d ms)",
                tp, tll.length, mp, ml.length, c2 - c1, c1 - c0, g2[0] - g1[0], g2[1] - g1[1], g1[0] - g0[0], g1[1] - g0[1]));
    }
}
