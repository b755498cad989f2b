package io.github.sessionbridge.recordings.s3;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.Playback;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.Timeline;
import io.github.sessionbridge.core.TimelineSpool;
import io.github.sessionbridge.core.integrity.ManifestKeys;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.RecordingSource;
import io.github.sessionbridge.core.playback.SessionPlayer;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Run by {@link S3LargeRecordingTest} in a {@code -Xmx64m} JVM, against the S3Proxy of the test's JVM:
 * <ol>
 * <li>the player: {@link S3RecordingStore#open} of the 1 GiB object, played with
 *     {@code requireManifest} (the verify pass reads all of it), seeked paused to several places (each screen
 *     checked: it ends with the record at the target, and the records played next follow it exactly), then
 *     seeked to 0 and played to its end, every record compared byte for byte;</li>
 * <li>the timeline: a C server on loopback serves the object as a C server would (§7: its units as fast as
 *     TCP takes them, read from the bucket by range requests), {@link SessionBridge#play} plays it, is
 *     paused, seeked back to the middle once all is received, and played to its end, every record checked.</li>
 * </ol>
 * Prints one line {@code OK ...} with what it counted and the peak heap; anything wrong is an exception.
 */
public final class S3LargeMain {
    private S3LargeMain() {
    }

    public static void main(String[] args) throws Exception {
        int s3Port = Integer.parseInt(args[0]);
        String key = args[1];
        ManifestKeys trusted = ManifestKeys.load(List.of(Path.of(args[2])));
        Path spool = Path.of(args[3]);
        long n = BigSession.RECORDS;
        StringBuilder report = new StringBuilder("OK");
        try (S3Client s3 = S3ProxyServer.client(s3Port, Duration.ofSeconds(30));
             S3RecordingStore store = S3RecordingStore.builder(s3, S3StoreTest.BUCKET).spool(spool.resolve("s3")).build()) {
            long t0 = System.nanoTime();
            Recording rec = store.open(key);
            CheckingSink sink = new CheckingSink();
            SessionPlayer player = SessionPlayer.play(rec, sink, PlaybackOptions.builder().speed(16).startPaused(true)
                    .requireManifest(trusted).build());
            long duration = player.duration().toCompletableFuture().get(240, TimeUnit.SECONDS).toMillis();
            check(duration == n - 1, "player duration " + duration + " ms, expected " + (n - 1));
            long tIndexed = System.nanoTime();
            long maxSeekBytes = 0;
            for (double f : new double[] {0.9, 0.1, 0.5, 0.99, 0.3}) {
                maxSeekBytes = Math.max(maxSeekBytes, seekAndCheck(player, sink, (long) (duration * f) + 3, 16));
            }
            seekAndCheck(player, sink, 0, -1);
            player.resume();
            Notice end = sink.end.get(240, TimeUnit.SECONDS);
            check(end.code() == 3, "the player ended " + end);
            sink.failIfWrong();
            check(sink.expect.get() == n, "the player played up to record " + sink.expect.get() + ", not to " + n);
            long tPlayed = System.nanoTime();
            report.append(" player: records=").append(n).append(" duration=").append(duration).append(" maxSeekBytes=")
                    .append(maxSeekBytes).append(" verifyAndIndexMs=").append((tIndexed - t0) / 1_000_000).append(" playMs=")
                    .append((tPlayed - tIndexed) / 1_000_000);

            long playedByTimeline = timeline(store.source(key), spool.resolve("timeline"), n, report);
            check(playedByTimeline == n, "the timeline played up to " + playedByTimeline);
            try (Stream<Path> s = Files.list(spool.resolve("timeline"))) {
                check(s.findAny().isEmpty(), "the timeline's spool is deleted when it ends");
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(report.append(" maxHeap=").append(Runtime.getRuntime().maxMemory()).append(" peakHeap=").append(peak));
    }

    /**
     * Seeks the paused {@code p} to {@code target} ms and checks the screen it sends ends with record
     * {@code target}; then, unless {@code follow} is negative, plays {@code follow} records and checks they are
     * the ones after it. Returns the bytes the seek sent.
     */
    static long seekAndCheck(Playback p, CheckingSink sink, long target, int follow) throws Exception {
        sink.collect();
        Duration at = p.seek(Duration.ofMillis(target)).toCompletableFuture().get(120, TimeUnit.SECONDS);
        check(at.toMillis() == target, "seek to " + target + " reached " + at);
        check(sink.tailEquals(BigSession.content(target)), "the screen sent by the seek to " + target
                + " does not end with record " + target);
        long sent = sink.collected.get();
        check(sent < 17L << 20, "the seek to " + target + " sent " + sent + " bytes: more than from its keyframe");
        sink.expectFrom(target + 1);
        if (follow > 0) {
            p.resume();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sink.expect.get() < target + 1 + follow && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            p.pause();
            sink.failIfWrong();
            check(sink.expect.get() >= target + 1 + follow, "after the seek to " + target + " nothing more played");
            Thread.sleep(100); // what was on its way when paused arrives, checked
            sink.failIfWrong();
        }
        return sent;
    }

    /** A C server serving the object from the bucket, a timeline playing it; returns where it played up to. */
    static long timeline(RecordingSource source, Path spool, long n, StringBuilder report) throws Exception {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread c = new Thread(() -> serve(server, source), "c-server");
        c.setDaemon(true);
        c.start();
        CheckingSink sink = new CheckingSink();
        sink.expectFrom(0);
        long t0 = System.nanoTime();
        try (SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.getLocalPort())
                .timelineSpool(TimelineSpool.DEFAULT.withDirectory(spool).withLimits(1 << 20, 3L << 30, 3L << 30)).build())) {
            Timeline t = sb.play(Caller.of("auditor", "ws"), "SSH", "s-big", sink, PlaybackOptions.builder().speed(16).build());
            while (sink.expect.get() < 200) {
                sink.failIfWrong();
                Thread.sleep(1);
            }
            t.pause();
            long duration = t.duration().toCompletableFuture().get(240, TimeUnit.SECONDS).toMillis(); // known at the '3'
            check(duration == n - 1, "timeline duration " + duration + " ms, expected " + (n - 1));
            Thread.sleep(100);
            sink.failIfWrong();
            long tReceived = System.nanoTime();
            long seekBytes = seekAndCheck(t, sink, n / 2 + 77, -1);
            t.resume();
            Notice end = sink.end.get(240, TimeUnit.SECONDS);
            check(end.code() == 3, "the timeline ended " + end);
            sink.failIfWrong();
            report.append(" timeline: duration=").append(duration).append(" seekBytes=").append(seekBytes).append(" receiveMs=")
                    .append((tReceived - t0) / 1_000_000).append(" playMs=").append((System.nanoTime() - tReceived) / 1_000_000);
            return sink.expect.get();
        } finally {
            server.close();
        }
    }

    /** As a C server serving a recorded session (§7): after the request, its units (the object after the magic). */
    private static void serve(ServerSocket server, RecordingSource source) {
        try (Socket s = server.accept(); ReadableByteChannel in = source.openAt(RecordingWriter.MAGIC.length())) {
            InputStream req = s.getInputStream();
            req.read(new byte[256]); // the request line
            OutputStream out = s.getOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (in.read(buf.clear()) >= 0) {
                out.write(buf.array(), 0, buf.position());
            }
            out.flush();
            s.shutdownOutput();
            req.read(new byte[1]); // until the bridge closes
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /**
     * Checks what a player sends: either collecting a seek's screen (only the last 64 KiB kept) or expecting
     * exactly record after record.
     */
    static final class CheckingSink implements ClientSink {
        final AtomicLong expect = new AtomicLong(-1); // -1: collecting
        final AtomicLong collected = new AtomicLong();
        final AtomicReference<String> wrong = new AtomicReference<>();
        final CompletableFuture<Notice> end = new CompletableFuture<>();
        private final byte[] tail = new byte[BigSession.RECORD];
        private long tailFill;

        synchronized void collect() {
            expect.set(-1);
            collected.set(0);
            tailFill = 0;
        }

        void expectFrom(long next) {
            expect.set(next);
        }

        synchronized boolean tailEquals(byte[] content) {
            return tailFill >= tail.length && Arrays.equals(tail, content);
        }

        void failIfWrong() {
            if (wrong.get() != null) {
                throw new AssertionError(wrong.get());
            }
        }

        @Override
        public synchronized CompletionStage<Void> send(SessionRecord r) {
            long e = expect.get();
            if (e < 0) {
                byte[] c = r.content();
                collected.addAndGet(c.length);
                int keep = Math.min(c.length, tail.length);
                System.arraycopy(tail, keep, tail, 0, tail.length - keep);
                System.arraycopy(c, c.length - keep, tail, tail.length - keep, keep);
                tailFill += keep;
            } else if (BigSession.is(r, e)) {
                expect.incrementAndGet();
            } else {
                wrong.compareAndSet(null, "expected record " + e + ", got one carrying " + BigSession.indexOf(r) + " stamped "
                        + (r.timestamp() - BigSession.T0) + " of " + r.contentLength() + " bytes");
            }
            return DONE;
        }

        @Override
        public void end(Notice notice) {
            end.complete(notice);
        }
    }
}
