package io.github.sessionbridge.benchmarks;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code scale [sessions]}: opens 10,000 idle monitor sessions against an {@link IdleCServer} in a
 * separate process; prints the heap each one holds, the threads the library uses, and the time to open
 * and to close them all.
 */
public final class ScaleBenchmark {
    private ScaleBenchmark() {
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            Runtime rt = Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    static long libraryThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("session-bridge")).count();
    }

    /** Opens {@code sessions} idle monitors against an {@link IdleCServer} process; the heap each holds, in bytes. */
    static double heapPerIdleSession(int sessions) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                IdleCServer.class.getName()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            int port = Integer.parseInt(out.readLine().substring("listening ".length()));
            ClientSink idle = new ClientSink() {
                @Override
                public CompletionStage<Void> send(SessionRecord record) {
                    return DONE;
                }

                @Override
                public void end(Notice notice) {
                    // an idle session ends only when closed
                }
            };
            try (SessionBridge bridge = SessionBridge.create(BridgeConfig.builder().tcp("B", port).connectTimeout(java.time.Duration.ofSeconds(30)).build())) {
                long heapBefore = usedHeapAfterGc();
                List<Bridge> bridges = new ArrayList<>(sessions);
                for (int i = 0; i < sessions; i++) {
                    bridges.add(bridge.monitor(Caller.of("bench", "c" + i), "B", "s" + i, idle));
                }
                String line;
                while ((line = out.readLine()) != null && !line.equals("requests " + (sessions / 1000 * 1000))) {
                    // wait until the C side has every request
                }
                double perSession = (usedHeapAfterGc() - heapBefore) / (double) sessions;
                for (Bridge b : bridges) {
                    b.close();
                }
                return perSession;
            }
        } finally {
            server.destroyForcibly();
        }
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                IdleCServer.class.getName()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            int port = Integer.parseInt(out.readLine().substring("listening ".length()));
            ClientSink idle = new ClientSink() {
                @Override
                public CompletionStage<Void> send(SessionRecord record) {
                    return DONE;
                }

                @Override
                public void end(Notice notice) {
                    // an idle session ends only when closed
                }
            };
            long threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            try (SessionBridge bridge = SessionBridge.create(BridgeConfig.builder().tcp("B", port).connectTimeout(java.time.Duration.ofSeconds(30)).build())) {
                long heapBefore = usedHeapAfterGc();
                List<Bridge> bridges = new ArrayList<>(sessions);
                long t0 = System.nanoTime();
                for (int i = 0; i < sessions; i++) {
                    bridges.add(bridge.monitor(Caller.of("bench", "c" + i), "B", "s" + i, idle));
                }
                String line;
                while ((line = out.readLine()) != null && !line.equals("requests " + (sessions / 1000 * 1000))) {
                    // wait until the C side has every request
                }
                double openSecs = (System.nanoTime() - t0) / 1e9;
                long heapAfter = usedHeapAfterGc();
                long libThreads = libraryThreads();
                long threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
                System.out.printf(Locale.ROOT, "sessions open: %d (active %d)%n", sessions, bridge.activeCount());
                System.out.printf(Locale.ROOT, "heap per idle session: %.0f bytes%n", (heapAfter - heapBefore) / (double) sessions);
                System.out.printf(Locale.ROOT, "library threads: %d (JVM threads %d before, %d after)%n", libThreads, threadsBefore, threadsAfter);
                System.out.printf(Locale.ROOT, "time to open all: %.2f s (%.0f sessions/s)%n", openSecs, sessions / openSecs);
                long t1 = System.nanoTime();
                List<CompletableFuture<?>> ended = new ArrayList<>();
                for (Bridge b : bridges) {
                    b.close();
                    ended.add(b.ended().toCompletableFuture());
                }
                CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
                double closeSecs = (System.nanoTime() - t1) / 1e9;
                System.out.printf(Locale.ROOT, "time to close all: %.2f s; active after: %d%n", closeSecs, bridge.activeCount());
            }
        } finally {
            server.destroyForcibly();
        }
    }
}
