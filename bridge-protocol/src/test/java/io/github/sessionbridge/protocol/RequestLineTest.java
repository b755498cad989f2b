package io.github.sessionbridge.protocol;

import static io.github.sessionbridge.protocol.Fixtures.ascii;
import static io.github.sessionbridge.protocol.Fixtures.concat;
import static io.github.sessionbridge.protocol.Fixtures.cutAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sessionbridge.protocol.ProtocolException.Kind;
import io.github.sessionbridge.protocol.RequestDecoder.Status;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Protocol §1: the request line {@code [flag]=<0|1>&[sessionid]=<SID>}, encoded and parsed. */
class RequestLineTest {

    static final int PREFIX = "[flag]=0&[sessionid]=".length();

    @Test
    void monitorAndKickEncode() {
        assertThat(RequestLine.monitor("s-42").encode()).containsExactly(ascii("[flag]=0&[sessionid]=s-42"));
        assertThat(RequestLine.kick("s-42").encode()).containsExactly(ascii("[flag]=1&[sessionid]=s-42"));
        assertThat(RequestLine.kick("A.b_c:d-9").toString()).isEqualTo("[flag]=1&[sessionid]=A.b_c:d-9");
        assertThat(RequestLine.kick("x")).isEqualTo(new RequestLine(Action.KICK, "x"));
        assertThat(RequestLine.MAX_LENGTH).isEqualTo(PREFIX + 128);
    }

    static List<RequestLine> validLines() {
        return List.of(RequestLine.monitor("s-42"), RequestLine.kick("s-42"), RequestLine.monitor("x"),
                RequestLine.kick("Z"), RequestLine.monitor("a".repeat(128)), RequestLine.kick("host-1:pts.3_x"));
    }

    @ParameterizedTest
    @MethodSource("validLines")
    void validLinesParseBack(RequestLine line) {
        byte[] bytes = line.encode();

        assertThat(RequestLine.parse(bytes)).isEqualTo(line);
        byte[] padded = concat(ascii("&&&"), bytes, ascii("[[["));
        assertThat(RequestLine.parse(padded, 3, bytes.length)).isEqualTo(line);
    }

    @ParameterizedTest
    @MethodSource("validLines")
    void requestArrivingInTwoPiecesIsCompleteOnlyOnceASessionIdCharacterArrived(RequestLine line) {
        byte[] bytes = line.encode();
        for (int cut = 0; cut <= bytes.length; cut++) {
            RequestDecoder decoder = new RequestDecoder();
            List<byte[]> pieces = cutAt(bytes, cut);

            Status first = decoder.feed(pieces.get(0), 0, pieces.get(0).length);
            assertThat(first).as("after %d bytes", cut).isEqualTo(cut > PREFIX ? Status.COMPLETE : Status.INCOMPLETE);
            assertThat(decoder.length()).isEqualTo(cut);
            Status second = decoder.feed(ByteBuffer.wrap(pieces.get(1)));

            assertThat(second).isEqualTo(Status.COMPLETE);
            assertThat(decoder.finish()).isEqualTo(line);
            assertThat(decoder.rawBytes()).containsExactly(bytes);
        }
    }

