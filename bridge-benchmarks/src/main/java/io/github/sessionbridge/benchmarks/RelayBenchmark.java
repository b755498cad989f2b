package io.github.sessionbridge.benchmarks;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Relay end to end over loopback TCP: a fast C-side {@link Emitter} → {@code SessionBridge} with the
 * default transport → counting sinks; the baseline is a raw NIO pump over as many connections moving
 * the same bytes into the same sinks with no protocol. Prints throughput for 1, 100 and 1,000
 * sessions, and latency from the C-side write to the sink at 1,000 sessions × 50 records/s.
 */
public final class RelayBenchmark {

    private RelayBenchmark() {
    }

    /** What a run measured. */
    record Run(double seconds, long bytes, long records, long[] latencies) {
        double mbPerSecond() {
            return bytes / seconds / 1e6;
        }
    }

    /** Counts what reaches the clients, and the latency of paced records. */
    static final class CountingSinks {
        final LongAdder bytes = new LongAdder();
        final LongAdder records = new LongAdder();
        final long[] latencies;
        final AtomicInteger samples = new AtomicInteger();
        final CountDownLatch done;

        CountingSinks(int sessions, int maxSamples) {
            done = new CountDownLatch(sessions);
            latencies = new long[maxSamples];
        }

        void received(int byteCount, long sentNanos) {
            bytes.add(byteCount);
            records.increment();
            if (sentNanos != 0) {
                int i = samples.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = System.nanoTime() - sentNanos;
                }
            }
        }

