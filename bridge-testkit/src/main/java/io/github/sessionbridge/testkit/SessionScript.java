package io.github.sessionbridge.testkit;

import io.github.sessionbridge.protocol.RecordType;
import io.github.sessionbridge.protocol.RecordingReader;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import io.github.sessionbridge.testkit.internal.Plan;
import io.github.sessionbridge.testkit.internal.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;

// Over 400 lines: the script's public step methods, each documented once (about 190 lines are code); how
// steps run is in testkit.internal.
/**
 * What a {@link FakeCServer} does when a monitor request for one session arrives: a list of steps,
 * written in a few readable lines, and how the session answers kicks.
 *
 * <pre>{@code
 * server.session("s-1")
 *       .sends(TerminalData.ofText(t0, "hello "), TerminalData.ofText(t0 + 40, "world"))
 *       .waits(Duration.ofMillis(100))
 *       .streams(recording)
 *       .then(Ending.END);                       // '3', then close
 * server.session("s-2").split(Split.byteByByte()).sendsText(t0, "x").then(Ending.CLOSE_MID_BODY);
 * server.session("s-3").onKick(KickReply.NO_ANSWER);      // for kick-timeout tests
 * }</pre>
 *
 * <p>Every monitor connection of the session runs the steps from the start, in order, each with
 * its own copy of the script as it was when the request arrived (steps added later apply to later
 * connections). A script ends with one {@code then...} step, after which nothing may be added (until
 * {@link #clear()}); a script without one stays <em>live</em> when its steps are done: the
 * connection stays open, as a C server's does while the watched session goes on, until the client
 * closes it, a kick or {@link FakeCServer#endSession(String)} ends it ({@code '3'}), or the server
 * closes.
 *
 * <p>Bytes are produced lazily, only while the connection's queue is below 64 KiB, so a slow
 * reader never makes the server buffer more (TCP flow control then slows the server down, as the
 * bridge expects of a real C server). Over UDP the same steps run; see {@link Split} for how units
 * are put into datagrams.
 *
 * <p>Thread-safe: it may be changed while the server runs.
 */
public final class SessionScript {

    private final String sessionId;
    private final List<Step> steps = new ArrayList<>();
    private Split split;
    private Pacing pacing;
    private KickReply kickReply = KickReply.AUTO;
    private Step.Finish finish;

    SessionScript(String sessionId) {
        this.sessionId = sessionId;
    }

    /**
     * The session this script is for.
     *
     * @return the session id given to {@link FakeCServer#session(String)}, or {@code null} for the script of
     *         {@link FakeCServer#unknownSessions()}
     */
    public String sessionId() {
        return sessionId;
    }

    /**
     * Sends {@code units} (records and control bytes), each encoded as on the wire (protocol §2), in
     * order. Records are paced as the script's {@link Pacing} says; a control byte is sent as it is and,
     * unlike in {@link #streams(Path)}, does not close the connection or end the script: follow it
     * with {@link #then(Ending) then(Ending.CLOSE)} to behave as a C server does. After a control byte the connection no
     * longer counts as a live monitor for {@link KickReply#AUTO} kicks.
     *
     * @param units the records and control bytes to send; none of them null (none at all adds an empty step)
     * @return this script, for chaining
     * @throws NullPointerException  if {@code units} or one of them is null
     * @throws IllegalStateException if the script already ends (a {@code then...} step was added)
     */
    public SessionScript sends(Unit... units) {
        return sendsAll(Arrays.asList(units));
    }

    /**
     * Sends every unit of {@code units}, each encoded as on the wire, in order; as
     * {@link #sends(Unit...)} for a list built by the test.
     *
     * @param units the records and control bytes to send, iterated once now (later changes to it do not
     *              count); none of them null
     * @return this script, for chaining
     * @throws NullPointerException  if {@code units} or one of its elements is null
     * @throws IllegalStateException if the script already ends (a {@code then...} step was added)
     */
    public SessionScript sendsAll(Iterable<? extends Unit> units) {
        Objects.requireNonNull(units, "units");
        List<Unit> list = new ArrayList<>();
        for (Unit u : units) {
            list.add(Objects.requireNonNull(u, "a unit is null"));
        }
        return add(new Step.SendUnits(list));
    }

    /**
     * Sends one terminal-data ({@code 'd'}) record of {@code text} stamped {@code timestamp}.
     *
     * @param timestamp the record's timestamp, in milliseconds since the Unix epoch (protocol §2.2); any
     *                  value, also 0, which is enough for tests that do not pace by time
     * @param text      the terminal output, encoded as UTF-8 into the record's content; may be empty, not null
     * @return this script, for chaining
     * @throws IllegalStateException if the script already ends (a {@code then...} step was added)
     */
    public SessionScript sendsText(long timestamp, String text) {
        return sends(TerminalData.ofText(timestamp, text));
    }

