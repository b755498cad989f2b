package io.github.sessionbridge.core.playback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.TerminalData;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Hostile terminal content against the tracker and the seek index: whatever the audited operator prints,
 * what a player keeps stays under a fixed bound. The generators emit random bytes, escape-heavy noise,
 * every mode number, endless OSC and DCS strings, thousands of SGR parameters, saved cursors,
 * alternate-screen toggles, clears and resets, cut into records at random bytes, 0 to 3 s apart (so the
 * index's caps are reached and it thins). Case counts are system properties, to run by hand at scale:
 * {@code -Dfuzz.cases=1000000 -Dfuzz.cuts=20000}.
 */
class HostileIndexFuzzTest {
    static final long T0 = 1_700_000_000_000L;
    /** The bound promised in docs/playback.md: what one player's index and tracker retain, at most. */
    static final long BOUND = 1_310_720;

    /** One hostile fragment. */
    static byte[] fragment(Random rnd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int parts = 1 + rnd.nextInt(4);
        for (int p = 0; p < parts; p++) {
            switch (rnd.nextInt(13)) {
                case 0 -> {
                    byte[] r = new byte[rnd.nextInt(300)];
                    rnd.nextBytes(r);
                    b.writeBytes(r);
                }
                case 1 -> {
                    String alphabet = "\u001b\u001b\u001b[[[]]?;;;:0123456789hlmrsuJHc78PX^_\\\u0007\u0018\u001a\u000e\u000f $!\"q(B0%G";
                    int n = rnd.nextInt(400);
                    for (int i = 0; i < n; i++) {
                        b.write(alphabet.charAt(rnd.nextInt(alphabet.length())));
                    }
                }
                case 2 -> { // every mode number, DEC private and ANSI, one or many per sequence
                    int n = 1 + rnd.nextInt(60);
                    for (int i = 0; i < n; i++) {
                        StringBuilder s = new StringBuilder(rnd.nextBoolean() ? "\u001b[?" : "\u001b[");
                        int params = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(20) : 1;
                        for (int k = 0; k < params; k++) {
                            s.append(k > 0 ? ";" : "").append(rnd.nextInt(100_001));
                        }
                        w(b, s.append(rnd.nextBoolean() ? 'h' : 'l').toString());
                    }
                }
                case 3 -> { // an OSC that may never end, or titles, colours, hyperlinks of any length
                    int[] kinds = {0, 1, 2, 4, 8, 10, 11, 12, 52, 104, 110, 7, 777};
                    w(b, "\u001b]" + kinds[rnd.nextInt(kinds.length)] + ";");
                    w(b, "t".repeat(rnd.nextInt(rnd.nextBoolean() ? 600 : 4000)));
                    if (rnd.nextBoolean()) {
                        w(b, rnd.nextBoolean() ? "\u0007" : "\u001b\\");
                    }
                }
                case 4 -> { // DCS, SOS, PM, APC strings, sixel-like, maybe endless
                    w(b, "\u001b" + "PX^_".charAt(rnd.nextInt(4)) + "q#0;2;0;0;0" + "~-".repeat(rnd.nextInt(2000)));
                    if (rnd.nextBoolean()) {
                        w(b, "\u001b\\");
                    }
                }
                case 5 -> { // thousands of SGR parameters, or many SGR sequences without a reset
                    if (rnd.nextBoolean()) {
                        w(b, "\u001b[" + "38;5;1;".repeat(rnd.nextInt(1500)) + "m");
                    } else {
                        int n = rnd.nextInt(50);
                        for (int i = 0; i < n; i++) {
                            w(b, "\u001b[" + (1 + rnd.nextInt(107)) + (rnd.nextBoolean() ? ";4:3" : "") + "m");
                        }
                    }
                }
                case 6 -> { // saved and restored cursors
                    String[] s = {"\u001b7", "\u001b8", "\u001b[s", "\u001b[u", "\u001b[?1048h", "\u001b[?1048l"};
                    int n = rnd.nextInt(20);
                    for (int i = 0; i < n; i++) {
                        w(b, s[rnd.nextInt(s.length)]);
                    }
                }
                case 7 -> { // alternate-screen toggles
                    String[] s = {"\u001b[?1049h", "\u001b[?1049l", "\u001b[?47h", "\u001b[?47l", "\u001b[?1047h", "\u001b[?1047l"};
                    int n = rnd.nextInt(20);
                    for (int i = 0; i < n; i++) {
                        w(b, s[rnd.nextInt(s.length)]);
                    }
                }
                case 8, 9 -> { // clears and homes: keyframes; resets
                    String[] s = {"\u001b[H\u001b[2J", "\u001b[2J\u001b[" + (1 + rnd.nextInt(50)) + ";1H", "\u001b[H\u001b[J",
                        "\u001bc", "\u001b[?2J\u001b[H"};
                    w(b, s[rnd.nextInt(s.length)]);
                }
                case 10 -> { // charsets, cursor styles, margins, keypad
                    String[] s = {"\u001b(0", "\u001b)B", "\u001b*A", "\u001b+<", "\u001b%G", "\u001b[" + rnd.nextInt(7) + " q",
                        "\u001b[" + rnd.nextInt(50) + ";" + rnd.nextInt(50) + "r", "\u001b=", "\u001b>", "\u000e", "\u000f",
                        "\u001b$(C", "\u001bn", "\u001b~"};
                    int n = rnd.nextInt(30);
                    for (int i = 0; i < n; i++) {
                        w(b, s[rnd.nextInt(s.length)]);
                    }
                }
                case 11 -> { // a flood of distinct mode numbers that turn nothing off, then a clear: issue 14's recording
                    int from = rnd.nextInt(90_000);
                    for (int n = from; n < from + 300; n++) {
                        if (n != 69 && n != 47 && n != 1047 && n != 1048 && n != 1049) {
                            w(b, "\u001b[?" + n + "h");
                        }
                    }
                    w(b, "\u001b[H\u001b[2J");
                }
                default -> w(b, "plain text 报告 " + rnd.nextInt(1000) + "\r\n");
            }
        }
        return b.toByteArray();
    }

    private static void w(ByteArrayOutputStream b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds one hostile case to {@code index}, cut at random bytes into records; returns the new file offset. */
    static long feed(SeekIndex index, Random rnd, long offset, long[] ts) {
        byte[] f = fragment(rnd);
        int i = 0;
        do {
            int n = Math.min(f.length - i, rnd.nextInt(4) == 0 ? 1 : 1 + rnd.nextInt(512));
            TerminalData r = new TerminalData(ts[0], Arrays.copyOfRange(f, i, i + n));
            index.observe(offset, r);
            offset += r.encodedLength();
            ts[0] += rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(3000);
            i += n;
        } while (i < f.length);
        return offset;
    }

    @Test
    void whatTheTrackerAndIndexRetainStaysUnderAFixedBoundWhateverTheContent() {
        int cases = Integer.getInteger("fuzz.cases", 20_000);
        int perIndex = Integer.getInteger("fuzz.casesPerIndex", 20_000);
        long seed = Long.getLong("fuzz.seed", 14);
        Random rnd = new Random(seed);
        long bound = BOUND;
        assertThat(SeekIndex.MAX_RETAINED_BYTES).isLessThanOrEqualTo(BOUND);
        long max = 0;
        int maxKeyframes = 0;
        int maxCheckpoints = 0;
        int thinned = 0;
        long t0 = System.nanoTime();
        SeekIndex index = null;
        long offset = 0;
        long[] ts = {T0};
        for (int c = 0; c < cases; c++) {
            if (c % perIndex == 0) {
                index = new SeekIndex(rnd.nextBoolean() ? MediaTime.NO_LIMIT : 2_000);
                offset = UnitCursor.MAGIC_LENGTH;
            }
            offset = feed(index, rnd, offset, ts);
            long retained = index.retainedBytes();
            if (retained > max) {
                max = retained;
            }
            assertThat(retained).as("case %d", c).isLessThanOrEqualTo(bound);
            assertThat(index.keyframeCount()).isLessThanOrEqualTo(SeekIndex.MAX_KEYFRAMES);
            assertThat(index.checkpointCount()).isLessThanOrEqualTo(SeekIndex.MAX_CHECKPOINTS);
            maxKeyframes = Math.max(maxKeyframes, index.keyframeCount());
            maxCheckpoints = Math.max(maxCheckpoints, index.checkpointCount());
            if (index.checkpointMillis() > SeekIndex.CHECKPOINT_MILLIS) {
                thinned++;
            }
            if (c % 997 == 0) {
                for (int k = 0; k < index.keyframeCount(); k++) {
                    assertThat(index.keyframe(k).prefix().length()).isLessThanOrEqualTo(TerminalTracker.MAX_PREFIX_LENGTH);
                }
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("figure hostile tracker+index fuzz: %d cases (seed %d) in %d ms, max retained %d bytes of a bound of %d;"
                + " max %d keyframes, %d checkpoints; %d cases after the index thinned%n",
                cases, seed, ms, max, bound, maxKeyframes, maxCheckpoints, thinned);
        assertThat(thinned).as("the fuzz reaches the caps").isPositive();
    }

    /** Keyframes, their prefixes and invalidations, as a tracker tells them. */
    private static final class Events implements TerminalTracker.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void keyframe(long position, long activeFrom, Supplier<TerminalTracker.Prefix> prefix) {
            events.add("k " + position + " " + activeFrom + " " + Arrays.toString(prefix.get().toByteArray()));
        }

        @Override
        public void invalidate(long threshold, long at) {
            events.add("i " + threshold + " " + at);
        }
    }

    private static List<String> track(byte[] stream, int... cuts) {
        Events e = new Events();
        TerminalTracker t = new TerminalTracker(e);
        int from = 0;
        for (int cut : cuts) {
            t.feed(stream, from, cut - from);
            from = cut;
        }
        t.feed(stream, from, stream.length - from);
        assertThat(t.retainedBytes()).isLessThanOrEqualTo(TerminalTracker.MAX_RETAINED_BYTES);
        return e.events;
    }

    @Test
    void cuttingAHostileStreamAtAnyByteChangesNothing() {
        int streams = Integer.getInteger("fuzz.cuts", 200);
        Random rnd = new Random(Long.getLong("fuzz.seed", 14));
        long checked = 0;
        for (int s = 0; s < streams; s++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (b.size() < 200) {
                b.writeBytes(fragment(rnd));
                b.writeBytes("\u001b[H\u001b[2J".getBytes(StandardCharsets.US_ASCII));
            }
            byte[] stream = Arrays.copyOf(b.toByteArray(), Math.min(b.size(), 600));
            List<String> whole = track(stream);
            for (int cut = 1; cut < stream.length; cut++) {
                assertThat(track(stream, cut)).as("stream %d cut at %d", s, cut).isEqualTo(whole);
                checked++;
            }
            int[] every = new int[stream.length - 1];
            for (int i = 0; i < every.length; i++) {
                every[i] = i + 1;
            }
            assertThat(track(stream, every)).as("stream %d fed byte by byte", s).isEqualTo(whole);
        }
        System.out.printf("figure hostile streams cut at every byte: %d streams, %d cuts%n", streams, checked);
    }

    @Test
    void theComputedRetainedSizeBoundsTheHeapActuallyUsed() {
        int n = 6;
        Random rnd = new Random(7);
        long[] ts = {T0};
        long before = usedAfterGc();
        SeekIndex[] indexes = new SeekIndex[n];
        long computed = 0;
        for (int i = 0; i < n; i++) {
            indexes[i] = new SeekIndex(MediaTime.NO_LIMIT);
            long offset = UnitCursor.MAGIC_LENGTH;
            for (int c = 0; c < 9_000; c++) {
                offset = feed(indexes[i], rnd, offset, ts);
            }
            computed += indexes[i].retainedBytes();
        }
        long used = usedAfterGc() - before;
        System.out.printf("figure heap retained by %d hostile-fed indexes: %d bytes measured, %d computed, bound %d each%n",
                n, used, computed, SeekIndex.MAX_RETAINED_BYTES);
        assertThat(indexes).doesNotContainNull();
        assertThat(used).as("measured heap of %d indexes", n).isLessThanOrEqualTo(computed + 256 * 1024);
        assertThat(used / n).isLessThanOrEqualTo(BOUND);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