        long[] sortedLatencies() {
            long[] l = Arrays.copyOf(latencies, Math.min(samples.get(), latencies.length));
            Arrays.sort(l);
            return l;
        }
    }

    static Run viaBridge(Emitter emitter, int sessions, boolean paced, int ioThreads) throws Exception {
        return viaBridge(emitter, sessions, paced, ioThreads, false);
    }

    /** Through monitors, or ({@code timelines}) through timelines playing at the live edge. */
    static Run viaBridge(Emitter emitter, int sessions, boolean paced, int ioThreads, boolean timelines) throws Exception {
        CountingSinks counts = new CountingSinks(sessions, paced ? 2_000_000 : 0);
        ClientSink sink = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                counts.received(record.encodedLength(), paced ? record.contentBuffer().getLong(0) : 0);
                return DONE;
            }

            @Override
            public void end(Notice notice) {
                counts.done.countDown();
            }
        };
        try (SessionBridge bridge = SessionBridge.create(BridgeConfig.builder().tcp("B", emitter.port()).ioThreads(ioThreads).build())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                if (timelines) {
                    bridge.play(Caller.of("bench", "c" + i), "B", "s" + i, sink, io.github.sessionbridge.core.PlaybackOptions.defaults());
                } else {
                    bridge.monitor(Caller.of("bench", "c" + i), "B", "s" + i, sink);
                }
            }
            if (!counts.done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the bridge run did not finish");
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Run(secs, counts.bytes.sum(), counts.records.sum(), counts.sortedLatencies());
        }
    }

    /**
     * What one read of the raw pump takes: as much as the library's largest read (256 KiB, which costs the
     * kernel less per byte than 64 KiB), so the two read alike and differ only by what the library does.
     */
    static final int PUMP_READ = 256 * 1024;

    /** The baseline: a raw NIO pump on one selector thread, no protocol; paced records framed by their fixed size. */
    static Run rawPump(Emitter emitter, int sessions, boolean paced) throws Exception {
        return rawPump(emitter.port(), sessions, paced);
    }

    /** The raw pump against any emitter on loopback {@code port} (paced framing only for {@link Emitter#paced}). */
    static Run rawPump(int port, int sessions, boolean paced) throws Exception {
        CountingSinks counts = new CountingSinks(sessions, paced ? 2_000_000 : 0);
        try (Selector selector = Selector.open()) {
            long t0 = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                ch.register(selector, SelectionKey.OP_CONNECT, new byte[Emitter.PACED_RECORD + 4]);
            }
            ByteBuffer buf = ByteBuffer.allocateDirect(PUMP_READ);
            int open = sessions;
            while (open > 0) {
                selector.select();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    SocketChannel ch = (SocketChannel) k.channel();
                    if (k.isConnectable()) {
                        ch.finishConnect();
                        ch.write(ByteBuffer.wrap("[flag]=0&[sessionid]=raw".getBytes(StandardCharsets.US_ASCII)));
                        k.interestOps(SelectionKey.OP_READ);
                        continue;
                    }
                    buf.clear();
                    int n = ch.read(buf);
                    if (n < 0) {
                        k.cancel();
                        ch.close();
                        open--;
                        counts.done.countDown();
                        continue;
                    }
                    buf.flip();
                    if (paced) {
                        frame((byte[]) k.attachment(), buf, counts);
                    } else {
                        counts.received(n, 0);
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Run(secs, counts.bytes.sum(), counts.records.sum(), counts.sortedLatencies());
        }
    }

    /** Fixed-size framing of paced records: {@code acc[0..3]} holds how many bytes of a record are buffered. */
    private static void frame(byte[] acc, ByteBuffer buf, CountingSinks counts) {
        int have = ((acc[0] & 0xff) << 8) | (acc[1] & 0xff);
        while (buf.hasRemaining()) {
            if (have == 0 && buf.remaining() == 1 && buf.get(buf.position()) == '3') {
                buf.get();
                break;
            }
            int take = Math.min(Emitter.PACED_RECORD - have, buf.remaining());
            buf.get(acc, 4 + have, take);
            have += take;
            if (have == Emitter.PACED_RECORD) {
                counts.received(Emitter.PACED_RECORD, ByteBuffer.wrap(acc, 4 + Emitter.PACED_TIME_OFFSET, 8).getLong());
                have = 0;
            }
        }
        acc[0] = (byte) (have >> 8);
        acc[1] = (byte) have;
    }

    /**
     * The collections so far and their total time in milliseconds, over all collectors (G1's young and mixed
     * pauses, mostly): a latency benchmark's tail is often a pause, and this says how many fell in a run.
     */
    static long[] gcPauses() {
        long count = 0;
        long millis = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static String pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6);
    }

    /**
     * {@code relay [repeats] [totalMiB] [pacedSeconds]}: throughput at 1/100/1000 sessions and latency at
     * 1000 × 50 rec/s; every figure against the raw pump measured in the same run.
     */
    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long totalBytes = (args.length > 1 ? Long.parseLong(args[1]) : 256) * 1024 * 1024;
        int pacedSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        System.out.println("relay throughput: 4 KiB terminal records, " + totalBytes / (1024 * 1024) + " MiB per run, median of " + repeats);
        System.out.println("| sessions | bridge MB/s | bridge records/s | raw pump MB/s | bridge / raw |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: |");
        for (int sessions : new int[] {1, 100, 1000}) {
            double[] ratio = new double[repeats];
            double[] bridgeMb = new double[repeats];
            double[] rawMb = new double[repeats];
            double[] recs = new double[repeats];
            for (int w = 0; w < 3; w++) { // warm-up runs of this configuration (JIT), not measured
                try (Emitter e = Emitter.bulk(4096, totalBytes / sessions)) {
                    rawPump(e, sessions, false);
                }
                try (Emitter e = Emitter.bulk(4096, totalBytes / sessions)) {
                    viaBridge(e, sessions, false, 1);
                }
            }
            for (int r = 0; r < repeats; r++) {
                Run raw;
                Run br;
                try (Emitter e = Emitter.bulk(4096, totalBytes / sessions)) {
                    raw = rawPump(e, sessions, false);
                }
                try (Emitter e = Emitter.bulk(4096, totalBytes / sessions)) {
                    br = viaBridge(e, sessions, false, 1);
                }
                bridgeMb[r] = br.mbPerSecond();
                rawMb[r] = raw.mbPerSecond();
                recs[r] = br.records() / br.seconds();
                ratio[r] = bridgeMb[r] / rawMb[r];
            }
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.2fx |%n", sessions, median(bridgeMb), median(recs), median(rawMb), median(ratio));
        }
        System.out.println();
        System.out.println("relay latency, C-side write to sink: 1,000 sessions x 50 records/s of 64 B for " + pacedSeconds + " s (ms)");
        System.out.println("| path | records | p50 | p99 | p99.9 |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        long interval = TimeUnit.MILLISECONDS.toNanos(20);
        try (Emitter e = Emitter.paced(interval, TimeUnit.SECONDS.toNanos(2))) {
            rawPump(e, 1000, true);
        }
        try (Emitter e = Emitter.paced(interval, TimeUnit.SECONDS.toNanos(2))) {
            viaBridge(e, 1000, true, 1);
        }
        Run raw;
        Run br;
        try (Emitter e = Emitter.paced(interval, TimeUnit.SECONDS.toNanos(pacedSeconds))) {
            raw = rawPump(e, 1000, true);
        }
        try (Emitter e = Emitter.paced(interval, TimeUnit.SECONDS.toNanos(pacedSeconds))) {
            br = viaBridge(e, 1000, true, 1);
        }
        for (var entry : new Object[][] {{"raw pump", raw}, {"session-bridge", br}}) {
            Run run = (Run) entry[1];
            long[] l = run.latencies();
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", entry[0], l.length, pct(l, 0.5), pct(l, 0.99), pct(l, 0.999));
        }
        long[] rl = raw.latencies();
        long[] bl = br.latencies();
        if (rl.length > 0 && bl.length > 0) {
            System.out.printf(Locale.ROOT, "p99 bridge / raw: %.2fx%n",
                    (double) bl[(int) (bl.length * 0.99)] / rl[(int) (rl.length * 0.99)]);
        }
    }
}