    /**
     * Sends {@code bytes} verbatim, whatever they are: garbage, a hand-made unit, part of one. Never
     * paced, and split like any other output.
     *
     * @param bytes the bytes to send, copied now (later changes to the array do not count); not null
     * @return this script, for chaining
     * @throws NullPointerException  if {@code bytes} is null
     * @throws IllegalStateException if the script already ends (a {@code then...} step was added)
     */
    public SessionScript sendsBytes(byte... bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return add(new Step.SendRaw(bytes, bytes.length + " raw bytes"));
    }

    /**
     * Sends random bytes reproducible from {@code seed}; the first is never a valid unit start, so
     * a decoder fails on it with an unknown type.
     *
     * @param length how many bytes to send; at least 1
     * @param seed   the seed of the {@link Random} that draws them: the same seed gives the same bytes
     * @return this script, for chaining
     * @throws IllegalArgumentException if {@code length} is below 1
     * @throws IllegalStateException    if the script already ends (a {@code then...} step was added)
     */
    public SessionScript sendsGarbage(int length, long seed) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, was " + length);
        }
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        if ("dvi35".indexOf(b[0] & 0xff) >= 0) {
            b[0] = 0;
        }
        return add(new Step.SendRaw(b, length + " garbage bytes (seed " + seed + ")"));
    }

    /**
     * Sends only the first {@code byteCount} bytes of {@code unit}'s wire form: a partial unit.
     * Follow it with {@link #then(Ending) then(Ending.CLOSE)} for a truncated stream.
     *
     * @param unit      the unit to cut short; not null
     * @param byteCount how many bytes of its wire form to send: at least 1 and fewer than the whole unit
     *                  (a record's wire form is 5 header bytes plus its body)
     * @return this script, for chaining
     * @throws NullPointerException     if {@code unit} is null
     * @throws IllegalArgumentException unless {@code 1 <= byteCount < unit.encodedLength()}
     * @throws IllegalStateException    if the script already ends (a {@code then...} step was added)
     */
    public SessionScript sendsPartial(Unit unit, int byteCount) {
        byte[] all = UnitEncoder.encode(Objects.requireNonNull(unit, "unit"));
        if (byteCount < 1 || byteCount >= all.length) {
            throw new IllegalArgumentException("byteCount must be within 1.." + (all.length - 1) + " for " + unit
                    + ", was " + byteCount);
        }
        return add(new Step.SendRaw(Arrays.copyOf(all, byteCount), "the first " + byteCount + " of "
                + all.length + " bytes of " + unit));
    }

    /**
     * Sends a whole record-shaped unit of type byte {@code 'x'} (length 8, timestamp 0): a protocol
     * error of kind unknown type at a unit boundary.
     *
     * @return this script, for chaining
     * @throws IllegalStateException if the script already ends (a {@code then...} step was added)
     */
    public SessionScript sendsUnknownType() {
        return sendsUnknownType((byte) 'x');
    }

    /**
     * Sends a whole record-shaped unit with type byte {@code typeByte} (length 8, timestamp 0).
     *
     * @param typeByte the first byte of the unit; anything but {@code 'd'}, {@code 'v'}, {@code 'i'},
     *                 {@code '3'} and {@code '5'}
     * @return this script, for chaining
     * @throws IllegalArgumentException if {@code typeByte} is a valid type or control byte
     * @throws IllegalStateException    if the script already ends (a {@code then...} step was added)
     */
    public SessionScript sendsUnknownType(byte typeByte) {
        if (RecordType.ofWireByte(typeByte) != null || typeByte == '3' || typeByte == '5') {
            throw new IllegalArgumentException("'" + (char) typeByte + "' is a valid unit type");
        }
        ByteBuffer b = ByteBuffer.allocate(RecordType.HEADER_LENGTH + RecordType.TIMESTAMP_LENGTH);
        b.put(typeByte).putInt(RecordType.TIMESTAMP_LENGTH).putLong(0L);
        return add(new Step.SendRaw(b.array(), String.format("a unit of unknown type 0x%02x", typeByte & 0xff)));
    }

    /**
     * Sends a terminal-data header claiming a body of 2 GiB - 1 bytes, and no body: a record size
     * error the bridge must detect from the header alone.
     *
     * @return this script, for chaining
     * @throws IllegalStateException if the script already ends (a {@code then...} step was added)
     */
    public SessionScript sendsOversizedHeader() {
        return sendsOversizedHeader(Integer.MAX_VALUE);
    }

    /**
     * Sends a terminal-data header claiming a body of {@code claimedLength} bytes, and no body.
     * Above the bridge's maximum record size (default 16 MiB) it is a record size error; below 8 a
     * record too short to hold its timestamp (protocol §2.2).
     *
     * @param claimedLength the header's length field, in bytes: within 0..0xFFFFFFFF (it is unsigned on the
     *                      wire)
     * @return this script, for chaining
     * @throws IllegalArgumentException unless {@code claimedLength} is within 0..0xFFFFFFFF
     * @throws IllegalStateException    if the script already ends (a {@code then...} step was added)
     */
    public SessionScript sendsOversizedHeader(long claimedLength) {
        if (claimedLength < 0 || claimedLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("claimedLength must be within 0..4294967295, was " + claimedLength);
        }
        ByteBuffer b = ByteBuffer.allocate(RecordType.HEADER_LENGTH);
        b.put(RecordType.TERMINAL_DATA.wireByte()).putInt((int) claimedLength);
        return add(new Step.SendRaw(b.array(), "a 'd' header claiming " + claimedLength + " bytes"));
    }

    /**
     * Streams a recording file (protocol §5) verbatim: its units after the {@code SESSREC1} magic,
     * exactly as stored, read lazily a piece at a time (never the whole file in memory). If the
     * recording holds a control byte, it is sent and the connection then closes, as after a C
     * server's control byte (bytes after it and the rest of the script are skipped). Bytes that
     * are not whole units (an unknown type, a unit the file ends inside) are sent as they are.
     * Records are paced as the script's {@link Pacing} says: as fast as the socket takes them by
     * default, as a C server dumping a recorded session; {@link #streamsLive(Path)} serves the file as a
     * live session instead.
     *
     * <p>Only the magic is checked now; the file is read when a connection runs the step, so it must
     * still exist then.
     *
     * @param recording the recording file; not null
     * @return this script, for chaining
     * @throws NullPointerException     if {@code recording} is null
     * @throws IllegalArgumentException if the file is not a recording
     * @throws UncheckedIOException     if it cannot be read
     * @throws IllegalStateException    if the script already ends (a {@code then...} step was added)
     */
    public SessionScript streams(Path recording) {
        return add(new Step.StreamFile(checkRecording(recording), false));
    }

    /**
     * Streams a recording file as a <em>live</em> session, the way a C server relays one as it happens
     * (protocol §7): as {@link #streams(Path)}, but every record goes out at its recorded pace and with its
     * timestamp rewritten to the moment it is sent (wall-clock milliseconds since the Unix epoch, the 8
     * bytes after the record's header; nothing else of it changes). The three ways a C server may send a
     * session are then, for one recording:
     *
     * <pre>{@code
     * server.session("fast").streams(recording).then(Ending.END);                      // recorded, all at once
     * server.session("paced").pacing(Pacing.realtime()).streams(recording).then(Ending.END); // recorded, at its pace
     * server.session("live").streamsLive(recording).then(Ending.END);                  // live: paced, stamped now
     * }</pre>
     *
     * <p>The pacing is the script's {@link Pacing} when it is {@linkplain Pacing#isRealtime() realtime} (so
     * {@code Pacing.realtime(4).withMaxGap(...)} gives a live session happening four times as fast, with long
     * idle stretches cut short), and the recorded pace ({@link Pacing#realtime()}) when it is
     * {@link Pacing#fast()}: a live session never comes faster than it happens. Gaps are measured between the
     * timestamps in the file, as for any paced stream. Records too short to hold a timestamp, and bytes that
     * are not whole units, are sent as they are.
     *
     * @param recording the recording file; not null
     * @return this script, for chaining
     * @throws NullPointerException     if {@code recording} is null
     * @throws IllegalArgumentException if the file is not a recording
     * @throws UncheckedIOException     if it cannot be read
     * @throws IllegalStateException    if the script already ends (a {@code then...} step was added)
     */
    public SessionScript streamsLive(Path recording) {
        return add(new Step.StreamFile(checkRecording(recording), true));
    }

    private static Path checkRecording(Path recording) {
        Objects.requireNonNull(recording, "recording");
        try {
            if (!Files.isRegularFile(recording) || !RecordingReader.isRecording(recording)) {
                throw new IllegalArgumentException("not a recording file (no SESSREC1 magic): " + recording);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recording " + recording, e);
        }
        return recording;
    }

    /**
     * Sends nothing for {@code duration}. Realtime pacing starts afresh after it. A kick cuts it short.
     *
     * @param duration how long to wait; zero or positive, not null
     * @return this script, for chaining
     * @throws NullPointerException     if {@code duration} is null
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws IllegalStateException    if the script already ends (a {@code then...} step was added)
     */
    public SessionScript waits(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        return add(new Step.Wait(duration));
    }

    /**
     * Stops reading from the client from here on: what it sends piles up in the socket buffers,
     * and the server no longer notices it closing (writes may still fail when it has).
     *
     * @return this script, for chaining
     * @throws IllegalStateException if the script already ends (a {@code then...} step was added)
     */
    public SessionScript stopsReading() {
        return add(new Step.StopReading());
    }

    /**
     * Cuts this session's writes as {@code split} says, for connections whose request arrives from now
     * on. May be set also after the script ends.
     *
     * @param split how to cut the writes; not null. Without this call the server's
     *              {@link FakeCServer.Builder#split(Split) default} applies
     * @return this script, for chaining
     * @throws NullPointerException if {@code split} is null
     */
    public synchronized SessionScript split(Split split) {
        this.split = Objects.requireNonNull(split, "split");
        return this;
    }

    /**
     * Paces this session's records as {@code pacing} says, for connections whose request arrives from
     * now on. May be set also after the script ends.
     *
     * @param pacing when to send each record; not null. Without this call the server's
     *               {@link FakeCServer.Builder#pacing(Pacing) default} applies
     * @return this script, for chaining
     * @throws NullPointerException if {@code pacing} is null
     */
    public synchronized SessionScript pacing(Pacing pacing) {
        this.pacing = Objects.requireNonNull(pacing, "pacing");
        return this;
    }

    /**
     * Answers kicks of this session as {@code reply} says, from the next kick request on. May be set
     * also after the script ends.
     *
     * @param reply how to answer; not null. The default is {@link KickReply#AUTO}, as a real C server
     * @return this script, for chaining
     * @throws NullPointerException if {@code reply} is null
     */
    public synchronized SessionScript onKick(KickReply reply) {
        this.kickReply = Objects.requireNonNull(reply, "reply");
        return this;
    }

    /**
     * Ends the script as {@code ending} says, after the steps before it.
     *
     * @param ending how the script ends; not null
     * @return this script, for chaining
     * @throws IllegalStateException if the script already ends
     */
    public SessionScript then(Ending ending) {
        return switch (Objects.requireNonNull(ending, "ending")) {
            case END -> finish(Step.Ending.END);
            case REFUSE -> finish(Step.Ending.REFUSE);
            case CLOSE -> finish(Step.Ending.CLOSE);
            case RESET -> finish(Step.Ending.RESET);
            case STALL -> finish(Step.Ending.STALL);
            case CLOSE_MID_HEADER -> {
                sendsPartial(TerminalData.ofText(0L, "cut short"), 3);
                yield finish(Step.Ending.CLOSE);
            }
            case CLOSE_MID_BODY -> {
                sendsPartial(TerminalData.ofText(0L, "cut short"), RecordType.HEADER_LENGTH + RecordType.TIMESTAMP_LENGTH + 2);
                yield finish(Step.Ending.CLOSE);
            }
        };
    }

    /**
     * Removes every step and the ending; keeps split, pacing and kick reply. For reprogramming.
     * Connections already running keep the copy they started with.
     *
     * @return this script, now empty and live, for chaining
     */
    public synchronized SessionScript clear() {
        steps.clear();
        finish = null;
        return this;
    }

    /**
     * Whether the script has its {@code then...} ending.
     *
     * @return {@code true} once a {@code then...} step was added (until {@link #clear()}), {@code false}
     *         for a script that stays live
     */
    public synchronized boolean isEnded() {
        return finish != null;
    }

    private SessionScript finish(Step.Ending ending) {
        synchronized (this) {
            add(new Step.Finish(ending));
            finish = (Step.Finish) steps.get(steps.size() - 1);
        }
        return this;
    }

    private synchronized SessionScript add(Step step) {
        if (finish != null) {
            throw new IllegalStateException("the script of " + label() + " already ends (\"" + finish.describe()
                    + "\"): nothing can follow; call clear() to reprogram it");
        }
        steps.add(step);
        return this;
    }

    private String label() {
        return sessionId == null ? "unknown sessions" : "session " + sessionId;
    }

    /** A snapshot for one connection, with the server's defaults filled in. */
    synchronized Plan plan(Split defaultSplit, Pacing defaultPacing) {
        return new Plan("script of " + label(), steps, split != null ? split : defaultSplit,
                pacing != null ? pacing : defaultPacing, kickReply);
    }

    /**
     * A one-line description for failure messages, for example
     * {@code SessionScript[s-1: sends 3 units, waits 100 ms, then sends '3' and closes; kick AUTO]}.
     */
    @Override
    public synchronized String toString() {
        String body = steps.isEmpty() ? "no steps" : steps.stream().map(Step::describe).collect(Collectors.joining(", "));
        if (finish == null) {
            body += ", then stays live";
        }
        return "SessionScript[" + (sessionId == null ? "<unknown sessions>" : sessionId) + ": " + body
                + (split != null ? "; split " + split : "") + (pacing != null ? "; pacing " + pacing : "")
                + "; kick " + kickReply + "]";
    }
}
