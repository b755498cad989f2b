package io.github.sessionbridge.core.internal;

/**
 * JSON string literals, escaped by hand (the library has no JSON dependency): the one escaper of the asciicast
 * export and the command-line tools.
 *
 * <p>Escapes {@code "} and {@code \}, every control character (U+0000..U+001F as {@code \b \f \n \r \t}
 * or {@code \}{@code u00XX}, and U+007F), U+2028 and U+2029 (so the output is also valid JavaScript), and a
 * lone surrogate (so the text can always be encoded as UTF-8). Everything else, Chinese included, is
 * written as itself.
 */
public final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** {@code text} as a JSON string literal, quotes included. */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        appendQuoted(sb, text);
        return sb.toString();
    }

    /** Appends {@code text} to {@code sb} as a JSON string literal, quotes included. */
    public static void appendQuoted(StringBuilder sb, String text) {
        sb.append('"');
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        appendUnicodeEscape(sb, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                        sb.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        appendUnicodeEscape(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void appendUnicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }
}