    @ParameterizedTest
    @MethodSource("validLines")
    void requestArrivingOneByteAtATime(RequestLine line) {
        byte[] bytes = line.encode();
        RequestDecoder decoder = new RequestDecoder();
        for (int i = 0; i < bytes.length; i++) {
            Status status = decoder.feed(bytes, i, 1);
            assertThat(status).as("after %d bytes", i + 1).isEqualTo(i + 1 > PREFIX ? Status.COMPLETE : Status.INCOMPLETE);
            assertThat(decoder.status()).isEqualTo(status);
            if (status == Status.INCOMPLETE) {
                assertThatThrownBy(decoder::finish).isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_REQUEST));
            }
        }
        assertThat(decoder.finish()).isEqualTo(line);
    }

    @Test
    void completeRequestMayStillGrow() {
        RequestDecoder decoder = new RequestDecoder();
        decoder.feed(ascii("[flag]=1&[sessionid]=ab"), 0, PREFIX + 2);
        assertThat(decoder.finish()).isEqualTo(RequestLine.kick("ab"));

        decoder.feed(ascii("c"), 0, 1);
        assertThat(decoder.finish()).isEqualTo(RequestLine.kick("abc"));
    }

    static List<Arguments> malformed() {
        String sid128 = "s".repeat(128);
        return List.of(
                // bytes, offset of the problem, what the message must name
                Arguments.of("", 0, "empty request line"),
                Arguments.of("[flag]=0", 8, "before a session id"),
                Arguments.of("[flag]=0&[sessionid]=", PREFIX, "before a session id"),
                Arguments.of("[flag]=0&[sessionid", 19, "before a session id"),
                Arguments.of("flag]=0&[sessionid]=s", 0, "'f'"),
                Arguments.of("[Flag]=0&[sessionid]=s", 1, "'F'"),
                Arguments.of("[flag]:0&[sessionid]=s", 6, "\"[flag]=\""),
                Arguments.of("[flag]=2&[sessionid]=s", 7, "the flag must be '0' (monitor) or '1' (kick)"),
                Arguments.of("[flag]= &[sessionid]=s", 7, "the flag must be"),
                Arguments.of("[flag]=00&[sessionid]=s", 8, "\"&[sessionid]=\""),
                Arguments.of("[flag]=0&[session]=s", 17, "\"&[sessionid]=\""),
                Arguments.of("[flag]=0[sessionid]=s", 8, "'['"),
                Arguments.of("[flag]=0&[sessionid]=a b", PREFIX + 1, "0x20"),
                Arguments.of("[flag]=0&[sessionid]=s-42&[flag]=1", PREFIX + 4, "'&'"),
                Arguments.of("[flag]=0&[sessionid]=s\n", PREFIX + 1, "0x0A"),
                Arguments.of("[flag]=0&[sessionid]=\u00e9", PREFIX, "0xC3"),
                Arguments.of("[flag]=0&[sessionid]=" + sid128 + "s", PREFIX + 128, "longer than 128"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedLinesAreRejectedNamingTheProblem(String line, int offset, String named) {
        byte[] bytes = Fixtures.utf8(line);

        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> RequestLine.parse(bytes));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED_REQUEST);
        assertThat(e.offset()).isEqualTo(offset);
        assertThat(e.getMessage()).contains(named).contains("offset " + offset);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedLinesFailAsSoonAsTheBadByteArrivesAndStayFailed(String line, int offset, String named) {
        byte[] bytes = Fixtures.utf8(line);
        RequestDecoder decoder = new RequestDecoder();
        ProtocolException e = null;
        for (int i = 0; i < bytes.length && e == null; i++) {
            int at = i;
            e = catchThrowableOfType(ProtocolException.class, () -> decoder.feed(bytes, at, 1));
            if (e != null) {
                assertThat(at).isEqualTo(offset);
            }
        }
        if (e == null) {
            // nothing wrong with any byte: the line just ends too early
            e = catchThrowableOfType(ProtocolException.class, decoder::finish);
        }

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(named);
        if (offset < bytes.length) {
            ProtocolException first = e;
            assertThatThrownBy(() -> decoder.feed(ascii("s"), 0, 1)).isSameAs(first);
            assertThatThrownBy(() -> decoder.feed(ByteBuffer.allocate(0))).isSameAs(first);
            assertThatThrownBy(decoder::finish).isSameAs(first);
        }
    }

    @Test
    void parseChecksItsRange() {
        byte[] bytes = RequestLine.monitor("s").encode();
        assertThatThrownBy(() -> RequestLine.parse(bytes, 1, bytes.length)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> RequestLine.parse(bytes, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void actionFlags() {
        assertThat(Action.MONITOR.flag()).isEqualTo('0');
        assertThat(Action.KICK.flag()).isEqualTo('1');
        assertThat(Action.ofFlag('0')).isEqualTo(Action.MONITOR);
        assertThat(Action.ofFlag('1')).isEqualTo(Action.KICK);
        assertThatIllegalArgumentException().isThrownBy(() -> Action.ofFlag('2')).withMessageContaining("'2'");
    }
}
