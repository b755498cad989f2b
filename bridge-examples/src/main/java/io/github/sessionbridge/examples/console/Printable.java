package io.github.sessionbridge.examples.console;

/**
 * What the page may show of text the audited operator typed: nothing that reorders, hides or fakes what is
 * around it. Keystrokes show as the page showed them ({@code <Esc>}, {@code <Enter>}, {@code ^C}); every other
 * control character (DEL, C1), every invisible formatting character &mdash; bidi controls such as U+202E
 * RIGHT-TO-LEFT OVERRIDE, zero-width characters, the byte-order mark &mdash;, line and paragraph separators and
 * unpaired surrogates show as a visible escape such as {@code ⟨U+202E⟩}. {@code console.js} does the same to
 * what it shows of live input events.
 */
final class Printable {

    /** The most characters of one input event shown: the rest is counted, not kept. */
    static final int MAX_LENGTH = 256;

    private Printable() {
    }

    /** {@code text} made safe to show, cut to {@link #MAX_LENGTH} characters (plus a note of what was cut). */
    static String of(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
        int i = 0;
        while (i < text.length() && b.length() < MAX_LENGTH) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0x1b) {
                b.append("<Esc>");
            } else if (cp == '\r') {
                b.append("<Enter>");
            } else if (cp < 0x20) {
                b.append('^').append((char) (cp + 64));
            } else if (cp == 0x7f) {
                b.append("^?");
            } else if (hidden(cp)) {
                b.append('\u27e8').append(String.format("U+%04X", cp)).append('\u27e9');
            } else {
                b.appendCodePoint(cp);
            }
        }
        if (i < text.length()) {
            b.append("\u2026 (").append(text.length() - i).append(" more characters)");
        }
        return b.toString();
    }

    private static boolean hidden(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
