package io.github.sessionbridge.core.playback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The indexer alone: reading ahead in slices, the duration scan, and following a growing recording. */
class IndexerTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** The player's task queue, run by the test. */
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Executor serial = tasks::add;

    private int runTasks() {
        int n = 0;
        for (Runnable r; (r = tasks.poll()) != null; n++) {
            r.run();
        }
        return n;
    }

    private static TerminalData d(long at, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        return new TerminalData(T0 + at, b);
    }

    private Recording file(int records, int size, long gap) throws Exception {
        Path p = dir.resolve("r" + records + ".rec");
        try (RecordingWriter w = RecordingWriter.create(p)) {
            for (int i = 0; i < records; i++) {
                w.write(d(i * gap, size));
            }
            w.write(Control.END);
        }
        return Recording.open(p);
    }

    @Test
    void readingAheadStopsAtItsBudgetOrOnceTheTargetIsCovered() throws Exception {
        Recording r = file(100, 1_000, 100); // ~102 KB, 9.9 s
        Indexer indexer = new Indexer(r, GrowingSource.COMPLETE, new SeekIndex(MediaTime.NO_LIMIT), serial, 10_000, "test");
        assertThat(indexer.indexAhead(5_000, 10_000)).as("10 KB do not reach 5 s").isFalse();
        long frontier = indexer.index().frontier();
        assertThat(frontier - UnitCursor.MAGIC_LENGTH).isBetween(10_000L, 11_100L);
        assertThat(indexer.index().records()).isEqualTo(10);
        while (!indexer.indexAhead(5_000, 10_000)) {
            assertThat(indexer.index().frontier()).isGreaterThan(frontier);
            frontier = indexer.index().frontier();
        }
        assertThat(indexer.index().lastMedia()).as("just past the target").isEqualTo(5_100);
        assertThat(indexer.index().complete()).isFalse();
        assertThat(indexer.atEdge()).isFalse();
        assertThat(indexer.received()).isEqualTo(5_100);
    }

    @Test
    void theDurationScanRunsASliceATimeOnTheQueueAndCompletesTheWaiters() throws Exception {
        Recording r = file(100, 1_000, 100);
        Indexer indexer = new Indexer(r, GrowingSource.COMPLETE, new SeekIndex(MediaTime.NO_LIMIT), serial, 10_000, "test");
        CompletableFuture<Duration> first = new CompletableFuture<>();
        CompletableFuture<Duration> second = new CompletableFuture<>();
        indexer.requestDuration(first);
        indexer.requestDuration(second);
        assertThat(tasks).as("one scan for both").hasSize(1);
        tasks.poll().run();
        assertThat(first).isNotDone();
        assertThat(runTasks()).as("the rest, a task per slice").isBetween(8, 10);
        assertThat(first).isCompletedWithValue(Duration.ofMillis(9_900));
        assertThat(second).isCompletedWithValue(Duration.ofMillis(9_900));
        assertThat(indexer.index().complete()).isTrue();
        assertThat(indexer.index().ending()).isEqualTo(EndReason.END);
        CompletableFuture<Duration> later = new CompletableFuture<>();
        indexer.requestDuration(later);
        assertThat(later).as("known at once").isCompletedWithValue(Duration.ofMillis(9_900));
        assertThat(tasks).isEmpty();
    }

    @Test
    void closingCompletesWaitingDurationsWithWhatWasRead() throws Exception {
        Recording r = file(100, 1_000, 100);
        Indexer indexer = new Indexer(r, GrowingSource.COMPLETE, new SeekIndex(MediaTime.NO_LIMIT), serial, 10_000, "test");
        CompletableFuture<Duration> f = new CompletableFuture<>();
        indexer.requestDuration(f);
        tasks.poll().run();
        indexer.close(12_345);
        assertThat(f).isCompletedWithValue(Duration.ofMillis(12_345));
        assertThat(runTasks()).isEqualTo(1); // the posted slice does nothing now
        assertThat(indexer.index().records()).isEqualTo(10);
        CompletableFuture<Duration> after = new CompletableFuture<>();
        indexer.requestDuration(after);
        assertThat(after).isCompletedWithValue(Duration.ofMillis(12_345));
    }

    @Test
    void aGrowingRecordingIsIndexedUpToItsEdgeAsItArrivesAndItsDurationWaitsForItsEnd() throws Exception {
        try (AppendedFile spool = new AppendedFile(dir.resolve("spool.rec"))) {
            Recording r = spool.recording();
            Indexer indexer = new Indexer(r, spool, new SeekIndex(MediaTime.NO_LIMIT), serial, 1 << 20, "test");
            spool.append(d(0, 10), d(1_000, 10)).publish();
            indexer.moved();
            runTasks();
            assertThat(indexer.index().records()).isEqualTo(2);
            assertThat(indexer.received()).isEqualTo(1_000);
            assertThat(indexer.atEdge()).isTrue();
            CompletableFuture<Duration> duration = new CompletableFuture<>();
            indexer.requestDuration(duration);
            runTasks();
            assertThat(duration).as("not while it grows").isNotDone();

            // half a unit written, the edge not moved yet: not read
            byte[] third = UnitEncoder.encode(d(2_500, 10));
            spool.appendBytes(Arrays.copyOf(third, 9));
            indexer.moved();
            runTasks();
            assertThat(indexer.index().records()).isEqualTo(2);
            // the edge moved to within the unit (a writer that moves it mid-unit): still not read
            spool.publish();
            runTasks();
            indexer.moved();
            runTasks();
            assertThat(indexer.index().records()).isEqualTo(2);
            assertThat(indexer.index().complete()).isFalse();
            // the rest of it
            spool.appendBytes(Arrays.copyOfRange(third, 9, third.length)).publish();
            indexer.moved();
            runTasks();
            assertThat(indexer.index().records()).isEqualTo(3);
            assertThat(indexer.received()).isEqualTo(2_500);
            assertThat(duration).isNotDone();

            spool.append(d(4_000, 10)).end(EndReason.TRUNCATED);
            indexer.moved();
            runTasks();
            assertThat(indexer.index().complete()).isTrue();
            assertThat(indexer.index().ending()).as("the source's ending").isEqualTo(EndReason.TRUNCATED);
            assertThat(duration).isCompletedWithValue(Duration.ofMillis(4_000));
        }
    }

    @Test
    void theRecordsThePlayerReadsAtTheFrontierAreIndexedWithoutReadingThemAgain() throws Exception {
        Recording r = file(5, 100, 1_000);
        Indexer indexer = new Indexer(r, GrowingSource.COMPLETE, new SeekIndex(MediaTime.NO_LIMIT), serial, 1 << 20, "test");
        PlayReader reader = new PlayReader(r, GrowingSource.COMPLETE, indexer, MediaTime.NO_LIMIT);
        reader.open();
        for (int i = 0; i < 3; i++) {
            assertThat(reader.read()).isEqualTo(PlayReader.Read.RECORD);
            reader.take();
        }
        assertThat(indexer.index().records()).isEqualTo(3);
        assertThat(indexer.received()).isEqualTo(2_000);
        // reading ahead goes on from there
        assertThat(indexer.indexAhead(Long.MAX_VALUE, 1 << 20)).isTrue();
        assertThat(indexer.index().records()).isEqualTo(5);
        // the reader then reads what is indexed already, and meets the end the index has seen
        for (int i = 0; i < 2; i++) {
            assertThat(reader.read()).isEqualTo(PlayReader.Read.RECORD);
            reader.take();
        }
        assertThat(reader.read()).isEqualTo(PlayReader.Read.END);
        assertThat(reader.endReason()).isEqualTo(EndReason.END);
        assertThat(indexer.index().records()).isEqualTo(5);
        reader.close();
    }
}
