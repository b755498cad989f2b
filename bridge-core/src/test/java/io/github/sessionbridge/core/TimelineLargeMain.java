package io.github.sessionbridge.core;

import io.github.sessionbridge.protocol.SessionRecord;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run by {@link TimelineLargeTest} in a {@code -Xmx64m} JVM: a C server on loopback dumps the recording
 * file given as fast as TCP takes it; a timeline plays it at 16x, is paused, and once all of it is received
 * seeks back to the start and plays it to the end. Prints {@code OK ...} with what it counted and the peak heap.
 */
public final class TimelineLargeMain {
    private TimelineLargeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path spool = Path.of(args[1]);
        long expectedRecords = Long.parseLong(args[2]);
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread c = new Thread(() -> {
            try (Socket s = server.accept(); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                InputStream in = s.getInputStream();
                in.read(new byte[256]); // the request line
                OutputStream out = s.getOutputStream();
                ch.transferTo(8, ch.size() - 8, Channels.newChannel(out)); // the units after the magic
                out.flush();
                s.shutdownOutput();
                in.read(new byte[1]); // until the bridge closes
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "c-server");
        c.setDaemon(true);
        c.start();

        AtomicLong sent = new AtomicLong();
        CompletableFuture<Notice> end = new CompletableFuture<>();
        ClientSink sink = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                sent.incrementAndGet();
                return DONE;
            }

            @Override
            public void end(Notice notice) {
                end.complete(notice);
            }
        };
        long t0 = System.nanoTime();
        try (SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.getLocalPort())
                .timelineSpool(TimelineSpool.DEFAULT.withDirectory(spool).withLimits(1 << 20, 3L << 30, 3L << 30)).build())) {
            Timeline t = sb.play(Caller.of("auditor", "ws"), "SSH", "big", sink,
                    PlaybackOptions.builder().speed(16).build());
            // it plays while it receives; paused, it goes on receiving to the end of the stream
            while (sent.get() < 100) {
                Thread.sleep(1);
            }
            t.pause();
            Duration total = t.duration().toCompletableFuture().get(300, TimeUnit.SECONDS); // known at the '3'
            long tReceived = System.nanoTime();
            long before = sent.get();
            Duration at = t.seek(Duration.ZERO).toCompletableFuture().get(60, TimeUnit.SECONDS);
            sent.set(0);
            t.resume();
            Notice n = end.get(300, TimeUnit.SECONDS);
            long tEnd = System.nanoTime();
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("OK reason=%s duration=%d seekedTo=%d sentBeforeSeek=%d sentAfterSeek=%d expected=%d"
                            + " maxHeap=%d peakHeap=%d receiveMs=%d playMs=%d%n", n.reason(), total.toMillis(), at.toMillis(),
                    before, sent.get(), expectedRecords, Runtime.getRuntime().maxMemory(), peak,
                    (tReceived - t0) / 1_000_000, (tEnd - tReceived) / 1_000_000);
        }
    }
}
