package io.github.sessionbridge.protocol;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;

// Over 400 lines: one job, the reassembly state machine (header, timestamp, body, control byte) with its
// bounds; splitting the states apart would spread one invariant (at most one partial unit, never what a peer
// claims) over several files. About 280 lines are code.
/**
 * The reassembly buffer: turns the C server's byte stream into {@link Unit}s, whatever way TCP
 * split or merged it (protocol §2).
 *
 * <p>Feed it bytes as they arrive; it calls the consumer once per complete unit, in stream order.
 * It holds at most one partial unit. A record's length is checked from its 5-byte header alone,
 * before any body byte is buffered, and buffer space for a large body grows only as its bytes
 * really arrive, so a peer that merely <em>claims</em> a large record costs nothing. Cost is
 * amortised O(n) in the bytes fed for any split pattern.
 *
 * <p>After a {@link Control} unit the decoder is {@linkplain State#TERMINATED terminated} and
 * ignores further bytes. On a protocol violation it throws a {@link ProtocolException} (after
 * delivering every unit that preceded the violation) and stays {@linkplain State#FAILED failed}:
 * every later call throws the same exception.
 *
 * <p>Not thread-safe: one decoder per connection, fed by one thread at a time.
 */
public final class StreamDecoder {

    /** The default maximum record size: 16 MiB of body (the length field's value). */
    public static final int DEFAULT_MAX_RECORD_SIZE = 16 * 1024 * 1024;

    /** The largest maximum record size that can be configured. */
    public static final int MAX_MAX_RECORD_SIZE = Integer.MAX_VALUE - 64;

    /**
     * The least capacity a split record's content buffer starts with (unless its content is shorter):
     * it starts with the content bytes in hand, at least this many, and grows as more arrive. Small,
     * so that a peer that stops inside a record holds about what it sent, not what its header claims.
     */
    static final int EAGER_CONTENT_LIMIT = 1024;

    /** Where the decoder stands. */
    public enum State {
        /** At a unit boundary: the bytes so far were whole units. */
        BOUNDARY,
        /** Inside a unit: some of its bytes are buffered. */
        INSIDE_UNIT,
        /** A control byte was decoded; further bytes are ignored. */
        TERMINATED,
        /** A protocol error was reported. */
        FAILED
    }

    /** The decoder's own states: {@link State} with "inside a unit" told apart by what is being read. */
    private enum Phase {
        BOUNDARY(State.BOUNDARY),
        /** the record header: type byte and length */
        HEADER(State.INSIDE_UNIT),
        /** the record's timestamp (and a screen frame's geometry) */
        PREFIX(State.INSIDE_UNIT),
        /** the record's content */
        CONTENT(State.INSIDE_UNIT),
        TERMINATED(State.TERMINATED),
        FAILED(State.FAILED);

        final State state;

        Phase(State state) {
            this.state = state;
        }
    }

    private static final int PREFIX_OFFSET = RecordType.HEADER_LENGTH;
    private static final int SCRATCH_LENGTH = RecordType.HEADER_LENGTH + RecordType.SCREEN_FRAME.minimumLength();

    private final int maxRecordSize;
    private final byte[] scratch = new byte[SCRATCH_LENGTH];

    private Phase state = Phase.BOUNDARY;
    private int scratchFill;
    private RecordType type;
    private int prefixEnd;
    private long unitStart;
    private long consumed;

    private byte[] content;
    private int contentFill;
    private int contentLength;

    private Control control;
    private ProtocolException failure;
    private boolean finished;

    /** A decoder with the {@linkplain #DEFAULT_MAX_RECORD_SIZE default maximum record size}. */
    public StreamDecoder() {
        this(DEFAULT_MAX_RECORD_SIZE);
    }

    /**
     * A decoder that rejects records whose length field exceeds {@code maxRecordSize}.
     *
     * @param maxRecordSize the largest length field accepted, in bytes (timestamp, fixed fields and content):
     *                      16 to {@link #MAX_MAX_RECORD_SIZE}; a record above it is a
     *                      {@link ProtocolException.Kind#LENGTH_TOO_LARGE} error
     * @throws IllegalArgumentException if {@code maxRecordSize} is below 16 or above {@link #MAX_MAX_RECORD_SIZE}
     */
    public StreamDecoder(int maxRecordSize) {
        if (maxRecordSize < RecordType.SCREEN_FRAME.minimumLength() || maxRecordSize > MAX_MAX_RECORD_SIZE) {
            throw new IllegalArgumentException("maxRecordSize must be within 16.." + MAX_MAX_RECORD_SIZE + ", was " + maxRecordSize);
        }
        this.maxRecordSize = maxRecordSize;
    }

