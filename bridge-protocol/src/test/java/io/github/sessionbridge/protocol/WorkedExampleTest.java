package io.github.sessionbridge.protocol;

import static io.github.sessionbridge.protocol.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Protocol §6, byte for byte, in both directions. */
class WorkedExampleTest {

    /** {@code bridge → C}, as printed in the spec. */
    static final byte[] REQUEST = bytes(
            0x5b, 0x66, 0x6c, 0x61, 0x67, 0x5d, 0x3d, 0x30, 0x26, 0x5b, 0x73, 0x65, 0x73, 0x73, 0x69, 0x6f,
            0x6e, 0x69, 0x64, 0x5d, 0x3d, 0x73, 0x2d, 0x34, 0x32);

    /** {@code C → bridge}, as printed in the spec. */
    static final byte[] RESPONSE = bytes(
            0x64, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00, 0x6c, 0x73, 0x0d, 0x0a,
            0x33);

    @Test
    void requestLineEncodesToTheExactBytes() {
        RequestLine request = RequestLine.monitor("s-42");

        assertThat(request.encode()).containsExactly(REQUEST);
        assertThat(new String(REQUEST, StandardCharsets.US_ASCII)).isEqualTo("[flag]=0&[sessionid]=s-42");
        assertThat(request.toString()).isEqualTo("[flag]=0&[sessionid]=s-42");
    }

    @Test
    void requestBytesParseBack() {
        RequestLine parsed = RequestLine.parse(REQUEST);

        assertThat(parsed).isEqualTo(RequestLine.monitor("s-42"));
        assertThat(parsed.action()).isEqualTo(Action.MONITOR);
        assertThat(parsed.sessionId()).isEqualTo("s-42");
    }

    @Test
    void responseDecodesToTerminalDataThenEnd() {
        StreamDecoder decoder = new StreamDecoder();
        List<Unit> units = new ArrayList<>();

        decoder.feed(RESPONSE, 0, RESPONSE.length, units::add);

        assertThat(units).hasSize(2);
        assertThat(units.get(0)).isInstanceOf(TerminalData.class);
        TerminalData data = (TerminalData) units.get(0);
        assertThat(data.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(data.content()).containsExactly('l', 's', '\r', '\n');
        assertThat(data.bodyLength()).isEqualTo(12);
        assertThat(units.get(1)).isEqualTo(Control.END);
        assertThat(decoder.control()).isEqualTo(Control.END);
        assertThat(decoder.finish()).isEqualTo(StreamDecoder.State.TERMINATED);
        assertThat(decoder.offset()).isEqualTo(RESPONSE.length);
    }

    @Test
    void responseUnitsReEncodeToTheExactBytes() {
        List<Unit> units = List.of(TerminalData.ofText(1_700_000_000_000L, "ls\r\n"), Control.END);

        assertThat(UnitEncoder.encodeAll(units)).containsExactly(RESPONSE);
        assertThat(Fixtures.concat(UnitEncoder.encode(units.get(0)), UnitEncoder.encode(units.get(1))))
                .containsExactly(RESPONSE);
        assertThat(Fixtures.decodeWhole(RESPONSE)).isEqualTo(units);
    }
}
