package io.github.sessionbridge.protocol;

import static io.github.sessionbridge.protocol.Fixtures.bytes;
import static io.github.sessionbridge.protocol.Fixtures.concat;
import static io.github.sessionbridge.protocol.Fixtures.header;
import static io.github.sessionbridge.protocol.Fixtures.record;
import static io.github.sessionbridge.protocol.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sessionbridge.protocol.ProtocolException.Kind;
import io.github.sessionbridge.protocol.StreamDecoder.State;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Protocol §2.2 and §3: every protocol error and limit of the stream decoder. */
class StreamDecoderErrorTest {

    static final byte[] VALID = record('d', 7, utf8("ok"));

    @Test
    void feeding_a_finished_decoder_is_refused_even_when_it_ended_inside_a_unit() {
        StreamDecoder decoder = new StreamDecoder();
        decoder.feed(VALID, 0, VALID.length - 2, u -> { });
        assertThat(decoder.finish()).isEqualTo(State.INSIDE_UNIT);
        assertThat(decoder.finish()).isEqualTo(State.INSIDE_UNIT);
        assertThatThrownBy(() -> decoder.feed(VALID, VALID.length - 2, 2, u -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
        assertThat(decoder.bufferedBytes()).isZero();
    }

    // ---------------------------------------------------------------- unknown type byte

    @ParameterizedTest
    @ValueSource(ints = {0x00, 'x', 'D', 'V', 'I', '0', '4', '\n', 0x7F, 0x80, 0xFF})
    void unknownTypeByteAtTheStart(int b) {
        StreamDecoder decoder = new StreamDecoder();

        ProtocolException e = feedExpectingFailure(decoder, bytes(b, 0, 0, 0, 8), new ArrayList<>());

        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_TYPE);
        assertThat(e.offset()).isZero();
        assertThat(e.getMessage()).contains(String.format("0x%02X", b)).contains("at offset 0");
        if (b >= 0x21 && b < 0x7F) {
            assertThat(e.getMessage()).contains("'" + (char) b + "'");
        }
    }

    @Test
    void garbageAfterAValidRecordDeliversTheRecordFirst() {
        byte[] stream = concat(VALID, VALID, bytes('z', 'd', 0, 0, 0, 8));
        for (int cut = 0; cut <= stream.length; cut++) {
            StreamDecoder decoder = new StreamDecoder();
            List<Unit> units = new ArrayList<>();
            List<byte[]> chunks = Fixtures.cutAt(stream, cut);

            ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> {
                for (byte[] chunk : chunks) {
                    decoder.feed(chunk, 0, chunk.length, units::add);
                }
            });

            assertThat(e).as("cut at %d", cut).isNotNull();
            assertThat(units).containsExactly(TerminalData.ofText(7, "ok"), TerminalData.ofText(7, "ok"));
            assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_TYPE);
            assertThat(e.offset()).isEqualTo(2L * VALID.length);
            assertThat(e.getMessage()).contains("'z'").contains("offset " + 2 * VALID.length);
            assertThat(decoder.state()).isEqualTo(State.FAILED);
        }
    }

    @Test
    void feedingAByteBufferStopsRightAfterTheOffendingByte() {
        ByteBuffer src = ByteBuffer.wrap(concat(VALID, bytes('?', 'd', 0, 0, 0, 8)));

        assertThatThrownBy(() -> new StreamDecoder().feed(src, u -> { }))
                .isInstanceOf(ProtocolException.class);
        assertThat(src.position()).isEqualTo(VALID.length + 1);
    }

    // ---------------------------------------------------------------- length too small

    @ParameterizedTest
    @CsvSource({
            "d, 0", "d, 1", "d, 7",
            "i, 0", "i, 7",
            "v, 0", "v, 7", "v, 8", "v, 15"})
    void lengthBelowTheMinimum(char type, int length) {
        byte[] stream = concat(VALID, header(type, length), new byte[20]);
        for (boolean byteByByte : new boolean[] {false, true}) {
            StreamDecoder decoder = new StreamDecoder();
            List<Unit> units = new ArrayList<>();

            ProtocolException e = byteByByte
                    ? feedBytewiseExpectingFailure(decoder, stream, units)
                    : feedExpectingFailure(decoder, stream, units);

            assertThat(units).containsExactly(TerminalData.ofText(7, "ok"));
            assertThat(e.kind()).isEqualTo(Kind.LENGTH_TOO_SMALL);
            assertThat(e.offset()).isEqualTo(VALID.length);
            int min = type == 'v' ? 16 : 8;
            assertThat(e.getMessage()).contains("'" + type + "'").contains("length is " + length).contains("minimum of " + min);
            // detected from the header: nothing after it was consumed
            assertThat(decoder.offset()).isEqualTo(VALID.length + 5);
        }
    }

    @ParameterizedTest
    @CsvSource({"d, 8", "i, 8", "v, 16"})
    void lengthAtTheMinimumIsAnEmptyRecord(char type, int length) {
        byte[] stream = concat(header(type, length), new byte[length]);

        List<Unit> units = Fixtures.decodeWhole(stream);

        assertThat(units).hasSize(1);
        SessionRecord r = (SessionRecord) units.get(0);
        assertThat(r.type().wireByte()).isEqualTo((byte) type);
        assertThat(r.timestamp()).isZero();
        assertThat(r.contentLength()).isZero();
    }

    // ---------------------------------------------------------------- length too large

    @ParameterizedTest
    @ValueSource(chars = {'d', 'v', 'i'})
    void lengthAboveTheMaximumIsRejectedFromTheHeaderAlone(char type) {
        for (boolean byteByByte : new boolean[] {false, true}) {
            StreamDecoder decoder = new StreamDecoder(1024);
            byte[] head = header(type, 1025);

            ProtocolException e = byteByByte
                    ? feedBytewiseExpectingFailure(decoder, head, new ArrayList<>())
                    : feedExpectingFailure(decoder, head, new ArrayList<>());

            assertThat(e.kind()).isEqualTo(Kind.LENGTH_TOO_LARGE);
            assertThat(e.offset()).isZero();
            assertThat(e.getMessage()).contains("'" + type + "'").contains("1025").contains("maximum record size of 1024");
            assertThat(decoder.bufferedBytes()).isZero();
            assertThat(decoder.bufferCapacity()).isZero();
            assertThat(decoder.offset()).isEqualTo(5);
        }
    }

    @Test
    void headerFedByteByByteBuffersAtMostTheHeader() {
        StreamDecoder decoder = new StreamDecoder(1024);
        byte[] head = header('d', 1025);
        for (int i = 0; i < 4; i++) {
            decoder.feed(head, i, 1, u -> { });
            assertThat(decoder.bufferedBytes()).isEqualTo(i + 1);
            assertThat(decoder.bufferCapacity()).isZero();
        }
        assertThatThrownBy(() -> decoder.feed(head, 4, 1, u -> { }))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.LENGTH_TOO_LARGE));
    }

    @Test
    void lengthAtTheMaximumIsAccepted() {
        StreamDecoder decoder = new StreamDecoder(1024);
        byte[] stream = record('d', 3, new byte[1024 - 8]);

        List<Unit> units = new ArrayList<>();
        decoder.feed(stream, 0, 5, units::add);
        assertThat(decoder.state()).isEqualTo(State.INSIDE_UNIT);
        decoder.feed(stream, 5, stream.length - 5, units::add);

        assertThat(units).containsExactly(new TerminalData(3, new byte[1024 - 8]));
    }

    @Test
    void defaultMaximumIs16MiBOfBody() {
        assertThat(new StreamDecoder().maxRecordSize()).isEqualTo(16 * 1024 * 1024).isEqualTo(StreamDecoder.DEFAULT_MAX_RECORD_SIZE);

        StreamDecoder atMax = new StreamDecoder();
        atMax.feed(header('d', 16 * 1024 * 1024), 0, 5, u -> { });
        assertThat(atMax.state()).isEqualTo(State.INSIDE_UNIT);

        ProtocolException e = feedExpectingFailure(new StreamDecoder(), header('v', 16 * 1024 * 1024 + 1), new ArrayList<>());
        assertThat(e.kind()).isEqualTo(Kind.LENGTH_TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(longs = {0xFFFF_FFFFL, 0x8000_0000L, StreamDecoder.MAX_MAX_RECORD_SIZE + 1L})
    void hugeLengthWithTheLargestMaximumThrowsFromTheHeaderWithoutAllocating(long length) {
        for (boolean byteByByte : new boolean[] {false, true}) {
            StreamDecoder decoder = new StreamDecoder(StreamDecoder.MAX_MAX_RECORD_SIZE);

            ProtocolException e = byteByByte
                    ? feedBytewiseExpectingFailure(decoder, header('d', length), new ArrayList<>())
                    : feedExpectingFailure(decoder, header('d', length), new ArrayList<>());

            assertThat(e.kind()).isEqualTo(Kind.LENGTH_TOO_LARGE);
            assertThat(e.getMessage()).contains(Long.toString(length));
            assertThat(decoder.bufferCapacity()).isZero();
            assertThat(decoder.bufferedBytes()).isZero();
        }
    }

    @Test
    void aClaimedHugeRecordCostsOnlyWhatReallyArrives() {
        StreamDecoder decoder = new StreamDecoder(StreamDecoder.MAX_MAX_RECORD_SIZE);
        byte[] head = concat(header('d', StreamDecoder.MAX_MAX_RECORD_SIZE), Fixtures.be64(1), new byte[100]);

        decoder.feed(head, 0, head.length, u -> { });

        assertThat(decoder.state()).isEqualTo(State.INSIDE_UNIT);
        assertThat(decoder.bufferedBytes()).isEqualTo(head.length);
        assertThat(decoder.bufferCapacity()).isLessThanOrEqualTo(1024);
        assertThat(decoder.finish()).isEqualTo(State.INSIDE_UNIT);
        assertThat(decoder.bufferCapacity()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 15, StreamDecoder.MAX_MAX_RECORD_SIZE + 1, Integer.MAX_VALUE})
    void maximumRecordSizeOutOfRangeIsRejected(int max) {
        assertThatIllegalArgumentException().isThrownBy(() -> new StreamDecoder(max))
                .withMessageContaining("maxRecordSize").withMessageContaining(Integer.toString(max));
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 17, 65536, StreamDecoder.MAX_MAX_RECORD_SIZE})
    void maximumRecordSizeInRangeIsAccepted(int max) {
        assertThat(new StreamDecoder(max).maxRecordSize()).isEqualTo(max);
    }

    // ---------------------------------------------------------------- failed stays failed

    @Test
    void aFailedDecoderStaysFailedWithTheSameException() {
        StreamDecoder decoder = new StreamDecoder();
        ProtocolException first = feedExpectingFailure(decoder, bytes('q'), new ArrayList<>());
        List<Unit> later = new ArrayList<>();

        assertThatThrownBy(() -> decoder.feed(VALID, 0, VALID.length, later::add)).isSameAs(first);
        assertThatThrownBy(() -> decoder.feed(ByteBuffer.allocate(0), later::add)).isSameAs(first);
        assertThatThrownBy(() -> decoder.feed(ByteBuffer.allocateDirect(1), later::add)).isSameAs(first);
        assertThatThrownBy(() -> decoder.feedDatagram(ByteBuffer.wrap(VALID), later::add)).isSameAs(first);
        assertThat(later).isEmpty();
        assertThat(decoder.state()).isEqualTo(State.FAILED);
        assertThat(decoder.failure()).isSameAs(first);
        assertThat(decoder.finish()).isEqualTo(State.FAILED);
        assertThat(decoder.control()).isNull();
    }

    // ---------------------------------------------------------------- how a stream ends

    @Test
    void finishReportsBoundaryForACleanStream() {
        StreamDecoder decoder = new StreamDecoder();
        assertThat(decoder.finish()).isEqualTo(State.BOUNDARY);

        StreamDecoder fed = new StreamDecoder();
        fed.feed(VALID, 0, VALID.length, u -> { });
        assertThat(fed.finish()).isEqualTo(State.BOUNDARY);
        assertThat(fed.control()).isNull();
    }

    @Test
    void finishReportsInsideUnitForEveryTruncation() {
        byte[] stream = concat(VALID, Fixtures.frame(9, 1, 2, 3, 4, Fixtures.PNG_IMAGE));
        for (int end = VALID.length + 1; end < stream.length; end++) {
            StreamDecoder decoder = new StreamDecoder();
            List<Unit> units = new ArrayList<>();
            decoder.feed(stream, 0, end, units::add);

            assertThat(decoder.state()).isEqualTo(State.INSIDE_UNIT);
            assertThat(decoder.bufferedBytes()).isEqualTo(end - VALID.length);
            assertThat(decoder.finish()).as("truncated at %d", end).isEqualTo(State.INSIDE_UNIT);
            // the partial unit is never forwarded, and its buffer is dropped
            assertThat(units).containsExactly(TerminalData.ofText(7, "ok"));
            assertThat(decoder.bufferedBytes()).isZero();
            assertThat(decoder.bufferCapacity()).isZero();
        }
    }

    @Test
    void finishReportsTerminatedAfterAControlByte() {
        for (Control control : Control.values()) {
            StreamDecoder decoder = new StreamDecoder();
            byte[] stream = concat(VALID, bytes(control.wireByte()), bytes('d', 0, 0));
            decoder.feed(stream, 0, stream.length, u -> { });

            assertThat(decoder.finish()).isEqualTo(State.TERMINATED);
            assertThat(decoder.control()).isEqualTo(control);
            assertThat(decoder.offset()).isEqualTo(stream.length);
        }
    }

    // ---------------------------------------------------------------- UDP datagrams

    @Test
    void datagramsOfWholeUnitsDecode() {
        StreamDecoder decoder = new StreamDecoder();
        List<Unit> units = new ArrayList<>();

        decoder.feedDatagram(ByteBuffer.wrap(concat(VALID, VALID)), units::add);
        decoder.feedDatagram(ByteBuffer.allocate(0), units::add);
        decoder.feedDatagram(ByteBuffer.wrap(concat(VALID, bytes('3'), bytes('x', 'y'))), units::add);
        decoder.feedDatagram(ByteBuffer.wrap(bytes('d', 1)), units::add);

        assertThat(units).containsExactly(TerminalData.ofText(7, "ok"), TerminalData.ofText(7, "ok"),
                TerminalData.ofText(7, "ok"), Control.END);
        assertThat(decoder.finish()).isEqualTo(State.TERMINATED);
    }

    @Test
    void aDatagramEndingInsideAUnitIsAnIncompleteDatagram() {
        for (int end = VALID.length + 1; end < 2 * VALID.length; end++) {
            StreamDecoder decoder = new StreamDecoder();
            List<Unit> units = new ArrayList<>();
            ByteBuffer datagram = ByteBuffer.wrap(concat(VALID, VALID), 0, end);

            ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decoder.feedDatagram(datagram, units::add));

            assertThat(e).as("datagram of %d bytes", end).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.INCOMPLETE_DATAGRAM);
            assertThat(e.offset()).isEqualTo(VALID.length);
            assertThat(units).containsExactly(TerminalData.ofText(7, "ok"));
            assertThat(decoder.state()).isEqualTo(State.FAILED);
            assertThat(decoder.bufferedBytes()).isZero();
            assertThatThrownBy(() -> decoder.feedDatagram(ByteBuffer.wrap(VALID), units::add)).isSameAs(e);
        }
    }

    // ---------------------------------------------------------------- misc

    @Test
    void protocolExceptionNamesKindAndOffset() {
        ProtocolException e = new ProtocolException(Kind.TRUNCATED, 42, "it stopped");
        assertThat(e.getMessage()).isEqualTo("TRUNCATED at offset 42: it stopped");
        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(e.offset()).isEqualTo(42);
        assertThat(new ProtocolException(Kind.BAD_MAGIC, -1, "no").getMessage()).isEqualTo("BAD_MAGIC: no");
    }

    @Test
    void nullConsumerIsRejectedBeforeAnythingIsConsumed() {
        StreamDecoder decoder = new StreamDecoder();
        ByteBuffer src = ByteBuffer.wrap(VALID);

        assertThatThrownBy(() -> decoder.feed(src, null)).isInstanceOf(NullPointerException.class);
        assertThat(src.position()).isZero();
        assertThatCode(() -> decoder.feed(src, u -> { })).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- helpers

    static ProtocolException feedExpectingFailure(StreamDecoder decoder, byte[] bytes, List<Unit> units) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decoder.feed(bytes, 0, bytes.length, units::add));
        assertThat(e).as("expected a ProtocolException").isNotNull();
        assertThat(decoder.state()).isEqualTo(State.FAILED);
        assertThat(decoder.failure()).isSameAs(e);
        return e;
    }

    static ProtocolException feedBytewiseExpectingFailure(StreamDecoder decoder, byte[] bytes, List<Unit> units) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> {
            for (int i = 0; i < bytes.length; i++) {
                decoder.feed(bytes, i, 1, units::add);
            }
        });
        assertThat(e).as("expected a ProtocolException").isNotNull();
        assertThat(decoder.state()).isEqualTo(State.FAILED);
        assertThat(decoder.failure()).isSameAs(e);
        return e;
    }
}