    /**
     * The configured maximum record size.
     *
     * @return the largest length field accepted, in bytes
     */
    public int maxRecordSize() {
        return maxRecordSize;
    }

    /**
     * Decodes {@code src[offset, offset + length)}; see {@link #feed(ByteBuffer, Consumer)}. The decoder keeps
     * no reference to {@code src}: the array may be reused once this returns.
     *
     * @param src    holds the next bytes of the stream; not {@code null}
     * @param offset the index of the first byte to decode
     * @param length how many bytes to decode, 0 or more
     * @param out    called once per complete unit, in stream order, on the calling thread; not {@code null}
     * @throws ProtocolException         on a protocol violation, after {@code out} has been given every unit
     *                                   before it
     * @throws IllegalStateException     if {@link #finish()} was called
     * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not lie within {@code src}
     */
    public void feed(byte[] src, int offset, int length, Consumer<? super Unit> out) {
        feed(ByteBuffer.wrap(src, offset, length), out);
    }

    /**
     * Decodes the remaining bytes of {@code src}, consuming all of them (its position ends at its
     * limit, also when the stream terminated; on a protocol error it ends after the offending byte).
     * The decoder keeps no reference to {@code src}: its bytes may be reused once this returns.
     *
     * <p>An exception thrown by {@code out} propagates at once; the decoder then stands just after the unit
     * that was being delivered, and {@code src}'s position is just past that unit.
     *
     * @param src the next bytes of the stream, from its position to its limit, in any byte order (the wire
     *            is read byte by byte, big-endian); not {@code null}
     * @param out called once per complete unit, in stream order, on the calling thread; not {@code null}
     * @throws ProtocolException     on a protocol violation, after {@code out} has been given every unit
     *                               before it; once thrown, every later call throws it again
     * @throws IllegalStateException if {@link #finish()} was called
     * @throws NullPointerException  if an argument is {@code null}
     */
    public void feed(ByteBuffer src, Consumer<? super Unit> out) {
        Objects.requireNonNull(out, "out");
        if (state == Phase.FAILED) {
            throw failure;
        }
        if (finished) {
            throw new IllegalStateException("the stream was finished: feed a new decoder");
        }
        while (src.hasRemaining()) {
            switch (state) {
                case BOUNDARY -> atBoundary(src, out);
                case HEADER -> header(src);
                case PREFIX -> prefix(src, out);
                case CONTENT -> content(src, out);
                case TERMINATED -> {
                    consumed += src.remaining();
                    src.position(src.limit());
                }
                case FAILED -> throw failure;
            }
        }
    }

    /**
     * Decodes one UDP datagram, which must hold whole units only (protocol §3). Feed every datagram of a
     * session to one decoder through this method, and no other bytes, so that each starts at a unit boundary.
     *
     * @param datagram the datagram's payload, from its position to its limit; consumed whole; not
     *                 {@code null}
     * @param out      called once per unit in the datagram, in order, on the calling thread; not {@code null}
     * @throws ProtocolException     of kind {@link ProtocolException.Kind#INCOMPLETE_DATAGRAM} if the
     *                               datagram ends inside a unit (the units before it are delivered, the
     *                               partial one is dropped), or any other protocol violation
     * @throws IllegalStateException if {@link #finish()} was called
     * @throws NullPointerException  if an argument is {@code null}
     */
    public void feedDatagram(ByteBuffer datagram, Consumer<? super Unit> out) {
        feed(datagram, out);
        if (state != Phase.BOUNDARY && state != Phase.TERMINATED) {
            dropPartial();
            throw fail(ProtocolException.Kind.INCOMPLETE_DATAGRAM, unitStart,
                    "the datagram ends inside a unit (units never span datagrams)");
        }
    }

