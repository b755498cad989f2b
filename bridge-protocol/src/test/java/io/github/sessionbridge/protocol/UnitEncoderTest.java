package io.github.sessionbridge.protocol;

import static io.github.sessionbridge.protocol.Fixtures.bytes;
import static io.github.sessionbridge.protocol.Fixtures.referenceUnits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The encoder's three ways of writing a unit agree with each other and with the hand-encoded wire form. */
class UnitEncoderTest {

    static List<Unit> units() {
        return referenceUnits();
    }

    @ParameterizedTest
    @MethodSource("units")
    void encodeEncodeAllWriteToAndBufferEncodingAgree(Unit unit) throws IOException {
        byte[] encoded = UnitEncoder.encode(unit);

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        UnitEncoder.writeTo(unit, stream);
        ByteBuffer heap = ByteBuffer.allocate(encoded.length + 4).position(2);
        UnitEncoder.encode(unit, heap);
        ByteBuffer direct = ByteBuffer.allocateDirect(encoded.length);
        UnitEncoder.encode(unit, direct);
        byte[] fromDirect = new byte[encoded.length];
        direct.flip().get(fromDirect);

        assertThat(encoded).hasSize(unit.encodedLength());
        assertThat(UnitEncoder.encodeAll(List.of(unit))).containsExactly(encoded);
        assertThat(stream.toByteArray()).containsExactly(encoded);
        assertThat(heap.position()).isEqualTo(2 + encoded.length);
        assertThat(Arrays.copyOfRange(heap.array(), 2, 2 + encoded.length)).containsExactly(encoded);
        assertThat(fromDirect).containsExactly(encoded);
        assertThat(Fixtures.decodeWhole(encoded)).containsExactly(unit);
    }

    @Test
    void encodeAllConcatenatesInOrder() throws IOException {
        List<Unit> units = referenceUnits();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (Unit u : units) {
            UnitEncoder.writeTo(u, stream);
        }

        assertThat(UnitEncoder.encodeAll(units)).containsExactly(Fixtures.referenceUnitBytes());
        assertThat(stream.toByteArray()).containsExactly(Fixtures.referenceUnitBytes());
        assertThat(UnitEncoder.encodeAll(List.of())).isEmpty();
    }

    @Test
    void wireFormIsBigEndianAndUnsigned() {
        ScreenFrame frame = new ScreenFrame(0x0102030405060708L, 0xFFFF, 0x8000, 0x1234, 1, bytes(0xAB));

        assertThat(UnitEncoder.encode(frame)).containsExactly(bytes(
                'v', 0, 0, 0, 17,
                1, 2, 3, 4, 5, 6, 7, 8,
                0xFF, 0xFF, 0x80, 0x00, 0x12, 0x34, 0x00, 0x01,
                0xAB));
        assertThat(UnitEncoder.encode(new InputEvent(-1L, bytes('a')))).containsExactly(bytes(
                'i', 0, 0, 0, 9, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 'a'));
        assertThat(UnitEncoder.encode(Control.END)).containsExactly('3');
        assertThat(UnitEncoder.encode(Control.REFUSED)).containsExactly('5');
    }

    @Test
    void encodingIntoALittleEndianBufferStillWritesTheBigEndianWireForm() {
        ScreenFrame frame = new ScreenFrame(0x0102030405060708L, 0xFFFF, 0x8000, 0x1234, 1, bytes(0xAB));
        ByteBuffer little = ByteBuffer.allocate(frame.encodedLength()).order(ByteOrder.LITTLE_ENDIAN);

        UnitEncoder.encode(frame, little);

        assertThat(little.array()).containsExactly(UnitEncoder.encode(frame));
        assertThat(little.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void tooSmallBufferOverflowsWithoutWritingAnything() {
        TerminalData data = TerminalData.ofText(1, "hello");
        ByteBuffer dst = ByteBuffer.allocate(data.encodedLength() - 1);

        assertThatThrownBy(() -> UnitEncoder.encode(data, dst)).isInstanceOf(BufferOverflowException.class);
        assertThat(dst.position()).isZero();
        assertThat(dst.array()).containsOnly(0);
        assertThatThrownBy(() -> UnitEncoder.encode(Control.END, ByteBuffer.allocate(0))).isInstanceOf(BufferOverflowException.class);
    }

    @Test
    void nullUnitIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> UnitEncoder.encode(null, ByteBuffer.allocate(10)));
        assertThatNullPointerException().isThrownBy(() -> UnitEncoder.writeTo(null, new ByteArrayOutputStream()));
    }

    @Test
    void encodedLengths() {
        assertThat(TerminalData.ofText(0, "").encodedLength()).isEqualTo(13);
        assertThat(new ScreenFrame(0, 0, 0, 0, 0, new byte[0]).encodedLength()).isEqualTo(21);
        assertThat(InputEvent.ofText(0, "é").encodedLength()).isEqualTo(15);
        assertThat(Control.END.encodedLength()).isEqualTo(1);
        assertThat(UnitEncoder.encode(InputEvent.ofText(0, "é"))).hasSize(15);
    }
}
