package io.github.sessionbridge.protocol;

import static io.github.sessionbridge.protocol.Fixtures.bytes;
import static io.github.sessionbridge.protocol.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The value types: immutability, equality, coordinates and the small enums. */
class RecordValuesTest {

    // ---------------------------------------------------------------- screen frame coordinates

    @ParameterizedTest
    @CsvSource({
            "x, -1", "x, 65536", "y, -1", "y, 65536",
            "width, -1", "width, 65536", "height, -1", "height, 65536",
            "x, -2147483648", "height, 2147483647"})
    void coordinateOutOfRangeIsRejected(String name, int value) {
        int x = name.equals("x") ? value : 0;
        int y = name.equals("y") ? value : 0;
        int w = name.equals("width") ? value : 0;
        int h = name.equals("height") ? value : 0;

        assertThatIllegalArgumentException().isThrownBy(() -> new ScreenFrame(1, x, y, w, h, new byte[0]))
                .withMessageContaining(name + " must be within 0..65535")
                .withMessageContaining(Integer.toString(value));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 32767, 32768, 65535})
    void coordinateInRangeIsAcceptedAndRoundTrips(int value) {
        ScreenFrame frame = new ScreenFrame(1, value, value, value, value, Fixtures.PNG_IMAGE);

        assertThat(frame.x()).isEqualTo(value);
        assertThat(Fixtures.decodeWhole(UnitEncoder.encode(frame))).containsExactly(frame);
    }

    @Test
    void imageFormatFromMagicBytes() {
        assertThat(new ScreenFrame(0, 0, 0, 0, 0, Fixtures.PNG_IMAGE).imageFormat()).isEqualTo(ScreenFrame.ImageFormat.PNG);
        assertThat(new ScreenFrame(0, 0, 0, 0, 0, Fixtures.JPEG_IMAGE).imageFormat()).isEqualTo(ScreenFrame.ImageFormat.JPEG);
        assertThat(new ScreenFrame(0, 0, 0, 0, 0, bytes(0x89, 'P', 'N')).imageFormat()).isEqualTo(ScreenFrame.ImageFormat.UNKNOWN);
        assertThat(new ScreenFrame(0, 0, 0, 0, 0, bytes(0xFF, 0xD8)).imageFormat()).isEqualTo(ScreenFrame.ImageFormat.UNKNOWN);
        assertThat(new ScreenFrame(0, 0, 0, 0, 0, bytes('G', 'I', 'F', '8')).imageFormat()).isEqualTo(ScreenFrame.ImageFormat.UNKNOWN);
        assertThat(new ScreenFrame(0, 0, 0, 0, 0, new byte[0]).imageFormat()).isEqualTo(ScreenFrame.ImageFormat.UNKNOWN);
    }

    // ---------------------------------------------------------------- equality

    @Test
    void equalRecordsAreEqualWithEqualHashCodes() {
        assertEqualValues(new TerminalData(5, utf8("ab")), TerminalData.ofText(5, "ab"));
        assertEqualValues(new InputEvent(5, utf8("中")), InputEvent.ofText(5, "中"));
        assertEqualValues(new ScreenFrame(5, 1, 2, 3, 4, bytes(9)), new ScreenFrame(5, 1, 2, 3, 4, bytes(9)));
        assertEqualValues(new TerminalData(0, new byte[0]), TerminalData.ofText(0, ""));
    }

    @Test
    void recordsDifferingInAnythingAreNotEqual() {
        TerminalData data = TerminalData.ofText(5, "ab");
        assertThat(data).isNotEqualTo(TerminalData.ofText(6, "ab"))
                .isNotEqualTo(TerminalData.ofText(5, "ac"))
                .isNotEqualTo(TerminalData.ofText(5, "abc"))
                .isNotEqualTo(InputEvent.ofText(5, "ab"))
                .isNotEqualTo(Control.END)
                .isNotEqualTo(null)
                .isNotEqualTo("ab");
        assertThat(InputEvent.ofText(5, "ab")).isNotEqualTo(data);

        ScreenFrame frame = new ScreenFrame(5, 1, 2, 3, 4, bytes(9));
        assertThat(frame).isNotEqualTo(new ScreenFrame(5, 0, 2, 3, 4, bytes(9)))
                .isNotEqualTo(new ScreenFrame(5, 1, 0, 3, 4, bytes(9)))
                .isNotEqualTo(new ScreenFrame(5, 1, 2, 0, 4, bytes(9)))
                .isNotEqualTo(new ScreenFrame(5, 1, 2, 3, 0, bytes(9)))
                .isNotEqualTo(new ScreenFrame(5, 1, 2, 3, 4, bytes(8)))
                .isNotEqualTo(new ScreenFrame(4, 1, 2, 3, 4, bytes(9)))
                .isNotEqualTo(new TerminalData(5, bytes(9)));
        // geometry is part of the hash: frames that differ only in where they go hash apart
        assertThat(frame.hashCode()).isNotEqualTo(new ScreenFrame(5, 2, 1, 3, 4, bytes(9)).hashCode());
    }

    private static void assertEqualValues(Object a, Object b) {
        assertThat(a).isEqualTo(b).isNotSameAs(b);
        assertThat(b).isEqualTo(a);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).hasToString(b.toString());
    }

    @Test
    void requestLinesAreValues() {
        assertEqualValues(RequestLine.monitor("s-1"), new RequestLine(Action.MONITOR, "s-1"));
        assertThat(RequestLine.monitor("s-1")).isNotEqualTo(RequestLine.kick("s-1")).isNotEqualTo(RequestLine.monitor("s-2"));
    }

    // ---------------------------------------------------------------- immutability

    @Test
    void recordsCopyTheirContentIn() {
        byte[] content = utf8("abc");
        TerminalData data = new TerminalData(1, content);
        InputEvent input = new InputEvent(1, content);
        ScreenFrame frame = new ScreenFrame(1, 0, 0, 0, 0, content);

        content[0] = 'X';

        assertThat(data.content()).containsExactly(utf8("abc"));
        assertThat(input.text()).isEqualTo("abc");
        assertThat(frame.content()).containsExactly(utf8("abc"));
    }

    @Test
    void recordsHandOutCopiesAndReadOnlyViews() throws IOException {
        TerminalData data = TerminalData.ofText(1, "abc");

        data.content()[0] = 'X';
        ByteBuffer view = data.contentBuffer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        data.writeContentTo(out);

        assertThat(data.content()).containsExactly(utf8("abc"));
        assertThat(view.isReadOnly()).isTrue();
        assertThat(view.remaining()).isEqualTo(3);
        assertThatThrownBy(() -> view.put(0, (byte) 'X')).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(out.toByteArray()).containsExactly(utf8("abc"));
        assertThat(data.contentLength()).isEqualTo(3);
        assertThat(data.bodyLength()).isEqualTo(11);
    }

    @Test
    void nullContentIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> new TerminalData(1, null));
        assertThatNullPointerException().isThrownBy(() -> new InputEvent(1, null));
        assertThatNullPointerException().isThrownBy(() -> new ScreenFrame(1, 0, 0, 0, 0, null));
    }

    @Test
    void inputEventTextReplacesInvalidUtf8() {
        assertThat(new InputEvent(1, bytes('o', 0xFF, 'k')).text()).isEqualTo("o\uFFFDk");
        assertThat(InputEvent.ofText(1, "rm -rf /tmp/日志").text()).isEqualTo("rm -rf /tmp/日志");
    }

    @Test
    void toStringsSayWhatTheRecordIs() {
        assertThat(TerminalData.ofText(7, "abc")).hasToString("TerminalData[ts=7, 3 bytes]");
        assertThat(InputEvent.ofText(7, "ls")).hasToString("InputEvent[ts=7, text=ls]");
        assertThat(new ScreenFrame(7, 1, 2, 3, 4, Fixtures.PNG_IMAGE).toString())
                .contains("ts=7").contains("x=1").contains("y=2").contains("3x4").contains("PNG");
    }

    // ---------------------------------------------------------------- enums

    @Test
    void recordTypesAndControlBytes() {
        assertThat(RecordType.ofWireByte('d')).isEqualTo(RecordType.TERMINAL_DATA);
        assertThat(RecordType.ofWireByte('v')).isEqualTo(RecordType.SCREEN_FRAME);
        assertThat(RecordType.ofWireByte('i')).isEqualTo(RecordType.INPUT_EVENT);
        assertThat(RecordType.ofWireByte('D')).isNull();
        assertThat(RecordType.ofWireByte('3')).isNull();
        assertThat(RecordType.TERMINAL_DATA.minimumLength()).isEqualTo(8);
        assertThat(RecordType.INPUT_EVENT.minimumLength()).isEqualTo(8);
        assertThat(RecordType.SCREEN_FRAME.minimumLength()).isEqualTo(16);
        for (RecordType t : RecordType.values()) {
            assertThat(RecordType.ofWireByte(t.wireByte())).isEqualTo(t);
        }

        assertThat(Control.ofWireByte('3')).isEqualTo(Control.END);
        assertThat(Control.ofWireByte('5')).isEqualTo(Control.REFUSED);
        assertThat(Control.ofWireByte('4')).isNull();
        assertThat(Control.ofWireByte('d')).isNull();
        assertThat(Control.END.wireByte()).isEqualTo((byte) 0x33);
        assertThat(Control.REFUSED.wireByte()).isEqualTo((byte) 0x35);
    }
}
