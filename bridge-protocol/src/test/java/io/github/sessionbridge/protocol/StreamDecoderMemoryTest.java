package io.github.sessionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Memory follows the bytes that really arrived, and cost stays linear for any split. */
class StreamDecoderMemoryTest {

    static final int MIN_CAPACITY_BOUND = 64 * 1024;

    /**
     * 16 MiB one byte per feed call: linear cost finishes in about a second; quadratic copying would
     * not finish at all. The timeout runs the test in a separate thread so that a runaway loop fails
     * the test instead of hanging the build.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void maximumSizeRecordFedOneByteAtATimeIsLinearAndBounded() {
        int bodyLength = StreamDecoder.DEFAULT_MAX_RECORD_SIZE;
        byte[] content = new byte[bodyLength - 8];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + (i >>> 13));
        }
        byte[] wire = Fixtures.record('d', 123, content);
        assertThat(wire).hasSize(16 * 1024 * 1024 + 5);

        StreamDecoder decoder = new StreamDecoder();
        List<Unit> units = new ArrayList<>();
        ByteBuffer src = ByteBuffer.wrap(wire);
        int largestCapacity = 0;
        for (int i = 0; i < wire.length; i++) {
            src.limit(i + 1);
            decoder.feed(src, units::add);
            long received = i + 1L;
            int capacity = decoder.bufferCapacity();
            largestCapacity = Math.max(largestCapacity, capacity);
            if (capacity > Math.max(MIN_CAPACITY_BOUND, 2 * received)) {
                fail("after %d bytes the decoder holds a buffer of %d bytes", received, capacity);
            }
            if (units.isEmpty() && decoder.bufferedBytes() != received) {
                fail("after %d bytes the decoder reports %d buffered", received, decoder.bufferedBytes());
            }
            if (!units.isEmpty() && i != wire.length - 1) {
                fail("record delivered after %d of %d bytes", received, wire.length);
            }
        }

        assertThat(units).hasSize(1);
        TerminalData data = (TerminalData) units.get(0);
        assertThat(data.timestamp()).isEqualTo(123);
        assertThat(data.contentLength()).isEqualTo(content.length);
        assertThat(Arrays.mismatch(data.content(), content)).as("first differing content byte").isEqualTo(-1);
        // the bound above was really exercised: the buffer grew to the whole content
        assertThat(largestCapacity).isEqualTo(content.length);
        assertThat(decoder.bufferCapacity()).isZero();
        assertThat(decoder.state()).isEqualTo(StreamDecoder.State.BOUNDARY);
    }

    /**
     * A thousand peers each stalled inside a record whose header claims the maximum must cost about
     * what they sent, not what they claim (a 64 MiB heap holds 1,000 of them: RELIABILITY.md).
     */
    @Test
    void partialRecordsCostWhatArrivedNotWhatTheirHeaderClaims() {
        for (int claimed : new int[] {64 * 1024, 1024 * 1024, StreamDecoder.DEFAULT_MAX_RECORD_SIZE}) {
            for (int sent : new int[] {0, 1, 100, 4096}) {
                StreamDecoder decoder = new StreamDecoder();
                byte[] head = Fixtures.concat(Fixtures.header('d', claimed), Fixtures.be64(7), new byte[sent]);
                decoder.feed(head, 0, head.length, u -> fail("a partial record was delivered: %s", u));
                assertThat(decoder.state()).isEqualTo(StreamDecoder.State.INSIDE_UNIT);
                assertThat(decoder.bufferCapacity()).as("claimed %d, sent %d", claimed, sent)
                        .isLessThanOrEqualTo(Math.max(1024, sent));
            }
        }
        // bytes in hand are taken at once: a split record whose rest arrives in one read is copied once
        StreamDecoder decoder = new StreamDecoder();
        byte[] wire = Fixtures.record('d', 1, new byte[200_000]);
        decoder.feed(wire, 0, 3, u -> { });
        List<Unit> units = new ArrayList<>();
        decoder.feed(wire, 3, wire.length - 3, units::add);
        assertThat(units).hasSize(1);
        assertThat(((TerminalData) units.get(0)).contentLength()).isEqualTo(200_000);
    }

    @Test
    void largeRecordsInOddChunksKeepTheBoundAndDecodeExactly() {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i ^ (i >>> 9));
        }
        byte[] wire = Fixtures.concat(Fixtures.record('i', -5, content), Fixtures.frame(6, 7, 8, 9, 10, content), new byte[] {'5'});
        for (int chunk : new int[] {1000, 4093, 65536, 65537, 1 << 20}) {
            StreamDecoder decoder = new StreamDecoder();
            List<Unit> units = new ArrayList<>();
            long unitStart = 0;
            for (int pos = 0; pos < wire.length; pos += chunk) {
                int n = Math.min(chunk, wire.length - pos);
                int before = units.size();
                decoder.feed(wire, pos, n, units::add);
                if (units.size() != before) {
                    unitStart = pos + n - decoder.bufferedBytes();
                }
                long receivedOfUnit = pos + n - unitStart;
                assertThat((long) decoder.bufferCapacity()).as("chunk %d at %d", chunk, pos)
                        .isLessThanOrEqualTo(Math.max(MIN_CAPACITY_BOUND, 2 * receivedOfUnit));
            }

            assertThat(units).as("chunk size %d", chunk).hasSize(3);
            assertThat(units.get(0)).isEqualTo(new InputEvent(-5, content));
            assertThat(units.get(1)).isEqualTo(new ScreenFrame(6, 7, 8, 9, 10, content));
            assertThat(units.get(2)).isEqualTo(Control.REFUSED);
        }
    }
}
