package io.github.sessionbridge.core.search;

import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.playback.internal.ReceivedPart;
import io.github.sessionbridge.core.playback.internal.RecordWalk;
import io.github.sessionbridge.core.playback.internal.MediaTime;
import io.github.sessionbridge.core.playback.internal.TimelineBridge;
import io.github.sessionbridge.core.search.internal.HitFinder;
import io.github.sessionbridge.core.search.internal.ScreenText;
import io.github.sessionbridge.protocol.RecordType;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds text in a recording, or in what a {@link io.github.sessionbridge.core.Timeline} has received so far
 * ({@link #find(io.github.sessionbridge.core.Timeline, SearchQuery, SearchOptions, SearchListener)}): in its
 * terminal output as the operator saw it, and in its input events. One
 * streaming pass, never loading the recording: memory is a few hundred KiB whatever its size or content, and
 * hits reach the listener as they are found.
 *
 * <pre>{@code
 * Recording rec = Recording.open(Path.of("s-42.rec"));
 * SearchResult r = RecordingSearch.find(rec, SearchQuery.text("rm -rf"),
 *         SearchOptions.builder().idleLimit(Duration.ofSeconds(2)).build(),
 *         hit -> System.out.println(hit.position() + " " + hit.source().code() + " " + hit.excerpt()));
 * }</pre>
 *
 * <h2>The text of the terminal output</h2>
 *
 * The output is searched as <em>lines</em>, each as it stood when the cursor left it. The terminal data is
 * decoded as one UTF-8 text across records (a character split between records is whole; invalid bytes are
 * U+FFFD, as a terminal shows them), and run through a model of one line and the cursor's column:
 * <ul>
 *   <li>characters are written at the cursor, over what was there (East Asian wide characters and emoji take
 *       two columns, combining marks join the character before them, at most one each); DEC line-drawing
 *       characters ({@code ESC ( 0}) are their Unicode box-drawing equivalents;</li>
 *   <li>carriage return, backspace, tab, cursor left/right and to a column ({@code CSI C D G}), erasing
 *       in the line or from the cursor ({@code CSI K}, {@code CSI J} 0 and 1, {@code CSI X}), deleting and
 *       inserting characters ({@code CSI P @}) and repeating one ({@code CSI b}) act on the line, so a command
 *       typed with corrections reads as it was finally shown ({@code rm -rg⌫f} is {@code rm -rf});</li>
 *   <li>the line ends (and is searched) at a line feed (also {@code VT}, {@code FF}, {@code ESC D E}), when
 *       the cursor moves to another row ({@code CSI A B E F d H f}, reverse index, restoring a saved
 *       cursor, leaving or entering the alternate screen), when the screen is cleared ({@code CSI 2 J}),
 *       scrolled or has lines inserted or deleted, at a reset ({@code ESC c}), and at the end of the
 *       recording. Moving to a column of the same row ({@code CSI row;col H} with the row it is on, once a
 *       row is known) does not end it;</li>
 *   <li>every other escape sequence (colours, modes, titles and other OSC strings, DCS, APC, PM, SOS) is
 *       removed, and shows nothing; other control characters too. Blanks at a line's end are not part of
 *       it; blanks the cursor skipped over inside it are spaces.</li>
 * </ul>
 * Matches are found within a line, never across two; across records, yes, however the output was split. A
 * line longer than 4096 columns is handed on in pieces of 2048 (it is not wrapped at a terminal width:
 * recordings do not say the width); a match across two pieces is found if it is at most 256 characters long.
 *
 * <p><b>What it misses.</b> The model keeps no screen. So: text overwritten or erased before the cursor left
 * its line is not searched, only what the line finally held (a progress bar is found as it ended; text
 * printed and then erased on the same line is not); a full-screen program (an editor, {@code top}) that draws
 * with cursor addressing is searched as the runs of text it writes between cursor jumps, so a row it updates
 * in part (a clock digit) is found only as that part, and a row whose text it draws out of order is not
 * reassembled; a line edited after the cursor came back to it from another row (a shell's wrapped command
 * line redrawn with cursor-up) is split where the cursor moved; text in window titles and other strings is
 * not searched. Case folding is one to one ({@code ß} is not {@code ss}).
 *
 * <h2>Input events</h2>
 *
 * Each input event's text is searched on its own, as UTF-8: a match never spans two events (a C server that
 * records one key per event has the word found in the output's echo, not in the input). Carriage returns
 * and line feeds end a line, backspace and DEL delete the character before them, escape sequences (arrow
 * keys) and other control characters are dropped.
 *
 * <h2>Screen frames</h2>
 *
 * Graphical sessions' screen frames are images: they are passed over unread and counted in
 * {@link SearchResult#skippedFrames()}; such a session is searched by its input events only.
 *
 * <h2>Positions and order</h2>
 *
 * A hit's {@link SearchHit#position()} is playback time with the {@linkplain SearchOptions.Builder#idleLimit
 * idle limit} the player uses: a player seeking there shows the hit. A line's hits are told when the line
 * ends, an input event's as it is read, so hits come in the order their text was completed: a line's hits can
 * come after those of an input event recorded after their position (positions are not always ascending).
 * Matches do not overlap: after one, the search goes on at its end.
 *
 * <p>The recording can be any {@link Recording} (a file, any {@link io.github.sessionbridge.core.playback.RecordingSource});
 * one made by {@link Recording#ofStream} is read, and its stream closed, by the search. Thread-safe: searches
 * of one recording may run at once, each on its caller's thread.
 */
public final class RecordingSearch {

    private RecordingSearch() {
    }

    /**
     * Searches {@code recording} for {@code query}, telling {@code listener} each hit as it is found, on this
     * thread. A recording that breaks the protocol part way is searched up to the break; the result says so.
     *
     * @param recording the recording; not {@code null}
     * @param query     what to find; not {@code null}
     * @param options   the idle limit, sources and hit limit ({@link SearchOptions#defaults()}); not {@code null}
     * @param listener  told every hit, in the order described above; not {@code null}
     * @return how many hits there were and how the recording ends
     * @throws IOException          if the recording cannot be read, or the listener throws it (then the search
     *                              stops there)
     * @throws NullPointerException if an argument is {@code null}
     */
    public static SearchResult find(Recording recording, SearchQuery query, SearchOptions options, SearchListener listener)
            throws IOException {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        Pass pass = new Pass(query, options, listener, new MediaTime(MediaTime.limitMillis(options.idleLimit())));
        RecordWalk.Outcome outcome = RecordWalk.walk(recording, pass);
        if (!pass.stopped()) {
            pass.finish();
        }
        return new SearchResult(pass.hits, pass.hits >= options.maxHits(), pass.frames, outcome.ending(), outcome.detail());
    }

    /**
     * Searches what {@code timeline} has received so far for {@code query}, telling {@code listener} each hit
     * as it is found, on this thread: the same pass as over a recording, over the timeline's spool.
     *
     * <ul>
     *   <li><b>What is searched:</b> everything received up to the moment the search starts, from the oldest
     *       part the spool still keeps (past {@link io.github.sessionbridge.core.TimelineSpool}'s bounds the
     *       oldest played part is dropped: the search then starts at the first record kept, its text model
     *       starting afresh there).
     *       Records arriving during the search are not searched (search again for them); while it reads, the
     *       spool drops nothing it needs, however far playback moves on.</li>
     *   <li><b>Positions</b> are in the timeline's own playback time, with its
     *       {@linkplain io.github.sessionbridge.core.PlaybackOptions.Builder#idleLimit idle limit}: exactly the
     *       positions its {@link io.github.sessionbridge.core.Timeline#seek seek} takes, so seeking there shows
     *       the hit. {@code options} must therefore not set an idle limit.</li>
     *   <li><b>The result's ending</b> is the C stream's, if it had ended when the search started (any
     *       {@link EndReason}, with its detail); else {@link EndReason#END}: the received part was searched
     *       to its end, and the stream goes on.</li>
     * </ul>
     * A line still being written when the search starts is searched as it stood then. Memory is bounded as for
     * a recording (the spool is read through one buffer); the timeline is not slowed (the search reads the
     * spool's files and its memory window, not the C connection).
     *
     * @param timeline the timeline, one of a {@link io.github.sessionbridge.core.SessionBridge}'s, still
     *                 open; not {@code null}
     * @param query    what to find; not {@code null}
     * @param options  the sources and hit limit, without an idle limit; not {@code null}
     * @param listener told every hit; not {@code null}
     * @return how many hits there were and how far the stream had got
     * @throws IOException              if the timeline has ended (its spool is gone) or ends during the search, the
     *                                  spool cannot be read, or the listener throws it
     * @throws IllegalArgumentException if {@code options} sets an idle limit, or {@code timeline} is not one
     *                                  made by a {@code SessionBridge}
     * @throws NullPointerException     if an argument is {@code null}
     */
    public static SearchResult find(io.github.sessionbridge.core.Timeline timeline, SearchQuery query, SearchOptions options,
            SearchListener listener) throws IOException {
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        if (options.idleLimit().isPresent()) {
            throw new IllegalArgumentException("a timeline's hits are in its own playback time (its PlaybackOptions' idle"
                    + " limit): leave the search's idleLimit unset");
        }
        if (!(timeline instanceof TimelineBridge bridge)) {
            throw new IllegalArgumentException("not a timeline of a SessionBridge: " + timeline);
        }
        try (ReceivedPart part = bridge.openReceived()) {
            Pass pass = new Pass(query, options, listener, part.times());
            RecordWalk.Outcome outcome = RecordWalk.walk(part, pass);
            if (!pass.stopped()) {
                pass.finish();
            }
            EndReason ending = outcome.ending();
            Optional<String> detail = outcome.detail();
            if (part.ending() != null && ending == EndReason.END && !outcome.stopped()) {
                ending = part.ending();
                detail = Optional.ofNullable(part.detail());
            }
            return new SearchResult(pass.hits, pass.hits >= options.maxHits(), pass.frames, ending, detail);
        }
    }

    /** One search: the walk's visitor, the two text models and their hit finders. */
    private static final class Pass implements RecordWalk.Visitor {
        private final SearchListener listener;
        private final long maxHits;
        private final MediaTime timeline;
        private final ScreenText output;
        private final ScreenText input;
        private long hits;
        private long frames;
        private long now;
        private ScreenText current;
        private boolean inputOpen;

        Pass(SearchQuery query, SearchOptions options, SearchListener listener, MediaTime timeline) {
            this.listener = listener;
            this.maxHits = options.maxHits();
            this.timeline = timeline;
            this.output = options.sources().contains(SearchHit.Source.OUTPUT)
                    ? new ScreenText(new HitFinder(query.matcher(), new Hits(SearchHit.Source.OUTPUT)), false) : null;
            this.input = options.sources().contains(SearchHit.Source.INPUT)
                    ? new ScreenText(new HitFinder(query.matcher(), new Hits(SearchHit.Source.INPUT)), true) : null;
        }

        @Override
        public boolean record(RecordType type, long timestamp, int contentLength) throws IOException {
            now = timeline.advance(timestamp);
            if (inputOpen) {
                inputOpen = false;
                input.endInput();
            }
            switch (type) {
                case TERMINAL_DATA -> current = output;
                case INPUT_EVENT -> {
                    current = input;
                    inputOpen = input != null;
                }
                default -> {
                    frames++;
                    current = null;
                }
            }
            return current != null;
        }

        @Override
        public void content(byte[] bytes, int offset, int length) throws IOException {
            current.feed(bytes, offset, length, now);
        }

        @Override
        public boolean stopped() {
            return hits >= maxHits || listener.stopRequested();
        }

        void finish() throws IOException {
            if (inputOpen) {
                inputOpen = false;
                input.endInput();
            }
            if (output != null && !stopped()) {
                output.finish();
            }
        }

        private final class Hits implements HitFinder.Hits {
            private final SearchHit.Source source;

            Hits(SearchHit.Source source) {
                this.source = source;
            }

            @Override
            public void hit(long positionMillis, String excerpt, int matchStart, int matchEnd) throws IOException {
                hits++;
                listener.hit(new SearchHit(Duration.ofMillis(positionMillis), source, excerpt, matchStart, matchEnd));
            }

            @Override
            public boolean wantsMore() {
                return hits < maxHits;
            }
        }
    }
}
