package io.github.sessionbridge.testkit.reliability;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.UnitEncoder;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in its own JVM with a small heap ({@code java -Xmx64m -cp ... MemoryProbe [sessions]}): a
 * peer claiming a 4 GiB record (and other impossible lengths) is refused from the header alone, and
 * {@code sessions} (default 1,000) bridges, each holding a partial record whose header claims the
 * maximum 16 MiB, fit in the heap beside their fake C server. Prints its figures as
 * {@code figure <name>: <value>} lines; exits 0 when every promise held, 1 (with the reason on
 * stderr) when one did not, 2 when the JVM ran out of memory.
 */
public final class MemoryProbe {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Body bytes each partial record has really sent, of the 16 MiB it claims. */
    static final int PARTIAL_BODY = 4096;

    private MemoryProbe() {
    }

    /** Counts records and notices; keeps nothing else. */
    static final class CountingSink implements ClientSink {
        final AtomicInteger records = new AtomicInteger();
        final List<Notice> notices = new ArrayList<>();

        @Override
        public CompletionStage<Void> send(SessionRecord record) {
            records.incrementAndGet();
            return DONE;
        }

        @Override
        public synchronized void end(Notice notice) {
            notices.add(notice);
        }

        synchronized List<Notice> notices() {
            return List.copyOf(notices);
        }
    }

    /**
     * Entry point.
     *
     * @param args the number of sessions (default 1000)
     */
    public static void main(String[] args) {
        int code;
        try {
            code = run(args.length > 0 ? Integer.parseInt(args[0]) : 1000);
        } catch (OutOfMemoryError e) {
            System.err.println("OUT OF MEMORY: " + e);
            code = 2;
        } catch (Throwable t) {
            System.err.println("FAILED: " + t);
            t.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    static void figure(String name, Object value) {
        System.out.println("figure " + name + ": " + value);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    static long heapUsedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long softFdLimit() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String v = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v);
            }
        }
        return -1;
    }

    static int run(int sessions) throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        figure("max heap (MiB)", maxHeap >> 20);
        check(maxHeap <= 80L << 20, "run me with -Xmx64m: the max heap is " + (maxHeap >> 20) + " MiB");
        long fdLimit = softFdLimit();
        figure("open file limit", fdLimit);
        check(fdLimit < 0 || fdLimit >= 2L * sessions + 256, "the open file limit " + fdLimit + " is too low for "
                + sessions + " sessions (both ends are in this JVM): raise ulimit -n");

        try (FakeCServer fake = FakeCServer.builder().start();
             SessionBridge sb = SessionBridge.create(fake.bridgeConfig().ioThreads(2).build())) {
            long baseline = heapUsedAfterGc();
            figure("heap used at start (KiB)", baseline >> 10);

            // 1. impossible lengths: refused from the 5-byte header alone, whatever the body would be
            long[] claims = {0xFFFF_FFFFL, 0x8000_0000L, 0x7FFF_FFFFL, StreamDecoder.DEFAULT_MAX_RECORD_SIZE + 1L};
            for (int i = 0; i < claims.length; i++) {
                fake.session("claim-" + i).sendsOversizedHeader(claims[i]).sendsBytes(new byte[1024]).then(Ending.STALL);
                CountingSink sink = new CountingSink();
                Bridge b = sb.monitor(Caller.of("probe", "ws-claim"), "SSH", "claim-" + i, sink);
                EndReason r = b.ended().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                check(r == EndReason.PROTOCOL_ERROR, "a header claiming " + claims[i] + " bytes ended with " + r);
                check(sink.notices().size() == 1 && sink.records.get() == 0, "claim " + claims[i] + ": " + sink.notices());
            }
            figure("impossible length claims refused (incl. 4 GiB)", claims.length);
            long afterClaims = heapUsedAfterGc();
            figure("heap used after the claims (KiB)", afterClaims >> 10);

            // 2. every session holds a partial record claiming the maximum, 16 MiB: one whole record
            //    first (so the client shows the bridge has read the write), then the header, timestamp
            //    and 4 KiB of body, then nothing more
            byte[] whole = UnitEncoder.encode(Seq.record("p", 0, 32));
            ByteBuffer wire = ByteBuffer.allocate(whole.length + RecordType.HEADER_LENGTH + RecordType.TIMESTAMP_LENGTH + PARTIAL_BODY);
            wire.put(whole).put(RecordType.TERMINAL_DATA.wireByte()).putInt(StreamDecoder.DEFAULT_MAX_RECORD_SIZE)
                    .putLong(Seq.T0).put(new byte[PARTIAL_BODY]);
            fake.unknownSessions().clear().sendsBytes(wire.array()).then(Ending.STALL);

            List<CountingSink> sinks = new ArrayList<>(sessions);
            for (int i = 0; i < sessions; i++) {
                CountingSink s = new CountingSink();
                sinks.add(s);
                sb.monitor(Caller.of("probe", "ws-" + i), "SSH", "p-" + i, s);
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (sinks.stream().anyMatch(s -> s.records.get() < 1) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long got = sinks.stream().filter(s -> s.records.get() == 1).count();
            check(got == sessions, "only " + got + " of " + sessions + " clients got the record before the partial one");
            Thread.sleep(500);
            long held = heapUsedAfterGc();
            int open = sb.activeCount();
            int cOpen = fake.activeConnections();
            figure("sessions holding a partial 16 MiB record", open);
            figure("C connections open", cOpen);
            figure("heap used while holding them (KiB)", held >> 10);
            figure("heap per held session (bytes)", (held - afterClaims) / Math.max(1, sessions));
            check(open == sessions, "only " + open + " of " + sessions + " bridges are still open");
            check(cOpen == sessions, "only " + cOpen + " of " + sessions + " C connections are still open");
            check(sinks.stream().allMatch(s -> s.notices().isEmpty()), "a client holding a partial record was told it ended");
            check(held < maxHeap / 2, "holding " + sessions + " partial records uses " + (held >> 20) + " MiB of a "
                    + (maxHeap >> 20) + " MiB heap");

            sb.close();
            long shut = sinks.stream().filter(s -> s.notices().equals(List.of(Notice.of(EndReason.SHUTDOWN,
                    sb.config().noticeText(EndReason.SHUTDOWN))))).count();
            figure("clients told SHUTDOWN exactly once", shut);
            check(shut == sessions, "only " + shut + " of " + sessions + " clients were told SHUTDOWN exactly once");
            check(sb.activeCount() == 0, "bridges left after close: " + sb.activeCount());
            fake.awaitActiveConnections(0, WAIT);
        }
        figure("heap used at the end (KiB)", heapUsedAfterGc() >> 10);
        System.out.println("OK");
        return 0;
    }
}
