package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.internal.Reasons;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordType;
import java.io.IOException;
import java.util.Optional;

/**
 * One streaming pass over a recording's records for readers outside this package (the search, the text
 * export): each record's header, then its content in slices of the read buffer, or skipped unread. Nothing
 * is held but the cursor's one buffer, whatever the record sizes. The recording's source is released at the
 * end, as an export releases it.
 */
public final class RecordWalk {

    /** Told about the records, in file order. */
    public interface Visitor {
        /**
         * A record starts. Return {@code true} to be given its content through {@link #content}, {@code false}
         * to skip it (screen frames are skipped without being read where the source can seek). A record the
         * file ends inside is not told at all (a player does not play it).
         */
        boolean record(RecordType type, long timestamp, int contentLength) throws IOException;

        /** The next slice of the current record's content; valid during the call only. */
        void content(byte[] bytes, int offset, int length) throws IOException;

        /** Whether to stop before the next record. */
        boolean stopped();
    }

    /**
     * How the walk ended.
     *
     * @param ending  {@link EndReason#END} (END or the end of the file at a unit boundary), {@link EndReason#REFUSED},
     *                {@link EndReason#TRUNCATED} or {@link EndReason#PROTOCOL_ERROR}
     * @param detail  what broke the recording, or empty
     * @param stopped whether the visitor stopped it before the end
     */
    public record Outcome(EndReason ending, Optional<String> detail, boolean stopped) {
    }

    private RecordWalk() {
    }

    /** Walks {@code recording} from its first unit. */
    public static Outcome walk(Recording recording, Visitor visitor) throws IOException {
        try {
            return walk(recording, GrowingSource.COMPLETE, UnitCursor.MAGIC_LENGTH, visitor);
        } finally {
            recording.source().release();
        }
    }

    /**
     * Walks what a timeline received ({@link ReceivedPart}) from its offset to its edge. The recording's
     * source is the timeline's and stays open.
     */
    public static Outcome walk(ReceivedPart part, Visitor visitor) throws IOException {
        return walk(part.recording(), part.source(), part.offset(), visitor);
    }

    private static Outcome walk(Recording recording, GrowingSource source, long offset, Visitor visitor) throws IOException {
        try (UnitCursor c = UnitCursor.open(recording, source, offset)) {
            while (true) {
                if (visitor.stopped()) {
                    return new Outcome(EndReason.END, Optional.empty(), true);
                }
                try {
                    UnitCursor.Kind k = c.next();
                    if (k == UnitCursor.Kind.END_OF_FILE) {
                        return new Outcome(EndReason.END, Optional.empty(), false);
                    }
                    if (k == UnitCursor.Kind.CONTROL) {
                        return new Outcome(Reasons.of(c.control()), Optional.empty(), false);
                    }
                    RecordType type = c.type();
                    if (!c.contentPresent()) {
                        throw new ProtocolException(ProtocolException.Kind.TRUNCATED, c.unitOffset(),
                                "the recording ends inside a unit");
                    }
                    if (visitor.record(type, c.timestamp(), c.contentLength())) {
                        c.readContent((b, o, n) -> {
                            try {
                                visitor.content(b, o, n);
                            } catch (IOException e) {
                                throw new VisitorFailure(e);
                            }
                        });
                    }
                } catch (ProtocolException e) {
                    return new Outcome(Reasons.of(e), Optional.ofNullable(e.getMessage()), false);
                } catch (VisitorFailure e) {
                    throw e.io;
                }
            }
        }
    }

    /** Carries a visitor's IOException through {@link UnitCursor.Slices}. */
    private static final class VisitorFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient IOException io;

        VisitorFailure(IOException io) {
            super(null, null, false, false);
            this.io = io;
        }
    }
}
