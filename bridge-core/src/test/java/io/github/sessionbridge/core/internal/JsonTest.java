package io.github.sessionbridge.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void plainAndChineseTextIsWrittenAsItself() {
        assertThat(Json.quote("ls -la")).isEqualTo("\"ls -la\"");
        assertThat(Json.quote("会话已结束！")).isEqualTo("\"会话已结束！\"");
        assertThat(Json.quote("🚀/x")).isEqualTo("\"🚀/x\"");
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertThat(Json.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(Json.quote("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
        assertThat(Json.quote("\u0000\u0007\u001b[0m\u001f\u007f")).isEqualTo("\"\\u0000\\u0007\\u001b[0m\\u001f\\u007f\"");
    }

    @Test
    void lineSeparatorsAndLoneSurrogatesAreEscaped() {
        assertThat(Json.quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(Json.quote("x\ud83dy")).isEqualTo("\"x\\ud83dy\"");
        assertThat(Json.quote("\ude80")).isEqualTo("\"\\ude80\"");
    }
}
