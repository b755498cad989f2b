package io.github.sessionbridge.core.playback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.TimelineSpool;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool on its own: segments, reading across them while they grow, bounds, dropping, failures. */
class SpoolTest {
    @TempDir
    Path dir;

    private SpoolDirectory spools;

    @AfterEach
    void close() {
        if (spools != null) {
            spools.close();
        }
    }

    private Spool open(long memory, long timeline, long total, Runnable changed) throws IOException {
        spools = new SpoolDirectory(TimelineSpool.DEFAULT.withDirectory(dir).withLimits(memory, timeline, total));
        return spools.open(changed::run);
    }

    private static TerminalData record(int i, int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) ('a' + i % 26));
        return new TerminalData(1_700_000_000_000L + i, b);
    }

    private static byte[] readAll(ReadableByteChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(7919); // not a divisor of anything: reads straddle units and segments
        while (ch.read(b) >= 0) {
            b.flip();
            out.write(b.array(), 0, b.limit());
            b.clear();
        }
        return out.toByteArray();
    }

    @Test
    void what_is_appended_reads_back_byte_for_byte_across_segments_from_any_offset() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        Spool[] holder = new Spool[1];
        Spool s = open(64 * 1024, 1 << 20, 1 << 20, () -> {
            if (holder[0] != null && holder[0].ended() != null) {
                ended.countDown();
            }
        });
        holder[0] = s;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 300; i++) {
            TerminalData r = record(i, 100 + i * 13);
            expected.write(UnitEncoder.encode(r));
            s.append(r);
        }
        s.end(EndReason.END, "test");
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        byte[] all = expected.toByteArray();
        assertThat(s.received()).isEqualTo(all.length);
        assertThat(s.edge()).isEqualTo(GrowingSource.Edge.ended(all.length, EndReason.END));
        try (var files = Files.list(dir)) {
            assertThat(files.count()).as("segments of 128 KiB (1 MiB / 8)").isGreaterThan(3);
        }
        for (long from : new long[] {0, 8, 1000, 131_071, 131_072, 200_000, all.length - 1, all.length}) {
            try (ReadableByteChannel ch = s.openAt(from)) {
                assertThat(readAll(ch)).as("from " + from).isEqualTo(java.util.Arrays.copyOfRange(all, (int) from, all.length));
            }
        }
        s.delete();
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isZero();
        }
        assertThatThrownBy(() -> s.openAt(0)).isInstanceOf(IOException.class);
    }

    @Test
    void a_reader_at_the_edge_gets_every_byte_as_it_arrives_through_the_wrapping_and_growing_memory_ring() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        Spool[] holder = new Spool[1];
        Spool s = open(1 << 20, 8 << 20, 8 << 20, () -> {
            if (holder[0] != null && holder[0].ended() != null) {
                ended.countDown();
            }
        });
        holder[0] = s;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        live.write(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
        ReadableByteChannel edge = s.openAt(RecordingWriter.MAGIC.length());
        ByteBuffer b = ByteBuffer.allocate(3001);
        // odd sizes that wrap the first ring (Spool.RING_START) many times, records larger than it (it grows),
        // then small ones again (once the disk has caught up it shrinks): each read as soon as it was appended
        int[] sizes = new int[600];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = i == 200 ? 100_000 : i == 201 ? 3 * Spool.RING_START : i == 400 ? 300_000 : 37 + (i * 97) % 1500;
        }
        for (int i = 0; i < sizes.length; i++) {
            TerminalData r = record(i, sizes[i]);
            expected.write(UnitEncoder.encode(r));
            s.append(r);
            int n;
            while ((n = edge.read(b)) > 0) {
                live.write(b.array(), 0, n);
                b.clear();
            }
            assertThat(n).as("at the edge after record " + i).isEqualTo(-1);
            assertThat(live.size()).as("read at the edge after record " + i).isEqualTo(s.received());
            if (i % 50 == 0) {
                Thread.sleep(20); // the writer catches up now and then: some reads come from disk, some from memory
            }
        }
        byte[] all = expected.toByteArray();
        assertThat(live.toByteArray()).isEqualTo(all);
        s.end(EndReason.END, "test");
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(s.queued()).isZero();
        for (long from : new long[] {8, 5000, all.length / 2, all.length - 40}) {
            try (ReadableByteChannel ch = s.openAt(from)) {
                assertThat(readAll(ch)).as("from " + from).isEqualTo(java.util.Arrays.copyOfRange(all, (int) from, all.length));
            }
        }
        edge.close();
    }

    @Test
    void a_reader_opened_on_the_newest_segment_follows_into_the_next_one_when_the_spool_rolls() throws Exception {
        CountDownLatch moved = new CountDownLatch(1);
        Spool s = open(64 * 1024, 512 * 1024, 512 * 1024, moved::countDown); // 64 KiB segments
        for (int i = 0; i < 20; i++) {
            s.append(record(i, 1000)); // more than the writer's batch (Spool.FLUSH_BYTES): on disk
        }
        assertThat(moved.await(10, TimeUnit.SECONDS)).isTrue();
        ReadableByteChannel ch = s.openAt(0);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(4096);
        int n;
        while ((n = ch.read(b)) > 0) {
            got.write(b.array(), 0, n);
            b.clear();
        }
        for (int i = 20; i < 200; i++) {
            s.append(record(i, 1000)); // far past the first segment
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.received() < 8 + 200L * (13 + 1000) && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        while ((n = ch.read(b)) > 0) {
            got.write(b.array(), 0, n);
            b.clear();
        }
        assertThat((long) got.size()).isEqualTo(s.received());
        ch.close();
    }

    @Test
    void played_segments_are_dropped_past_the_bound_and_reads_before_the_window_fail_but_unplayed_ones_never_are()
            throws Exception {
        Spool s = open(64 * 1024, 256 * 1024, 256 * 1024, () -> { }); // 64 KiB segments
        for (int i = 0; i < 500; i++) {
            s.append(record(i, 1000)); // ~500 KiB, twice the bound, nothing played
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.queued() > Spool.FLUSH_BYTES && System.nanoTime() < until) { // the last batch may wait in memory
            Thread.sleep(5);
        }
        assertThat(s.windowStart()).as("nothing played: nothing dropped").isZero();
        s.played(300_000);
        for (int i = 500; i < 520; i++) {
            s.append(record(i, 1000)); // the writer looks again when it writes the next batch
        }
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.windowStart() == 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(s.windowStart()).isPositive().isLessThanOrEqualTo(300_000);
        assertThatThrownBy(() -> s.openAt(0)).isInstanceOf(IOException.class).hasMessageContaining("dropped");
        try (ReadableByteChannel ch = s.openAt(s.windowStart())) {
            assertThat((long) readAll(ch).length).isEqualTo(s.received() - s.windowStart());
        }
        assertThat(spools.budget().used()).isLessThanOrEqualTo(s.received() - s.windowStart());
    }

    @Test
    void a_pin_keeps_what_a_reader_needs_until_it_closes_and_times_the_oldest_kept_unit_as_the_player()
            throws Exception {
        spools = new SpoolDirectory(TimelineSpool.DEFAULT.withDirectory(dir).withLimits(64 * 1024, 256 * 1024, 256 * 1024));
        Spool s = spools.open(() -> { }, 5); // records 1 ms apart, gaps of 40 ms every tenth: idle limit 5 ms
        MediaTime player = new MediaTime(5);
        java.util.Map<Long, Long> timeAt = new java.util.HashMap<>(); // unit offset -> the player's time of it
        long offset = 8;
        long ts = 1_700_000_000_000L;
        for (int i = 0; i < 500; i++) {
            ts += i % 10 == 0 ? 40 : 1;
            TerminalData r = new TerminalData(ts, new byte[1000]);
            timeAt.put(offset, player.advance(ts));
            offset += UnitEncoder.encode(r).length;
            s.append(r);
        }
        SpoolPin first = s.pin();
        assertThat(first.offset()).as("nothing dropped: from the first record").isEqualTo(8);
        assertThat(first.times().advance(1_700_000_000_040L)).isZero();
        s.played(300_000);
        for (int i = 1; i <= 20; i++) { // the writer looks again when it writes the next batch: the pin holds the window
            s.append(new TerminalData(ts + i, new byte[1000]));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (s.queued() > Spool.FLUSH_BYTES && System.nanoTime() < until) { // the last batch may wait in memory
            Thread.sleep(5);
        }
        Thread.sleep(100);
        assertThat(s.windowStart()).as("pinned at 0: nothing dropped").isZero();
        first.close();
        first.close(); // idempotent
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.windowStart() == 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(s.windowStart()).as("unpinned: the played segments go").isPositive();
        try (SpoolPin kept = s.pin()) {
            assertThat(kept.offset()).isEqualTo(s.windowStart());
            MediaTime from = kept.times();
            // the next record read there is timed as the player timed it
            try (ReadableByteChannel ch = s.openAt(kept.offset())) {
                ByteBuffer header = ByteBuffer.allocate(13);
                while (header.hasRemaining() && ch.read(header) >= 0) {
                    // fill
                }
                long stamp = header.flip().position(5).getLong();
                assertThat(from.advance(stamp)).isEqualTo(timeAt.get(kept.offset()));
            }
        }
    }

    @Test
    void a_segment_that_cannot_be_written_ends_the_spool_with_io_error() throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        Spool s = open(64 * 1024, 256 * 1024, 256 * 1024, changed::countDown);
        // the next segment's file name is taken by a directory: creating it fails
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
        }
        String first;
        try (var files = Files.list(dir)) {
            first = files.findFirst().orElseThrow().getFileName().toString();
        }
        String prefix = first.substring(0, first.indexOf("-0-"));
        // segment 1 starts where segment 0 ends, which depends on the records: block every plausible name
        for (long start = 8; start < 80_000; start++) {
            if (start > 65_000) {
                Files.createDirectory(dir.resolve(prefix + "-1-" + start + ".spool"));
            }
        }
        for (int i = 0; i < 200; i++) {
            s.append(record(i, 1000));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.ended() == null && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(s.ended()).isEqualTo(EndReason.IO_ERROR);
        assertThat(s.endDetail()).contains("could not be written");
    }
}
