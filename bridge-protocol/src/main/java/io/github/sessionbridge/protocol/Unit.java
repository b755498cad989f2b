package io.github.sessionbridge.protocol;

/**
 * One unit of the C stream (protocol §2): a {@link SessionRecord} or a {@link Control} byte.
 * The set is closed; switch over it with a pattern.
 */
public sealed interface Unit permits SessionRecord, Control {

    /**
     * The number of bytes this unit takes on the wire.
     *
     * @return 1 for a {@link Control} byte; for a record, its 5-byte header plus the value of its length
     *         field ({@link SessionRecord#bodyLength()})
     */
    int encodedLength();
}
