package io.github.sessionbridge.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.PlaybackScheduler;
import io.github.sessionbridge.core.playback.CapturingSink;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.RecordingSource;
import io.github.sessionbridge.core.playback.SessionPlayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code requireManifest}'s verify pass does not hold the playback scheduler: players verifying a recording
 * whose reads stall (a large object in a slow bucket) do not delay another player on the same threads, whose
 * records keep arriving on time; once their reads go on, they verify and play.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VerifyOffThePoolTest {
    static final int BIG = 3000;
    static final int SMALL = 150; // 10 ms apart: 1.5 s

    @TempDir
    Path dir;
    final ManifestSigner signer = SignedRecordings.newSigner();
    final ManifestKeys trusted = ManifestKeys.of(List.of(signer.publicKey()));
    final CountDownLatch gate = new CountDownLatch(1);
    final AtomicInteger stalled = new AtomicInteger();
    final AtomicLong readAfterOpen = new AtomicLong();
    ScheduledExecutorService executor;

    @AfterEach
    void tearDown() {
        gate.countDown();
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Test
    void onTheSharedPoolTwoPlayersVerifyingAStalledRecordingDoNotDelayAThird() throws Exception {
        // the shared pool has two threads: with the pass on them, two stalled passes would stop every player
        othersPlayOnTime(PlaybackOptions.builder(), 3);
    }

    @Test
    void onAOneThreadSchedulerAPlayerVerifyingAStalledRecordingDoesNotDelayAnother() throws Exception {
        executor = Executors.newSingleThreadScheduledExecutor();
        othersPlayOnTime(PlaybackOptions.builder().scheduler(PlaybackScheduler.of(executor)), 1);
    }

    @Test
    void aPlayerClosedWhileItVerifiesStopsItsPassAndEndsClientGone() throws Exception {
        Path big = signed("big.rec", 100_000); // 2.6 MB
        CapturingSink sink = new CapturingSink(System::nanoTime);
        SessionPlayer p = SessionPlayer.play(stalling(big), sink, PlaybackOptions.builder().requireManifest(trusted).build());
        awaitStalled(1);
        p.close();
        long before = readAfterOpen.get();
        gate.countDown();
        assertThat(p.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(readAfterOpen.get() - before).as("what the pass read after the close (its read under way)").isLessThan(1L << 20);
        synchronized (sink) {
            assertThat(sink.records).isEmpty();
            assertThat(sink.notices).isEmpty();
        }
    }

    private void othersPlayOnTime(PlaybackOptions.Builder options, int verifying) throws Exception {
        Path big = signed("big.rec", BIG);
        Path small = signed("small.rec", SMALL);
        List<SessionPlayer> verifiers = new ArrayList<>();
        List<CapturingSink> verifierSinks = new ArrayList<>();
        for (int i = 0; i < verifying; i++) {
            CapturingSink s = new CapturingSink(System::nanoTime);
            verifierSinks.add(s);
            verifiers.add(SessionPlayer.play(stalling(big), s, options.speed(16).requireManifest(trusted).build()));
        }
        awaitStalled(Math.min(verifying, 2)); // as many passes as the verify pool runs at once

        CapturingSink other = new CapturingSink(System::nanoTime);
        PlaybackOptions.Builder plain = PlaybackOptions.builder();
        if (executor != null) {
            plain.scheduler(PlaybackScheduler.of(executor));
        }
        SessionPlayer p = SessionPlayer.play(Recording.open(small), other, plain.build());
        assertThat(p.ended().toCompletableFuture().get(15, TimeUnit.SECONDS)).isEqualTo(EndReason.END);
        synchronized (other) {
            assertThat(other.records).hasSize(SMALL);
            long first = other.times.get(0);
            long worst = 0;
            for (int i = 0; i < SMALL; i++) {
                long due = first + TimeUnit.MILLISECONDS.toNanos(other.records.get(i).timestamp() - other.records.get(0).timestamp());
                worst = Math.max(worst, other.times.get(i) - due);
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(worst)).as("the latest record's lateness, ms").isLessThan(400);
        }
        assertThat(verifierSinks).allSatisfy(s -> {
            synchronized (s) {
                assertThat(s.records).as("nothing is played before it verifies").isEmpty();
            }
        });

        gate.countDown();
        for (int i = 0; i < verifying; i++) {
            assertThat(verifiers.get(i).ended().toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(EndReason.END);
            synchronized (verifierSinks.get(i)) {
                assertThat(verifierSinks.get(i).records).hasSize(BIG);
            }
        }
    }

    private Path signed(String name, int units) throws IOException {
        Path file = dir.resolve(name);
        SignedRecordings.write(file, signer, units, 256, -1);
        return file;
    }

    private void awaitStalled(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stalled.get() < n) {
            assertThat(System.nanoTime()).as("passes stalled").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** {@code file}, whose reads past its first 4 KiB wait for the gate (until then, a stalled bucket). */
    private Recording stalling(Path file) throws IOException {
        RecordingSource real = RecordingSource.file(file);
        RecordingSource s = new RecordingSource() {
            @Override
            public ReadableByteChannel openAt(long position) throws IOException {
                ReadableByteChannel in = real.openAt(position);
                return new ReadableByteChannel() {
                    long read;
                    boolean waited;

                    @Override
                    public int read(ByteBuffer dst) throws IOException {
                        if (read >= 4096 && gate.getCount() > 0 && !waited) {
                            waited = true;
                            stalled.incrementAndGet();
                            try {
                                gate.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IOException(e);
                            }
                        }
                        int limit = dst.limit();
                        if (read < 4096 && dst.remaining() > 4096 - read) {
                            dst.limit(dst.position() + (int) (4096 - read)); // stall before the end, however small
                        }
                        int n;
                        try {
                            n = in.read(dst);
                        } finally {
                            dst.limit(limit);
                        }
                        if (n > 0) {
                            read += n;
                            readAfterOpen.addAndGet(n);
                        }
                        return n;
                    }

                    @Override
                    public boolean isOpen() {
                        return in.isOpen();
                    }

                    @Override
                    public void close() throws IOException {
                        in.close();
                    }
                };
            }

            @Override
            public Optional<RecordingSource> manifest() {
                return real.manifest();
            }
        };
        return Recording.of(s, file.toString());
    }
}