    private void atBoundary(ByteBuffer src, Consumer<? super Unit> out) {
        int pos = src.position();
        int b = src.get(pos) & 0xff;
        unitStart = consumed;
        Control c = Control.ofWireByte(b);
        if (c != null) {
            src.position(pos + 1);
            consumed++;
            control = c;
            state = Phase.TERMINATED;
            out.accept(c);
            return;
        }
        RecordType t = RecordType.ofWireByte(b);
        if (t == null) {
            src.position(pos + 1);
            consumed++;
            throw fail(ProtocolException.Kind.UNKNOWN_TYPE, unitStart,
                    "unknown unit type byte " + RequestLine.describeByte(b) + " (expected 'd', 'v', 'i', '3' or '5')");
        }
        type = t;
        int remaining = src.remaining();
        if (remaining >= RecordType.HEADER_LENGTH) {
            // absolute single-byte reads: the wire is big-endian whatever order the caller's buffer has
            long length = u32(src, pos + 1);
            checkLength(length, pos + 1, src);
            if (remaining >= RecordType.HEADER_LENGTH + length) {
                // fast path: the whole record is here; one copy, straight from the input. The record's array is
                // its whole wire unit: a sink forwarding it unchanged needs no copy (SessionRecord.encodedBuffer)
                byte[] unit = new byte[RecordType.HEADER_LENGTH + (int) length];
                src.get(unit);
                consumed += unit.length;
                out.accept(SessionRecord.owningUnit(t, unit));
                return;
            }
        }
        state = Phase.HEADER;
        scratchFill = 0;
        header(src);
    }

    private void checkLength(long length, int lengthPos, ByteBuffer src) {
        int min = type.minimumLength();
        if (length < min) {
            advanceAfterHeader(src, lengthPos);
            throw fail(ProtocolException.Kind.LENGTH_TOO_SMALL, unitStart, "a '" + (char) type.wireByte()
                    + "' record's length is " + length + ", below its minimum of " + min);
        }
        if (length > maxRecordSize) {
            advanceAfterHeader(src, lengthPos);
            throw fail(ProtocolException.Kind.LENGTH_TOO_LARGE, unitStart, "a '" + (char) type.wireByte()
                    + "' record's length is " + length + ", above the maximum record size of " + maxRecordSize);
        }
    }

    private void advanceAfterHeader(ByteBuffer src, int lengthPos) {
        if (lengthPos >= 0) {
            int end = lengthPos + 4;
            consumed += end - src.position();
            src.position(end);
        }
    }

    private void header(ByteBuffer src) {
        int n = Math.min(RecordType.HEADER_LENGTH - scratchFill, src.remaining());
        src.get(scratch, scratchFill, n);
        scratchFill += n;
        consumed += n;
        if (scratchFill < RecordType.HEADER_LENGTH) {
            return;
        }
        long length = ((scratch[1] & 0xffL) << 24) | ((scratch[2] & 0xffL) << 16) | ((scratch[3] & 0xffL) << 8) | (scratch[4] & 0xffL);
        checkLength(length, -1, src);
        contentLength = (int) length - type.minimumLength();
        prefixEnd = PREFIX_OFFSET + type.minimumLength();
        state = Phase.PREFIX;
    }

    private void prefix(ByteBuffer src, Consumer<? super Unit> out) {
        int n = Math.min(prefixEnd - scratchFill, src.remaining());
        src.get(scratch, scratchFill, n);
        scratchFill += n;
        consumed += n;
        if (scratchFill < prefixEnd) {
            return;
        }
        // the content bytes in hand (all of it when the rest of the record is here), never what the
        // header merely claims: a thousand peers each stalled inside a 16 MiB record cost what they sent
        content = new byte[initialCapacity(src.remaining())];
        contentFill = 0;
        state = Phase.CONTENT;
        if (contentLength == 0) {
            emit(out);
        }
    }

    /**
     * The first buffer for a split record's content: exact when at least half of it is in hand (at most
     * twice what arrived), else the bytes in hand and at least {@link #EAGER_CONTENT_LIMIT}.
     */
    private int initialCapacity(int inHand) {
        if (2L * inHand >= contentLength) {
            return contentLength;
        }
        return Math.min(contentLength, Math.max(inHand, EAGER_CONTENT_LIMIT));
    }

    private void content(ByteBuffer src, Consumer<? super Unit> out) {
        int n = Math.min(contentLength - contentFill, src.remaining());
        int needed = contentFill + n;
        if (needed > content.length) {
            // grow geometrically, never past the declared length: memory follows the bytes that arrived;
            // once half the content is here, straight to its exact size (the record's own array)
            int capacity = 2L * needed >= contentLength ? contentLength
                    : (int) Math.min(contentLength, Math.max(needed, 2L * content.length));
            byte[] grown = new byte[capacity];
            System.arraycopy(content, 0, grown, 0, contentFill);
            content = grown;
        }
        src.get(content, contentFill, n);
        contentFill = needed;
        consumed += n;
        if (contentFill == contentLength) {
            emit(out);
        }
    }

