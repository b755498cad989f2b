package io.github.sessionbridge.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A {@code 'd'} record: raw terminal output (normally UTF-8 with ANSI/VT escape sequences).
 * A record may end inside a multi-byte character; decode a sequence of them with a
 * {@link Utf8StreamDecoder}, not one by one.
 */
public final class TerminalData extends SessionRecord {

    /**
     * A record of a copy of {@code content}. No size limit is checked here: a decoder rejects a record whose
     * length field is above its maximum record size.
     *
     * @param timestamp when the C side captured the output, in milliseconds since the Unix epoch
     * @param content   the raw terminal bytes, possibly empty and possibly ending inside a multi-byte
     *                  character; copied, so later changes to the array do not affect the record
     * @throws NullPointerException if {@code content} is {@code null}
     */
    public TerminalData(long timestamp, byte[] content) {
        super(timestamp, copy(content));
    }

    private TerminalData(long timestamp, byte[] content, boolean owned) {
        super(timestamp, content);
    }

    private TerminalData(long timestamp, byte[] unit, int contentOffset) {
        super(timestamp, unit, contentOffset);
    }

    /** A record over {@code unit}, its whole wire encoding, as a decoder read it. */
    static TerminalData owningUnit(long timestamp, byte[] unit, int contentOffset) {
        return new TerminalData(timestamp, unit, contentOffset);
    }

    static TerminalData owning(long timestamp, byte[] content) {
        return new TerminalData(timestamp, content, true);
    }

    /**
     * A record of {@code text} encoded as UTF-8 (a lone surrogate is encoded as {@code '?'}).
     *
     * @param timestamp when the C side captured the output, in milliseconds since the Unix epoch
     * @param text      the terminal output, escape sequences included; not {@code null}
     * @return a record whose content is the UTF-8 bytes of {@code text}
     * @throws NullPointerException if {@code text} is {@code null}
     */
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
