package io.github.sessionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzing the decoder with random bytes and mutations of valid streams (flipped type bytes, lengths
 * near 0, 8, 16, the maximum, 2^31 and 2^32-1) fed in random splits. Properties: it only ever yields
 * valid units or the one typed {@link ProtocolException}; the outcome (units, error kind and offset)
 * is the same for every split; it never buffers more than the limit.
 *
 * <p>CI runs a bounded slice; {@code -Dfuzz.cases=5000000} runs millions.
 */
class StreamDecoderFuzzTest {
    static final int MAX = 64 * 1024;
    static final int CASES = Integer.getInteger("fuzz.cases", 30_000);
    static final long SEED = Long.getLong("fuzz.seed", 20261128L);

    /** What decoding a stream came to. */
    record Outcome(List<Unit> units, ProtocolException.Kind error, long errorOffset, StreamDecoder.State end) {
    }

    @Test
    @Timeout(120)
    void random_and_mutated_streams_give_the_same_outcome_for_every_split() {
        SplittableRandom seeds = new SplittableRandom(SEED);
        long errors = 0;
        long units = 0;
        for (int i = 0; i < CASES; i++) {
            long seed = seeds.nextLong();
            SplittableRandom rnd = new SplittableRandom(seed);
            byte[] stream = rnd.nextInt(4) == 0 ? randomBytes(rnd) : mutate(validStream(rnd), rnd);
            try {
                Outcome whole = decode(stream, new int[] {stream.length});
                Outcome split = decode(stream, randomSplits(stream.length, rnd));
                Outcome bytewise = stream.length <= 4096 ? decode(stream, ones(stream.length)) : split;
                assertThat(split).as("random splits").isEqualTo(whole);
                assertThat(bytewise).as("one byte at a time").isEqualTo(whole);
                if (whole.error != null) {
                    errors++;
                }
                units += whole.units.size();
            } catch (AssertionError | RuntimeException e) {
                fail("case " + i + " (seed " + seed + ", " + stream.length + " bytes) failed: " + e, e);
            }
        }
        assertThat(errors).as("some cases must hit protocol errors").isGreaterThan(CASES / 10);
        assertThat(units).as("some cases must decode units").isGreaterThan(CASES);
    }

    static Outcome decode(byte[] stream, int[] chunks) {
        StreamDecoder d = new StreamDecoder(MAX);
        List<Unit> out = new ArrayList<>();
        int pos = 0;
        long fed = 0;
        for (int len : chunks) {
            ByteBuffer chunk = ByteBuffer.wrap(stream, pos, len);
            pos += len;
            fed += len;
            try {
                d.feed(chunk, u -> out.add(validated(u)));
            } catch (ProtocolException e) {
                assertThat(d.state()).isEqualTo(StreamDecoder.State.FAILED);
                try {
                    d.feed(new byte[] {'d'}, 0, 1, u -> fail("a failed decoder yielded " + u));
                    fail("a failed decoder accepted more bytes");
                } catch (ProtocolException again) {
                    assertThat(again).isSameAs(e);
                }
                return new Outcome(out, e.kind(), e.offset(), StreamDecoder.State.FAILED);
            }
            assertThat(d.bufferedBytes()).isLessThanOrEqualTo(MAX + RecordType.HEADER_LENGTH);
            assertThat((long) d.bufferCapacity()).isLessThanOrEqualTo(Math.max(StreamDecoder.EAGER_CONTENT_LIMIT, 2 * fed));
        }
        return new Outcome(out, null, -1, d.finish());
    }

    private static Unit validated(Unit u) {
        Objects.requireNonNull(u);
        if (u instanceof SessionRecord r) {
            assertThat(r.bodyLength()).isBetween(r.type().minimumLength(), MAX);
        }
        return u;
    }

    static byte[] randomBytes(SplittableRandom rnd) {
        byte[] b = new byte[rnd.nextInt(1, 300)];
        for (int i = 0; i < b.length; i++) {
            // biased towards meaningful bytes
            b[i] = switch (rnd.nextInt(8)) {
                case 0 -> (byte) 'd';
                case 1 -> (byte) 'v';
                case 2 -> (byte) 'i';
                case 3 -> 0;
                default -> (byte) rnd.nextInt(256);
            };
        }
        return b;
    }

    static byte[] validStream(SplittableRandom rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = rnd.nextInt(1, 12);
        for (int i = 0; i < n; i++) {
            byte[] content = new byte[rnd.nextInt(10) == 0 ? rnd.nextInt(20_000) : rnd.nextInt(64)];
            rnd.nextBytes(content);
            long ts = rnd.nextLong();
            Unit u = switch (rnd.nextInt(3)) {
                case 0 -> new TerminalData(ts, content);
                case 1 -> new InputEvent(ts, content);
                default -> new ScreenFrame(ts, rnd.nextInt(65536), rnd.nextInt(65536), rnd.nextInt(65536), rnd.nextInt(65536), content);
            };
            out.writeBytes(UnitEncoder.encode(u));
        }
        if (rnd.nextBoolean()) {
            out.write(rnd.nextBoolean() ? '3' : '5');
            out.writeBytes(randomBytes(rnd));
        }
        return out.toByteArray();
    }

    static final long[] LENGTHS = {0, 1, 7, 8, 9, 15, 16, 17, MAX - 1, MAX, MAX + 1, 1L << 31, (1L << 31) - 1, (1L << 32) - 1};

    static byte[] mutate(byte[] valid, SplittableRandom rnd) {
        byte[] b = valid.clone();
        int mutations = rnd.nextInt(0, 4);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(5)) {
                case 0 -> b[at] = (byte) "dvi35x\0".charAt(rnd.nextInt(7)); // flipped type byte
                case 1 -> { // a length near an edge
                    if (at + 4 < b.length) {
                        ByteBuffer.wrap(b, at, 4).putInt((int) LENGTHS[rnd.nextInt(LENGTHS.length)]);
                    }
                }
                case 2 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 3 -> b = java.util.Arrays.copyOf(b, at); // truncated
                default -> b[at] = (byte) rnd.nextInt(256);
            }
        }
        return b;
    }

    static int[] randomSplits(int length, SplittableRandom rnd) {
        List<Integer> sizes = new ArrayList<>();
        int left = length;
        while (left > 0) {
            int n = Math.min(left, rnd.nextInt(4) == 0 ? rnd.nextInt(1, 8) : rnd.nextInt(1, 2000));
            sizes.add(n);
            left -= n;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] ones(int length) {
        int[] r = new int[length];
        java.util.Arrays.fill(r, 1);
        return r;
    }
}
