package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a JVM with a small heap ({@code -Xmx64m}) by {@link LargeRecordingTest}: plays, seeks all over and
 * exports a recording far larger than the heap, then prints one line {@code OK ...} with what it did and the
 * peak heap use.
 */
public final class LargeRecordingMain {

    private LargeRecordingMain() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Recording rec = Recording.open(Path.of(args[0]));
        RecordingInfo info = rec.info();
        long tInfo = System.nanoTime();

        ManualScheduler scheduler = new ManualScheduler();
        AtomicLong sent = new AtomicLong();
        AtomicLong records = new AtomicLong();
        CompletableFuture<Notice> notice = new CompletableFuture<>();
        ClientSink sink = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                sent.addAndGet(record.contentLength());
                records.incrementAndGet();
                return DONE;
            }

            @Override
            public void end(Notice n) {
                notice.complete(n);
            }
        };
        SessionPlayer player = SessionPlayer.play(rec, sink, PlaybackOptions.builder().scheduler(scheduler).startPaused(true)
                .idleLimit(Duration.ofSeconds(2)).build());
        CompletableFuture<Duration> duration = player.duration().toCompletableFuture();
        scheduler.runAll(10_000_000);
        long total = duration.join().toMillis();
        long tIndex = System.nanoTime();
        long maxSeekBytes = 0;
        for (double fraction : new double[] {0.9, 0.1, 0.5, 0.99, 0.0, 0.75, 0.3}) {
            long before = sent.get();
            CompletableFuture<Duration> f = player.seek(Duration.ofMillis((long) (total * fraction))).toCompletableFuture();
            scheduler.runAll(10_000_000);
            f.join();
            maxSeekBytes = Math.max(maxSeekBytes, sent.get() - before);
        }
        long tSeek = System.nanoTime();
        player.speed(16);
        player.resume();
        scheduler.advanceMillis(60_000);
        player.seek(Duration.ofMillis(total - 10_000));
        scheduler.runAll(10_000_000);
        if (!notice.isDone() || notice.join().code() != 3) {
            throw new AssertionError("the playback did not end with END: " + notice.getNow(null));
        }
        long tPlay = System.nanoTime();

        CountingStream cast = new CountingStream();
        AsciicastWriter.Result result = AsciicastWriter.export(rec, cast, AsciicastWriter.options().idleLimit(Duration.ofSeconds(2)).build());
        long tExport = System.nanoTime();

        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("OK size=%d records=%d duration=%d playbackDuration=%d maxSeekBytes=%d sentBytes=%d castBytes=%d castEvents=%d"
                        + " skippedFrames=%d maxHeap=%d peakHeap=%d liveHeapAfterGc=%d infoMs=%d indexMs=%d seeksMs=%d playMs=%d exportMs=%d%n",
                info.sizeBytes(), info.records(), info.duration().toMillis(), total, maxSeekBytes, sent.get(), cast.count,
                result.events(), result.skippedFrames(), Runtime.getRuntime().maxMemory(), peak, live,
                (tInfo - t0) / 1_000_000, (tIndex - tInfo) / 1_000_000, (tSeek - tIndex) / 1_000_000,
                (tPlay - tSeek) / 1_000_000, (tExport - tPlay) / 1_000_000);
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