    private void emit(Consumer<? super Unit> out) {
        byte[] s = scratch;
        long ts = 0;
        for (int i = PREFIX_OFFSET; i < PREFIX_OFFSET + 8; i++) {
            ts = (ts << 8) | (s[i] & 0xff);
        }
        int g = PREFIX_OFFSET + 8;
        SessionRecord r = make(type, ts, SessionRecord.u16(s, g), SessionRecord.u16(s, g + 2), SessionRecord.u16(s, g + 4),
                SessionRecord.u16(s, g + 6), content);
        content = null;
        contentFill = 0;
        state = Phase.BOUNDARY;
        out.accept(r);
    }

    private static long u32(ByteBuffer b, int i) {
        return ((b.get(i) & 0xffL) << 24) | ((b.get(i + 1) & 0xffL) << 16) | ((b.get(i + 2) & 0xffL) << 8) | (b.get(i + 3) & 0xffL);
    }

    private static SessionRecord make(RecordType t, long ts, int x, int y, int w, int h, byte[] content) {
        return switch (t) {
            case TERMINAL_DATA -> TerminalData.owning(ts, content);
            case INPUT_EVENT -> InputEvent.owning(ts, content);
            case SCREEN_FRAME -> ScreenFrame.owning(ts, x, y, w, h, content);
        };
    }

    private ProtocolException fail(ProtocolException.Kind kind, long offset, String message) {
        dropPartial();
        failure = new ProtocolException(kind, offset, message);
        state = Phase.FAILED;
        return failure;
    }

    private void dropPartial() {
        content = null;
        contentFill = 0;
        scratchFill = 0;
    }

    /**
     * Where the decoder stands.
     *
     * @return {@link State#BOUNDARY} between units, {@link State#INSIDE_UNIT} while part of a unit is
     *         buffered, {@link State#TERMINATED} after a control byte, {@link State#FAILED} after a protocol
     *         error
     */
    public State state() {
        return state.state;
    }

    /**
     * Ends the stream: drops any partial unit (it is never delivered) and says where the stream
     * ended: {@link State#BOUNDARY} (cleanly, with no control byte), {@link State#INSIDE_UNIT}
     * (truncated), {@link State#TERMINATED} or {@link State#FAILED}. Feeding a finished decoder
     * throws {@link IllegalStateException}; calling {@code finish} again is harmless.
     *
     * @return the state the stream ended in, as {@link #state()} said just before the call; a later
     *         call returns the same
     */
    public State finish() {
        State s = state();
        dropPartial();
        finished = true;
        return s;
    }

    /**
     * The control byte that terminated the stream.
     *
     * @return {@link Control#END} or {@link Control#REFUSED} once one was decoded, else {@code null}
     */
    public Control control() {
        return control;
    }

    /**
     * The protocol error the decoder failed with.
     *
     * @return the exception a feed threw (the one every later feed throws again), or {@code null} while
     *         the decoder has not failed
     */
    public ProtocolException failure() {
        return failure;
    }

    /**
     * The number of bytes consumed so far: those of whole units, of the partial unit buffered, and those
     * ignored after a control byte.
     *
     * @return the stream offset of the next byte, counted from 0 at the first byte fed
     */
    public long offset() {
        return consumed;
    }

    /**
     * The number of bytes of the partial unit held (its buffered header, prefix and content).
     * {@code offset() - bufferedBytes()} is the stream offset where that unit starts.
     *
     * @return 0 at a unit boundary, else the bytes of the current unit received so far
     */
    public long bufferedBytes() {
        return (state.state == State.INSIDE_UNIT ? scratchFill : 0) + contentFill;
    }

    /**
     * The capacity the decoder holds for the partial unit's content: never more than twice what arrived,
     * or 1 KiB, and never more than the content's declared length.
     *
     * @return the content buffer's size in bytes; 0 when there is none (at a unit boundary, or while the
     *         header and fixed fields are still arriving)
     */
    public int bufferCapacity() {
        return content == null ? 0 : content.length;
    }
}
