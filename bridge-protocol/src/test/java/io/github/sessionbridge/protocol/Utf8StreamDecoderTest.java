package io.github.sessionbridge.protocol;

import static io.github.sessionbridge.protocol.Fixtures.bytes;
import static io.github.sessionbridge.protocol.Fixtures.concat;
import static io.github.sessionbridge.protocol.Fixtures.cutAt;
import static io.github.sessionbridge.protocol.Fixtures.randomChunks;
import static io.github.sessionbridge.protocol.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Protocol §2.2: terminal data split inside a character is carried over, never turned into U+FFFD. */
class Utf8StreamDecoderTest {

    static final String REPLACEMENT = "\uFFFD";

    @Test
    void chineseTextOfTheReferenceStreamComesOutIntact() {
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
        StringBuilder text = new StringBuilder();
        StringBuilder naive = new StringBuilder();

        for (Unit unit : Fixtures.decodeWhole(Fixtures.referenceStream())) {
            if (unit instanceof TerminalData d) {
                text.append(utf8.decode(d));
                naive.append(new String(d.content(), StandardCharsets.UTF_8));
            }
        }
        text.append(utf8.flush());

        assertThat(text.toString())
                .isEqualTo("\u001b[32m$\u001b[0m ls\r\n" + Fixtures.CHINESE_TEXT)
                .doesNotContain(REPLACEMENT);
        // the reference stream really does cut characters: decoding record by record corrupts them
        assertThat(naive.toString()).contains(REPLACEMENT);
    }

    @Test
    void carryOverSurvivesAnEmptyChunk() {
        byte[] zhong = utf8("中");
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();

        assertThat(utf8.decode(bytes(zhong[0], zhong[1]))).isEmpty();
        assertThat(utf8.hasPendingBytes()).isTrue();
        assertThat(utf8.decode(new byte[0])).isEmpty();
        assertThat(utf8.hasPendingBytes()).isTrue();
        assertThat(utf8.decode(bytes(zhong[2], 'x'))).isEqualTo("中x");
        assertThat(utf8.hasPendingBytes()).isFalse();
        assertThat(utf8.flush()).isEmpty();
    }

    static List<String> texts() {
        return List.of(
                Fixtures.CHINESE_TEXT,
                "中文终端输出：目录 /home/运维/日志\r\n",
                "emoji 😀🎉 and 𝄞 (4-byte sequences), ümlaut, ß, €",
                "\u001b[1;31m错误\u001b[0m: 权限不足\r\n");
    }

    @ParameterizedTest
    @MethodSource("texts")
    void textSplitAtEveryPairOfPointsIsIntact(String text) {
        byte[] bytes = utf8(text);
        for (int a = 0; a <= bytes.length; a++) {
            for (int b = a; b <= bytes.length; b++) {
                assertThat(decodeAll(cutAt(bytes, a, b))).as("cut at %d and %d", a, b).isEqualTo(text);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("texts")
    void textFedOneByteAtATimeIsIntact(String text) {
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
        StringBuilder out = new StringBuilder();
        for (byte b : utf8(text)) {
            out.append(utf8.decode(new byte[] {b}));
        }
        out.append(utf8.flush());

        assertThat(out.toString()).isEqualTo(text);
    }

    @Test
    void decodeWithOffsetAndLengthReadsOnlyThatRange() {
        byte[] bytes = concat(bytes(0xFF, 0xFF), utf8("你好"), bytes(0xFF));
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();

        String first = utf8.decode(bytes, 2, 4);
        String second = utf8.decode(bytes, 6, 2);

        assertThat(first).isEqualTo("你");
        assertThat(second + utf8.flush()).isEqualTo("好");
    }

    static List<Arguments> invalidInput() {
        return List.of(
                Arguments.of(bytes('a', 0xFF, 'b'), "a" + REPLACEMENT + "b"),
                Arguments.of(bytes(0x80, 'z'), REPLACEMENT + "z"),                       // lone continuation byte
                Arguments.of(bytes(0xC0, 0x80), REPLACEMENT + REPLACEMENT),              // overlong NUL
                Arguments.of(bytes(0xED, 0xA0, 0x80), REPLACEMENT),                      // encoded surrogate: one sequence
                Arguments.of(bytes(0xE4, 0xB8, 'A'), REPLACEMENT + "A"),                 // truncated inside the text
                Arguments.of(bytes(0xF8, 0x88, 0x80, 0x80, 0x80), REPLACEMENT.repeat(5)));
    }

    @ParameterizedTest
    @MethodSource("invalidInput")
    void reallyInvalidBytesBecomeReplacementCharacters(byte[] bytes, String expected) {
        // the JDK's whole-input decoding is the reference; every split must agree with it
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(expected);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertThat(decodeAll(cutAt(bytes, cut))).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void anyBytesInAnyChunksDecodeAsTheWholeWouldWith200Seeds() {
        for (long seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(200)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly valid text, some arbitrary bytes
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0);
            }
            byte[] text = utf8("终端 ok 😀 é");
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    bytes[i] = text[random.nextInt(text.length)];
                }
            }
            byte[] mixed = concat(utf8("前"), bytes, utf8("后"));

            assertThat(decodeAll(randomChunks(mixed, seed, 5))).as("seed %d", seed)
                    .isEqualTo(new String(mixed, StandardCharsets.UTF_8));
        }
    }

    @Test
    void flushOfAnIncompleteTailGivesExactlyOneReplacementCharacter() {
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();

        assertThat(utf8.decode(concat(utf8("ab"), bytes(0xE4, 0xB8)))).isEqualTo("ab");
        assertThat(utf8.hasPendingBytes()).isTrue();
        assertThat(utf8.flush()).isEqualTo(REPLACEMENT);
        assertThat(utf8.hasPendingBytes()).isFalse();

        // reset for reuse: nothing of the old tail leaks into the next text
        assertThat(utf8.decode(utf8("中"))).isEqualTo("中");
        assertThat(utf8.decode(bytes(0xF0, 0x9F, 0x98))).isEmpty();
        assertThat(utf8.flush()).isEqualTo(REPLACEMENT);
        assertThat(utf8.flush()).isEmpty();
    }

    @Test
    void flushWithNothingPendingIsEmpty() {
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();

        assertThat(utf8.flush()).isEmpty();
        assertThat(utf8.decode(utf8("ok"))).isEqualTo("ok");
        assertThat(utf8.flush()).isEmpty();
    }

    private static String decodeAll(List<byte[]> chunks) {
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
        StringBuilder out = new StringBuilder();
        for (byte[] chunk : chunks) {
            out.append(utf8.decode(chunk));
        }
        return out.append(utf8.flush()).toString();
    }
}
