package io.github.sessionbridge.protocol;

import java.nio.charset.StandardCharsets;

/** An {@code 'i'} record: UTF-8 text of what the operator typed or ran, for the audit trail. */
public final class InputEvent extends SessionRecord {

    /**
     * A record of a copy of {@code content}. The bytes are not checked to be UTF-8, and no size limit is
     * checked here: a decoder rejects a record whose length field is above its maximum record size.
     *
     * @param timestamp when the C side captured the input, in milliseconds since the Unix epoch
     * @param content   the UTF-8 bytes of what the operator typed or ran, possibly empty; copied, so later
     *                  changes to the array do not affect the record
     * @throws NullPointerException if {@code content} is {@code null}
     */
    public InputEvent(long timestamp, byte[] content) {
        super(timestamp, copy(content));
    }

    private InputEvent(long timestamp, byte[] content, boolean owned) {
        super(timestamp, content);
    }

    private InputEvent(long timestamp, byte[] unit, int contentOffset) {
        super(timestamp, unit, contentOffset);
    }

    /** A record over {@code unit}, its whole wire encoding, as a decoder read it. */
    static InputEvent owningUnit(long timestamp, byte[] unit, int contentOffset) {
        return new InputEvent(timestamp, unit, contentOffset);
    }

    static InputEvent owning(long timestamp, byte[] content) {
        return new InputEvent(timestamp, content, true);
    }

    /**
     * A record of {@code text} encoded as UTF-8 (a lone surrogate is encoded as {@code '?'}).
     *
     * @param timestamp when the C side captured the input, in milliseconds since the Unix epoch
     * @param text      what the operator typed or ran; not {@code null}
     * @return a record whose content is the UTF-8 bytes of {@code text}
     * @throws NullPointerException if {@code text} is {@code null}
     */
    public static InputEvent ofText(long timestamp, String text) {
        return owning(timestamp, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The content as text. Each input event is decoded on its own: a byte sequence that is not valid UTF-8
     * becomes U+FFFD.
     *
     * @return the decoded content, empty when the content is
     */
    public String text() {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public RecordType type() {
        return RecordType.INPUT_EVENT;
    }

    @Override
    public String toString() {
        return "InputEvent[ts=" + timestamp() + ", text=" + text() + "]";
    }
}
