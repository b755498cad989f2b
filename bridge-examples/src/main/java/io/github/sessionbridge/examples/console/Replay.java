package io.github.sessionbridge.examples.console;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingReader;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.Unit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays a recording into a {@link ClientSink} at the pace of its timestamps, with pause, speed and seek:
 * the example's own small player. Seeking re-sends every record from the start up to the target at once
 * (the browser clears its terminal first, see {@link Listener#reset}), then plays on in time; that is exact
 * for terminals and screen frames alike and needs no index.
 *
 * <p>Records go out one at a time: the next is sent only when the sink's stage for the previous one has
 * completed, so a slow browser slows the replay instead of piling data up in the server (the same contract
 * the live bridges follow). A stage that fails means the browser has gone: the replay stops.
 *
 * <p>Thread-safe; every method returns at once. Timers and send completions run on {@code timer}.
 */
final class Replay implements AutoCloseable {

    /**
     * A recording read into memory: fine for the console's recordings (the bundled sample is 150 records).
     *
     * @param records    its records, in order (control bytes dropped)
     * @param durationMs from the first record to the last, in ms
     * @param commands   its input events: what the operator typed or ran, for the command list
     */
    record Loaded(List<SessionRecord> records, long durationMs, List<Command> commands) {

        /** The first record's timestamp, or 0 when there is none. */
        long startTs() {
            return records.isEmpty() ? 0 : records.get(0).timestamp();
        }
    }

    /**
     * One input event of a recording.
     *
     * @param offsetMs when, from the first record
     * @param text     what the operator typed or ran
     */
    record Command(long offsetMs, String text) {
    }

    /** What the replay tells its browser besides the records. */
    interface Listener {
        /** The screen is to be cleared: the records that follow redraw it from the start (a seek). */
        void reset();

        /**
         * Where the replay is: {@code offsetMs} into the recording now, moving at {@code speed} unless paused.
         * Called on every change (play, pause, speed, seek, the end), so the browser can move its seek bar
         * between calls by itself.
         */
        void clock(long offsetMs, double speed, boolean paused, boolean finished);
    }

    /**
     * Reads a recording file (protocol §5) into memory.
     *
     * @throws IOException if it cannot be read, or is not a valid recording
     */
    static Loaded load(Path file) throws IOException {
        List<SessionRecord> records = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (Unit u = reader.next(); u != null && !(u instanceof Control); u = reader.next()) {
                records.add((SessionRecord) u);
            }
        }
        long start = records.isEmpty() ? 0 : records.get(0).timestamp();
        long end = start;
        List<Command> commands = new ArrayList<>();
        for (SessionRecord r : records) {
            end = Math.max(end, r.timestamp());
            if (r instanceof InputEvent e) {
                commands.add(new Command(e.timestamp() - start, e.text()));
            }
        }
        return new Loaded(List.copyOf(records), end - start, List.copyOf(commands));
    }

    private final Loaded recording;
    private final ClientSink sink;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private final Executor onTimer;

    // guarded by this
    private int next;                 // index of the next record to send
    private boolean sending;          // a record's stage has not completed yet
    private boolean paused = true;
    private double speed = 1.0;
    private long anchorOffsetMs;      // the replay clock: at anchorNanos it read anchorOffsetMs
    private long anchorNanos = System.nanoTime();
    private ScheduledFuture<?> wakeUp;
    private boolean closed;

    Replay(Loaded recording, ClientSink sink, Listener listener, ScheduledExecutorService timer) {
        this.recording = Objects.requireNonNull(recording, "recording");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.onTimer = timer::execute;
    }

    /** Plays on from where it is (from the start once it has finished). */
    synchronized void play() {
        if (closed || !paused) {
            return;
        }
        if (next >= recording.records().size()) {
            seekLocked(0);
        }
        anchorNanos = System.nanoTime();
        paused = false;
        changed();
    }

    /** Stops the clock; records already due have been sent. */
    synchronized void pause() {
        if (closed || paused) {
            return;
        }
        anchorOffsetMs = offsetNow();
        paused = true;
        changed();
    }

    /**
     * Plays {@code factor} times faster than recorded from now on.
     *
     * @throws IllegalArgumentException unless {@code 0.1 <= factor <= 64}
     */
    synchronized void speed(double factor) {
        if (!(factor >= 0.1 && factor <= 64)) {
            throw new IllegalArgumentException("speed must be within 0.1..64, was " + factor);
        }
        anchorOffsetMs = offsetNow();
        anchorNanos = System.nanoTime();
        speed = factor;
        changed();
    }

    /** Jumps to {@code offsetMs} into the recording (clamped to it), playing or paused as it was. */
    synchronized void seek(long offsetMs) {
        if (!closed) {
            seekLocked(offsetMs);
            changed();
        }
    }

    private void seekLocked(long offsetMs) {
        listener.reset();
        next = 0;
        anchorOffsetMs = Math.max(0, Math.min(offsetMs, recording.durationMs()));
        anchorNanos = System.nanoTime();
    }

    /** Stops for good. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        cancelWakeUp();
    }

    /** The replay clock now, in ms from the first record. */
    private long offsetNow() {
        if (paused) {
            return anchorOffsetMs;
        }
        long elapsedMs = (long) ((System.nanoTime() - anchorNanos) / 1_000_000.0 * speed);
        return Math.min(anchorOffsetMs + elapsedMs, recording.durationMs());
    }

    private void changed() {
        cancelWakeUp();
        listener.clock(offsetNow(), speed, paused, next >= recording.records().size() && paused);
        pump();
    }

    /** Sends the next record if it is due and the previous one was taken; else waits for whichever comes first. */
    private void pump() {
        if (closed || sending) {
            return;
        }
        List<SessionRecord> records = recording.records();
        if (next >= records.size()) {
            if (!paused) {              // the end: stop the clock there
                anchorOffsetMs = recording.durationMs();
                paused = true;
                listener.clock(anchorOffsetMs, speed, true, true);
            }
            return;
        }
        SessionRecord r = records.get(next);
        long dueInMs = r.timestamp() - recording.startTs() - offsetNow();
        if (dueInMs > 0) {
            if (!paused) {
                wakeUp = timer.schedule(this::wake, (long) Math.ceil(dueInMs / speed), TimeUnit.MILLISECONDS);
            }
            return;
        }
        next++;
        sending = true;
        sink.send(r).whenCompleteAsync((ok, failure) -> sent(failure), onTimer);
    }

    private synchronized void sent(Throwable failure) {
        sending = false;
        if (failure != null) {
            close();            // the browser has gone
        } else {
            pump();
        }
    }

    private synchronized void wake() {
        wakeUp = null;
        pump();
    }

    private void cancelWakeUp() {
        if (wakeUp != null) {
            wakeUp.cancel(false);
            wakeUp = null;
        }
    }
}
