package io.github.sessionbridge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Protocol §1: a session id is 1 to 128 characters of {@code [A-Za-z0-9._:-]}, checked before anything is sent. */
class SessionIdValidationTest {

    static final String ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-";

    static List<Arguments> forbidden() {
        return List.of(
                // session id, index of the offending character, how the message names it
                Arguments.of("a b", 1, "U+0020"),
                Arguments.of("a&b", 1, "'&'"),
                Arguments.of("[x", 0, "'['"),
                Arguments.of("x]", 1, "']'"),
                Arguments.of("k=v", 1, "'='"),
                Arguments.of("a/b", 1, "'/'"),
                Arguments.of("..\\x", 2, "'\\'"),
                Arguments.of("ab%26", 2, "'%'"),
                Arguments.of("nul\u0000", 3, "U+0000"),
                Arguments.of("line\nbreak", 4, "U+000A"),
                Arguments.of("cr\r", 2, "U+000D"),
                Arguments.of("tab\t", 3, "U+0009"),
                Arguments.of("del\u007f", 3, "U+007F"),
                Arguments.of("caf\u00e9", 3, "U+00E9"),
                Arguments.of("会话1", 0, "U+4F1A"),
                Arguments.of("s-中", 2, "U+4E2D"),
                Arguments.of("x😀", 1, "U+1F600"),
                Arguments.of("fullwidth\uFF21", 9, "U+FF21"),
                Arguments.of("quote\"", 5, "'\"'"),
                Arguments.of("semi;", 4, "';'"),
                Arguments.of("plus+", 4, "'+'"),
                Arguments.of("s-42&[flag]=1", 4, "'&'"),
                Arguments.of("a&[flag]=1", 1, "'&'"),
                Arguments.of("s&[sessionid]=other", 1, "'&'"),
                Arguments.of("[flag]=1", 0, "'['"),
                Arguments.of("ok" + "x".repeat(120) + "=", 122, "'='"));
    }

    @ParameterizedTest
    @MethodSource("forbidden")
    void forbiddenCharacterIsNamedWithItsPosition(String sessionId, int index, String named) {
        InvalidSessionIdException e = catchThrowableOfType(InvalidSessionIdException.class,
                () -> RequestLine.validateSessionId(sessionId));

        assertThat(e).isNotNull().isInstanceOf(IllegalArgumentException.class);
        assertThat(e.index()).isEqualTo(index);
        assertThat(e.getMessage()).contains(named).contains("position " + index).contains("[A-Za-z0-9._:-]");
    }

    @ParameterizedTest
    @MethodSource("forbidden")
    void noRequestLineCanBeBuiltWithAForbiddenCharacter(String sessionId, int index, String named) {
        InvalidSessionIdException monitor = catchThrowableOfType(InvalidSessionIdException.class, () -> RequestLine.monitor(sessionId));
        InvalidSessionIdException kick = catchThrowableOfType(InvalidSessionIdException.class, () -> RequestLine.kick(sessionId));

        assertThat(monitor).isNotNull();
        assertThat(kick).isNotNull();
        assertThat(monitor.index()).isEqualTo(index);
        assertThat(kick.getMessage()).contains(named);
    }

    @Test
    void emptyIsRejected() {
        InvalidSessionIdException e = catchThrowableOfType(InvalidSessionIdException.class, () -> RequestLine.monitor(""));

        assertThat(e).isNotNull();
        assertThat(e.index()).isEqualTo(-1);
        assertThat(e.getMessage()).contains("empty");
    }

    @Test
    void lengthLimitIs128() {
        assertThat(RequestLine.MAX_SESSION_ID_LENGTH).isEqualTo(128);
        String max = "a".repeat(128);
        assertThat(RequestLine.validateSessionId(max)).isSameAs(max);
        assertThat(RequestLine.kick(max).encode()).hasSize(RequestLine.MAX_LENGTH);

        InvalidSessionIdException e = catchThrowableOfType(InvalidSessionIdException.class,
                () -> RequestLine.validateSessionId("a".repeat(129)));
        assertThat(e).isNotNull();
        assertThat(e.index()).isEqualTo(-1);
        assertThat(e.getMessage()).contains("129").contains("128");
    }

    @Test
    void overLongIdWithAForbiddenCharacterIsRejectedToo() {
        assertThat(catchThrowableOfType(InvalidSessionIdException.class,
                () -> RequestLine.validateSessionId("&".repeat(500)))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "9", ".", "_", ":", "-", "s-42", "user.name_01:tty-7", "..", "::1",
            "0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"})
    void allowedIdsAreAccepted(String sessionId) {
        assertThat(RequestLine.validateSessionId(sessionId)).isSameAs(sessionId);
        assertThat(RequestLine.monitor(sessionId).sessionId()).isEqualTo(sessionId);
    }

    @Test
    void everyAllowedCharacterClassIsAcceptedAndNothingElse() {
        assertThat(RequestLine.validateSessionId(ALLOWED)).isEqualTo(ALLOWED);
        for (int c = 0; c < 0x300; c++) {
            boolean allowed = ALLOWED.indexOf(c) >= 0;
            assertThat(RequestLine.isSessionIdChar(c)).as("U+%04X", c).isEqualTo(allowed);
            String sid = "x" + (char) c;
            if (allowed) {
                assertThat(RequestLine.validateSessionId(sid)).isEqualTo(sid);
            } else {
                InvalidSessionIdException e = catchThrowableOfType(InvalidSessionIdException.class,
                        () -> RequestLine.validateSessionId(sid));
                assertThat(e).as("U+%04X", c).isNotNull();
                assertThat(e.index()).isEqualTo(1);
            }
        }
    }

    @Test
    void nullIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> RequestLine.validateSessionId(null)).withMessageContaining("sessionId");
        assertThatNullPointerException().isThrownBy(() -> RequestLine.monitor(null));
        assertThatNullPointerException().isThrownBy(() -> new RequestLine(null, "s-42")).withMessageContaining("action");
    }
}
