package io.github.sessionbridge.protocol;

import java.nio.charset.StandardCharsets;

/** An {@code 'i'} record: UTF-8 text of what the operator typed or ran, for the audit trail. */
public final class InputEvent extends SessionRecord {

    /** A record of a copy of {@code content} (UTF-8 bytes). */
    public InputEvent(long timestamp, byte[] content) {
        super(timestamp, copy(content));
    }

    private InputEvent(long timestamp, byte[] content, boolean owned) {
        super(timestamp, content);
    }

    static InputEvent owning(long timestamp, byte[] content) {
        return new InputEvent(timestamp, content, true);
    }

    /** A record of {@code text} encoded as UTF-8. */
    public static InputEvent ofText(long timestamp, String text) {
        return owning(timestamp, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The content as text; invalid UTF-8 becomes U+FFFD. */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
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
