package io.github.sessionbridge.protocol;

import static io.github.sessionbridge.protocol.Fixtures.concat;
import static io.github.sessionbridge.protocol.Fixtures.cutAt;
import static io.github.sessionbridge.protocol.Fixtures.decodeChunks;
import static io.github.sessionbridge.protocol.Fixtures.oneByteAtATime;
import static io.github.sessionbridge.protocol.Fixtures.randomChunks;
import static io.github.sessionbridge.protocol.Fixtures.referenceRecordBytes;
import static io.github.sessionbridge.protocol.Fixtures.referenceRecords;
import static io.github.sessionbridge.protocol.Fixtures.referenceStream;
import static io.github.sessionbridge.protocol.Fixtures.referenceUnits;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Fixtures.Feeding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Protocol §2: the same units for every way TCP may split or merge the reference stream
 * (every unit type, a character split across two records, an empty record, '3' and junk after it).
 */
class StreamDecoderReassemblyTest {

    static final byte[] STREAM = referenceStream();
    static final List<Unit> EXPECTED = referenceUnits();

    @Test
    void handEncodedReferenceStreamMatchesTheEncoder() {
        // the fixture's hand encoding and UnitEncoder must agree, or one of them misreads the spec
        assertThat(UnitEncoder.encodeAll(EXPECTED)).containsExactly(Fixtures.referenceUnitBytes());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void wholeStreamInOneRead(Feeding feeding) {
        StreamDecoder decoder = new StreamDecoder();

        List<Unit> units = decodeChunks(decoder, List.of(STREAM), feeding);

        assertThat(units).isEqualTo(EXPECTED);
        assertTerminatedAfterWholeStream(decoder, STREAM.length);
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void splitAtEverySinglePoint(Feeding feeding) {
        for (int cut = 0; cut <= STREAM.length; cut++) {
            StreamDecoder decoder = new StreamDecoder();

            List<Unit> units = decodeChunks(decoder, cutAt(STREAM, cut), feeding);

            assertThat(units).as("split at %d", cut).isEqualTo(EXPECTED);
            assertTerminatedAfterWholeStream(decoder, STREAM.length);
        }
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void oneByteAtATimeGivesTheSameUnits(Feeding feeding) {
        StreamDecoder decoder = new StreamDecoder();

        List<Unit> units = decodeChunks(decoder, oneByteAtATime(STREAM), feeding);

        assertThat(units).isEqualTo(EXPECTED);
        assertTerminatedAfterWholeStream(decoder, STREAM.length);
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void randomChunkSizesWith200Seeds(Feeding feeding) {
        for (long seed = 0; seed < 200; seed++) {
            // small chunks cut inside headers and prefixes, large ones merge several units
            int maxChunk = seed % 2 == 0 ? 7 : 60;
            StreamDecoder decoder = new StreamDecoder();

            List<Unit> units = decodeChunks(decoder, randomChunks(STREAM, seed, maxChunk), feeding);

            assertThat(units).as("seed %d", seed).isEqualTo(EXPECTED);
            assertTerminatedAfterWholeStream(decoder, STREAM.length);
        }
    }

    @Test
    void everyPairOfSplitPointsGivesTheSameUnits() {
        for (int a = 0; a <= STREAM.length; a++) {
            for (int b = a; b <= STREAM.length; b++) {
                List<Unit> units = decodeChunks(cutAt(STREAM, a, b), Feeding.BYTE_ARRAY);
                if (!units.equals(EXPECTED)) {
                    assertThat(units).as("split at %d and %d", a, b).isEqualTo(EXPECTED);
                }
            }
        }
    }

    @Test
    void unitsAreDeliveredAsSoonAsTheirLastByteArrives() {
        StreamDecoder decoder = new StreamDecoder();
        List<Unit> units = new ArrayList<>();
        int unitEnd = 0;
        int delivered = 0;
        for (int i = 0; i < Fixtures.referenceUnitBytes().length; i++) {
            decoder.feed(STREAM, i, 1, units::add);
            if (i + 1 == unitEnd + EXPECTED.get(delivered).encodedLength()) {
                unitEnd = i + 1;
                delivered++;
                assertThat(decoder.state()).isIn(StreamDecoder.State.BOUNDARY, StreamDecoder.State.TERMINATED);
                assertThat(decoder.bufferedBytes()).isZero();
            } else {
                assertThat(decoder.state()).isEqualTo(StreamDecoder.State.INSIDE_UNIT);
                assertThat(decoder.bufferedBytes()).isEqualTo(i + 1 - unitEnd);
            }
            assertThat(units).as("after byte %d", i).isEqualTo(EXPECTED.subList(0, delivered));
            assertThat(decoder.offset()).isEqualTo(i + 1);
        }
        assertThat(delivered).isEqualTo(EXPECTED.size());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void bytesOfTheNextStreamMergedAfterTheControlByteAreIgnored(Feeding feeding) {
        byte[] merged = concat(STREAM, STREAM, WorkedExampleTest.RESPONSE);
        for (long seed = 0; seed < 50; seed++) {
            StreamDecoder decoder = new StreamDecoder();

            List<Unit> units = decodeChunks(decoder, randomChunks(merged, seed, 80), feeding);

            assertThat(units).as("seed %d", seed).isEqualTo(EXPECTED);
            assertTerminatedAfterWholeStream(decoder, merged.length);
        }
        for (int cut = 0; cut <= merged.length; cut++) {
            assertThat(decodeChunks(cutAt(merged, cut), feeding)).as("split at %d", cut).isEqualTo(EXPECTED);
        }
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void recordsOfConsecutiveStreamsMergedIntoOneReadAllArrive(Feeding feeding) {
        byte[] records = referenceRecordBytes();
        byte[] twice = concat(records, records);
        List<Unit> expected = new ArrayList<>(referenceRecords());
        expected.addAll(referenceRecords());
        for (int cut = 0; cut <= twice.length; cut++) {
            StreamDecoder decoder = new StreamDecoder();

            List<Unit> units = decodeChunks(decoder, cutAt(twice, cut), feeding);

            assertThat(units).as("split at %d", cut).isEqualTo(expected);
            assertThat(decoder.finish()).isEqualTo(StreamDecoder.State.BOUNDARY);
            assertThat(decoder.control()).isNull();
            assertThat(decoder.offset()).isEqualTo(twice.length);
        }
    }

    @Test
    void controlBytesAreRecognisedWhenMergedWithARecord() {
        // the seed only recognised '3' / '5' as a whole one-byte read
        byte[] record = Fixtures.record('d', 1, Fixtures.utf8("bye"));
        for (Control control : Control.values()) {
            byte[] merged = concat(record, new byte[] {control.wireByte()});

            assertThat(Fixtures.decodeWhole(merged)).containsExactly(TerminalData.ofText(1, "bye"), control);
            assertThat(Fixtures.decodeWhole(new byte[] {control.wireByte()})).containsExactly(control);
        }
    }

    @Test
    void refusedAsTheOnlyByte() {
        StreamDecoder decoder = new StreamDecoder();
        List<Unit> units = new ArrayList<>();

        decoder.feed(new byte[] {'5', 'd', 0}, 0, 3, units::add);

        assertThat(units).containsExactly(Control.REFUSED);
        assertThat(decoder.control()).isEqualTo(Control.REFUSED);
        assertThat(decoder.finish()).isEqualTo(StreamDecoder.State.TERMINATED);
    }

    @Test
    void decodedRecordsCarryTheirTypeSpecificFields() {
        List<Unit> units = Fixtures.decodeWhole(STREAM);

        ScreenFrame png = (ScreenFrame) units.get(5);
        assertThat(png.x()).isZero();
        assertThat(png.y()).isEqualTo(65535);
        assertThat(png.width()).isEqualTo(1920);
        assertThat(png.height()).isEqualTo(1080);
        assertThat(png.imageFormat()).isEqualTo(ScreenFrame.ImageFormat.PNG);
        assertThat(png.content()).containsExactly(Fixtures.PNG_IMAGE);
        ScreenFrame jpeg = (ScreenFrame) units.get(7);
        assertThat(jpeg.x()).isEqualTo(40000);
        assertThat(jpeg.imageFormat()).isEqualTo(ScreenFrame.ImageFormat.JPEG);
        assertThat(((ScreenFrame) units.get(9)).contentLength()).isZero();
        assertThat(((InputEvent) units.get(1)).text()).isEqualTo("ls -la 目录\n");
        assertThat(((TerminalData) units.get(3)).contentLength()).isZero();
        assertThat(((TerminalData) units.get(3)).bodyLength()).isEqualTo(8);
    }

    private static void assertTerminatedAfterWholeStream(StreamDecoder decoder, long length) {
        assertThat(decoder.state()).isEqualTo(StreamDecoder.State.TERMINATED);
        assertThat(decoder.control()).isEqualTo(Control.END);
        assertThat(decoder.failure()).isNull();
        assertThat(decoder.offset()).isEqualTo(length);
        assertThat(decoder.bufferedBytes()).isZero();
        assertThat(decoder.finish()).isEqualTo(StreamDecoder.State.TERMINATED);
    }
}
