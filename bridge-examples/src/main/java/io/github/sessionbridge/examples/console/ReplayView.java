package io.github.sessionbridge.examples.console;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingReader;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.Unit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A browser's replay of one recording: bridge-core's {@link SessionPlayer} (pacing, speed, pause, seek)
 * playing into the browser's {@link ClientSink}, and a fresh player when the operator plays or seeks again
 * after the end. Every change is reported to a {@link Clock}, so the page can move its seek bar.
 *
 * <p>Thread-safe.
 */
final class ReplayView implements AutoCloseable {

    /**
     * One input event of a recording, for the page's command list.
     *
     * @param offsetMs when, from the first record
     * @param text     what the operator typed or ran
     */
    record Command(long offsetMs, String text) {
    }

    /** Where the replay is, told after every change. */
    @FunctionalInterface
    interface Clock {
        /** {@code offsetMs} into the recording now, moving at {@code speed} unless {@code paused}. */
        void at(long offsetMs, double speed, boolean paused);
    }

    /**
     * The input events of a recording, as the page's command list shows them.
     *
     * @param listed the first events, at most the {@code max} given to {@link #commands}, their text made
     *               {@link Printable}
     * @param total  how many the recording has
     */
    record Commands(List<Command> listed, long total) {
    }

    /**
     * The first {@code max} input events of a recording file, read in one streaming pass that counts the rest:
     * what the console keeps of a recording is bounded, however many events it holds (a hostile recording may
     * hold millions).
     *
     * @throws IOException if it cannot be read, or is not a recording
     */
    static Commands commands(Path recording, int max) throws IOException {
        List<Command> commands = new ArrayList<>();
        long total = 0;
        long start = Long.MIN_VALUE;
        try (RecordingReader reader = RecordingReader.open(recording)) {
            for (Unit u = reader.next(); u != null && !(u instanceof Control); u = reader.next()) {
                SessionRecord r = (SessionRecord) u;
                if (start == Long.MIN_VALUE) {
                    start = r.timestamp();
                }
                if (r instanceof InputEvent e) {
                    total++;
                    if (commands.size() < max) {
                        commands.add(new Command(e.timestamp() - start, Printable.of(e.text())));
                    }
                }
            }
        }
        return new Commands(List.copyOf(commands), total);
    }

    private final Recording recording;
    private final Supplier<ClientSink> sinks;
    private final Clock clock;
    private SessionPlayer player;   // guarded by this
    private boolean closed;         // guarded by this

    /** Starts playing {@code recording} into a sink from {@code sinks} (a new one for each player). */
    ReplayView(Recording recording, Supplier<ClientSink> sinks, Clock clock) {
        this.recording = recording;
        this.sinks = sinks;
        this.clock = clock;
        SessionPlayer first = SessionPlayer.play(recording, sinks.get());
        synchronized (this) {
            player = first;
        }
        tell(first);
    }

    /** Plays on; from the start once the recording has ended. */
    void play() {
        SessionPlayer p = current();
        if (p == null) {
            return;
        }
        if (p.isOpen()) {
            p.resume();
            tell(p);
        } else {
            seek(0, true);
        }
    }

    /** Pauses. */
    void pause() {
        SessionPlayer p = current();
        if (p != null && p.isOpen()) {
            p.pause();
            tell(p);
        }
    }

    /** Plays {@code factor} times faster than recorded ({@link PlaybackOptions#MIN_SPEED} .. {@link PlaybackOptions#MAX_SPEED}). */
    void speed(double factor) {
        SessionPlayer p = current();
        if (p != null && p.isOpen()) {
            p.speed(factor);
            tell(p);
        }
    }

    /** Jumps to {@code offsetMs}: the screen as it was then, and playing on from there. */
    void seek(long offsetMs) {
        seek(offsetMs, false);
    }

    private void seek(long offsetMs, boolean resume) {
        SessionPlayer p;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!player.isOpen()) {   // it played to the end: a new player, paused until it is there
                player = SessionPlayer.play(recording, sinks.get(), PlaybackOptions.builder()
                        .speed(player.speed()).startPaused(true).build());
                resume = true;
            }
            p = player;
        }
        boolean thenPlay = resume;
        p.seek(Duration.ofMillis(Math.max(0, offsetMs))).thenRun(() -> {
            if (thenPlay) {
                p.resume();
            }
            tell(p);
        });
    }

    private synchronized SessionPlayer current() {
        return closed ? null : player;
    }

    private void tell(SessionPlayer p) {
        clock.at(p.position().toMillis(), p.speed(), p.isPaused());
    }

    /** The browser left this replay: stops the player (no notice). */
    @Override
    public void close() {
        SessionPlayer p;
        synchronized (this) {
            closed = true;
            p = player;
        }
        p.close();
    }
}
