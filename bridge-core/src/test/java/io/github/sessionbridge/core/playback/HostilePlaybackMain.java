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
 * Run in a JVM with a small heap ({@code -Xmx64m}) by {@link HostileContentTest}: plays a hostile
 * recording at x16 to its end, seeks all over it, plays it again to END, and exports it as asciicast;
 * prints {@code OK ...} with the peak heap.
 */
public final class HostilePlaybackMain {

    private HostilePlaybackMain() {
    }

    public static void main(String[] args) throws Exception {
        Recording rec = Recording.open(Path.of(args[0]));
        int players = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        ManualScheduler scheduler = new ManualScheduler();
        AtomicLong sent = new AtomicLong();
        java.util.List<CompletableFuture<Notice>> notices = new java.util.ArrayList<>();
        SessionPlayer[] all = new SessionPlayer[players];
        for (int i = 0; i < players; i++) {
            CompletableFuture<Notice> notice = new CompletableFuture<>();
            notices.add(notice);
            ClientSink sink = new ClientSink() {
                @Override
                public CompletionStage<Void> send(SessionRecord record) {
                    sent.addAndGet(record.contentLength());
                    return DONE;
                }

                @Override
                public void end(Notice n) {
                    notice.complete(n);
                }
            };
            all[i] = SessionPlayer.play(rec, sink, PlaybackOptions.builder().scheduler(scheduler).speed(16).build());
        }
        // straight to the end at x16: every player has indexed the whole recording
        scheduler.advanceMillis(24L * 3600 * 1000);
        scheduler.runAll(100_000_000);
        for (CompletableFuture<Notice> n : notices) {
            if (!n.isDone() || n.join().code() != 3) {
                throw new AssertionError("the playback did not end with END: " + n.getNow(null));
            }
        }
        // a player that seeks all over, then plays on to END
        CompletableFuture<Notice> last = new CompletableFuture<>();
        SessionPlayer player = SessionPlayer.play(rec, new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                sent.addAndGet(record.contentLength());
                return DONE;
            }

            @Override
            public void end(Notice n) {
                last.complete(n);
            }
        }, PlaybackOptions.builder().scheduler(scheduler).startPaused(true).build());
        CompletableFuture<Duration> duration = player.duration().toCompletableFuture();
        scheduler.runAll(100_000_000);
        long total = duration.join().toMillis();
        for (double fraction : new double[] {0.9, 0.1, 0.5, 0.99, 0.0, 0.75, 0.3, 1.0}) {
            CompletableFuture<Duration> f = player.seek(Duration.ofMillis((long) (total * fraction))).toCompletableFuture();
            scheduler.runAll(100_000_000);
            f.join();
        }
        player.seek(Duration.ofMillis(total / 2));
        player.speed(16);
        player.resume();
        scheduler.advanceMillis(24L * 3600 * 1000);
        scheduler.runAll(100_000_000);
        if (!last.isDone() || last.join().code() != 3) {
            throw new AssertionError("the seeking playback did not end with END: " + last.getNow(null));
        }
        CountingStream cast = new CountingStream();
        AsciicastWriter.Result result = AsciicastWriter.export(rec, cast, AsciicastWriter.options().build());
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("OK players=%d duration=%d sentBytes=%d castEvents=%d castEnding=%s castBytes=%d peakHeap=%d liveHeapAfterGc=%d%n",
                players, total, sent.get(), result.events(), result.ending(), cast.count, peak, live);
        if (all.length > 0 && all[0].isOpen()) {
            throw new AssertionError("still open");
        }
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
