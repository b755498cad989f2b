package io.github.sessionbridge.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a sequence of terminal-data chunks as one UTF-8 text (protocol §2.2): a multi-byte
 * character cut by a record boundary is carried over to the next chunk, never turned into U+FFFD.
 * Only bytes that really are invalid become U+FFFD, and an incomplete character left at the very
 * end becomes one U+FFFD in {@link #flush()}.
 *
 * <p>Not thread-safe.
 */
public final class Utf8StreamDecoder {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final byte[] carry = new byte[4];
    private int carried;

    /** Creates a decoder with nothing carried over. */
    public Utf8StreamDecoder() {
    }

    /**
     * Decodes the next chunk.
     *
     * @param bytes the next chunk of the UTF-8 stream, possibly empty; not {@code null}. It is not kept
     * @return the text this chunk completes, possibly empty: the characters held over from the previous
     *         chunk and those of this one, but not a character cut at its end (that waits for the next
     *         chunk or {@link #flush()})
     * @throws NullPointerException if {@code bytes} is {@code null}
     */
    public String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes the content of the next terminal-data record, without copying it; see {@link #decode(byte[])}.
     *
     * @param record the next record of the session's terminal data, in stream order; not {@code null}
     * @return the text this record completes, possibly empty
     * @throws NullPointerException if {@code record} is {@code null}
     */
    public String decode(TerminalData record) {
        return decode(record.bytes, record.offset, record.length);
    }

    /**
     * Decodes {@code bytes[offset, offset + length)} as the next chunk; see {@link #decode(byte[])}.
     *
     * @param bytes  holds the next chunk; not {@code null}. It is not kept
     * @param offset the index of the chunk's first byte
     * @param length the chunk's length in bytes, 0 or more
     * @return the text this chunk completes, possibly empty
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not lie within {@code bytes}
     */
    public String decode(byte[] bytes, int offset, int length) {
        ByteBuffer in;
        if (carried == 0) {
            in = ByteBuffer.wrap(bytes, offset, length);
        } else {
            byte[] joined = new byte[carried + length];
            System.arraycopy(carry, 0, joined, 0, carried);
            System.arraycopy(bytes, offset, joined, carried, length);
            in = ByteBuffer.wrap(joined);
            carried = 0;
        }
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, out, false);
        // what is left is the start of a character that the next chunk completes (at most 3 bytes)
        carried = in.remaining();
        in.get(carry, 0, carried);
        return out.flip().toString();
    }

    /**
     * Whether bytes of an incomplete character are held for the next chunk.
     *
     * @return {@code true} if the chunks so far end inside a multi-byte character (1 to 3 of its bytes are
     *         held), so {@link #flush()} would return U+FFFD
     */
    public boolean hasPendingBytes() {
        return carried > 0;
    }

    /**
     * Ends the text: an incomplete character still held becomes U+FFFD; the decoder is then reset for reuse,
     * as new.
     *
     * @return a string of one U+FFFD if {@link #hasPendingBytes()} was {@code true}, else the empty string
     */
    public String flush() {
        ByteBuffer in = ByteBuffer.wrap(carry, 0, carried);
        CharBuffer out = CharBuffer.allocate(carried + 2);
        decoder.decode(in, out, true);
        decoder.flush(out);
        decoder.reset();
        carried = 0;
        return out.flip().toString();
    }
}
