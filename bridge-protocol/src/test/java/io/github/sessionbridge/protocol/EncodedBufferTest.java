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
import java.util.Base64;
import java.util.List;
import java.util.Random;
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
            assertThat(r.contentBase64()).isEqualTo(Base64.getEncoder().encodeToString(e.content()));
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

    @Test
    void contentBase64IsTheContentsBase64ForEveryLengthAndLayoutAndLeavesTheRecordAsItWas() {
        Random random = new Random(21);
        for (int n = 0; n <= 70; n++) { // every padding case, several times over, and the empty content
            byte[] content = new byte[n];
            random.nextBytes(content);
            String expected = Base64.getEncoder().encodeToString(content);
            TerminalData built = new TerminalData(n, content.clone());
            byte[] wire = UnitEncoder.encode(built);
            SessionRecord decoded = (SessionRecord) decodeChunks(new StreamDecoder(), List.of(wire), Feeding.DIRECT_BUFFER).get(0);
            SessionRecord fromWire = SessionRecord.fromEncoded(ByteBuffer.wrap(wire));
            ScreenFrame frame = new ScreenFrame(n, 1, 2, 3, 4, content.clone());
            for (SessionRecord r : List.of(built, decoded, fromWire, frame)) {
                assertThat(r.contentBase64()).as("%d bytes, %s", n, r.getClass().getSimpleName()).isEqualTo(expected);
                assertThat(r.content()).containsExactly(content);
            }
            assertThat(bytesOf(decoded.encodedBuffer())).containsExactly(wire);
        }
    }

    @Test
    void fromEncodedIsTheInverseOfTheWireBytes() {
        for (Unit u : referenceUnits()) {
            if (!(u instanceof SessionRecord r)) {
                continue;
            }
            byte[] wire = UnitEncoder.encode(r);
            // within a larger array, the buffer positioned at the record: only its remaining bytes are read
            byte[] around = new byte[wire.length + 7];
            System.arraycopy(wire, 0, around, 3, wire.length);
            ByteBuffer in = ByteBuffer.wrap(around, 3, wire.length);
            SessionRecord back = SessionRecord.fromEncoded(in);
            assertThat(back).isEqualTo(r);
            assertThat(back.type()).isEqualTo(r.type());
            assertThat(in.position()).isEqualTo(3);
            assertThat(in.remaining()).isEqualTo(wire.length);
            assertThat(bytesOf(back.encodedBuffer())).containsExactly(wire);
            java.util.Arrays.fill(around, (byte) 0); // copied: the caller's bytes are not the record's
            assertThat(back).isEqualTo(r);
            assertThat(SessionRecord.fromEncoded(r.encodedBuffer())).isEqualTo(r);
        }
        ScreenFrame frame = new ScreenFrame(9, 1, 2, 300, 400, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        ScreenFrame back = (ScreenFrame) SessionRecord.fromEncoded(frame.encodedBuffer());
        assertThat(List.of(back.x(), back.y(), back.width(), back.height())).containsExactly(1, 2, 300, 400);
        assertThat(back).isEqualTo(frame);
    }

    @Test
    void fromEncodedNamesWhatIsNotOneRecord() {
        byte[] ok = UnitEncoder.encode(TerminalData.ofText(5, "abc"));
        assertThatThrownBy(() -> SessionRecord.fromEncoded(ByteBuffer.allocate(0)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.TRUNCATED))
                .hasMessageContaining("no bytes");
        assertThatThrownBy(() -> SessionRecord.fromEncoded(ByteBuffer.wrap(new byte[] {'3'})))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.UNKNOWN_TYPE))
                .hasMessageContaining("expected 'd', 'v' or 'i'");
        assertThatThrownBy(() -> SessionRecord.fromEncoded(ByteBuffer.wrap(ok, 0, 10)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.TRUNCATED))
                .hasMessageContaining("10 bytes hold no whole 'd' record header");
        byte[] small = ok.clone();
        small[4] = 4; // a length below the timestamp's 8
        assertThatThrownBy(() -> SessionRecord.fromEncoded(ByteBuffer.wrap(small)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.LENGTH_TOO_SMALL))
                .hasMessageContaining("length is 4, below its minimum of 8");
        assertThatThrownBy(() -> SessionRecord.fromEncoded(ByteBuffer.wrap(ok, 0, ok.length - 1)))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.TRUNCATED))
                .hasMessageContaining("length is 11 but 10 bytes follow its header");
        byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
        assertThatThrownBy(() -> SessionRecord.fromEncoded(ByteBuffer.wrap(longer)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("length is 11 but 12 bytes follow its header");
        assertThatThrownBy(() -> SessionRecord.fromEncoded(null)).isInstanceOf(NullPointerException.class);
    }
}
