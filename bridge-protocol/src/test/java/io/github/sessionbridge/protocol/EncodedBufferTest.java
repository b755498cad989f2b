package io.github.sessionbridge.protocol;

import static io.github.sessionbridge.protocol.Fixtures.decodeChunks;
import static io.github.sessionbridge.protocol.Fixtures.oneByteAtATime;
import static io.github.sessionbridge.protocol.Fixtures.referenceStream;
import static io.github.sessionbridge.protocol.Fixtures.referenceUnits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.protocol.Fixtures.Feeding;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SessionRecord#encodedBuffer()}: the record's wire bytes as a read-only view, the same bytes as
 * {@link UnitEncoder#encode}, for records decoded whole (which hold them), decoded in pieces and built
 * by hand; content views and the encoder unchanged by the record's layout.
 */
class EncodedBufferTest {

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static void assertWireForm(List<Unit> units, List<Unit> expected) {
        assertThat(units).isEqualTo(expected);
        for (int i = 0; i < units.size(); i++) {
            if (!(units.get(i) instanceof SessionRecord r)) {
                continue;
            }
            SessionRecord e = (SessionRecord) expected.get(i);
            ByteBuffer wire = r.encodedBuffer();
            assertThat(wire.isReadOnly()).isTrue();
            assertThat(wire.position()).isZero();
            assertThat(wire.remaining()).isEqualTo(r.encodedLength());
            assertThat(bytesOf(wire)).containsExactly(UnitEncoder.encode(e));
            assertThat(UnitEncoder.encode(r)).containsExactly(UnitEncoder.encode(e));
            assertThat(r.content()).containsExactly(e.content());
            assertThat(bytesOf(r.contentBuffer())).containsExactly(e.content());
            assertThat(r.contentBuffer().position()).isZero();
            assertThat(r.contentLength()).isEqualTo(e.contentLength());
            assertThat(r.hashCode()).isEqualTo(e.hashCode());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                UnitEncoder.writeTo(r, out);
            } catch (java.io.IOException ex) {
                throw new AssertionError(ex);
            }
            assertThat(out.toByteArray()).containsExactly(UnitEncoder.encode(e));
        }
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void decodedWholeTheRecordsHoldTheirWireBytes(Feeding feeding) {
        byte[] stream = referenceStream();
        List<Unit> units = decodeChunks(new StreamDecoder(), List.of(stream), feeding);
        assertWireForm(units, referenceUnits());
    }

    @ParameterizedTest
    @EnumSource(Feeding.class)
    void decodedInPiecesTheWireBytesAreTheSame(Feeding feeding) {
        byte[] stream = referenceStream();
        List<Unit> units = decodeChunks(new StreamDecoder(), oneByteAtATime(stream), feeding);
        assertWireForm(units, referenceUnits());
    }

    @Test
    void theViewCannotChangeTheRecordNorChangeUnderIt() {
        TerminalData built = TerminalData.ofText(7, "hello");
        byte[] stream = UnitEncoder.encode(built);
        SessionRecord decoded = (SessionRecord) decodeChunks(new StreamDecoder(), List.of(stream), Feeding.DIRECT_BUFFER).get(0);
        for (SessionRecord r : List.of(built, decoded)) {
            ByteBuffer wire = r.encodedBuffer();
            assertThatThrownBy(() -> wire.put(0, (byte) 'x')).isInstanceOf(ReadOnlyBufferException.class);
            wire.position(3).limit(5); // another view is independent of this one
            assertThat(bytesOf(r.encodedBuffer())).containsExactly(stream);
            assertThat(r.contentBuffer().isReadOnly()).isTrue();
        }
        stream[13] = 'J'; // the decoder's input is not the record's array
        assertThat(new String(decoded.content(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(decoded).isEqualTo(built);
    }
}
