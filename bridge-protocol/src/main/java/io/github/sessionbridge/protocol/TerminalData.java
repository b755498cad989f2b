package io.github.sessionbridge.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A {@code 'd'} record: raw terminal output (normally UTF-8 with ANSI/VT escape sequences).
 * A record may end inside a multi-byte character; decode a sequence of them with a
 * {@link Utf8StreamDecoder}, not one by one.
 */
public final class TerminalData extends SessionRecord {

    /** A record of a copy of {@code content}. */
    public TerminalData(long timestamp, byte[] content) {
        super(timestamp, copy(content));
    }

    private TerminalData(long timestamp, byte[] content, boolean owned) {
        super(timestamp, content);
    }

    static TerminalData owning(long timestamp, byte[] content) {
        return new TerminalData(timestamp, content, true);
    }

    /** A record of {@code text} encoded as UTF-8. */
    public static TerminalData ofText(long timestamp, String text) {
        return owning(timestamp, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public RecordType type() {
        return RecordType.TERMINAL_DATA;
    }

    @Override
    public String toString() {
        return "TerminalData[ts=" + timestamp() + ", " + contentLength() + " bytes]";
    }
}
