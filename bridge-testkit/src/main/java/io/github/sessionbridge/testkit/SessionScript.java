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

/**
 * What a {@link FakeCServer} does when a monitor request for one session arrives: a list of steps,
 * written in a few readable lines, and how the session answers kicks.
 *
 * <pre>{@code
 * server.session("s-1")
 *       .sends(TerminalData.ofText(t0, "hello "), TerminalData.ofText(t0 + 40, "world"))
 *       .waits(Duration.ofMillis(100))
 *       .streams(recording)
 *       .thenEnd();                       // '3', then close
 * server.session("s-2").split(Split.byteByByte()).sendsText(t0, "x").thenCloseMidBody();
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

    /** The session id this script is for, or {@code null} for {@link FakeCServer#unknownSessions()}. */
    public String sessionId() {
        return sessionId;
    }

    /** Sends {@code units} (records and control bytes), each encoded as on the wire, in order. */
    public SessionScript sends(Unit... units) {
        return sendsAll(Arrays.asList(units));
    }

    /** Sends every unit of {@code units}, each encoded as on the wire, in order. */
    public SessionScript sendsAll(Iterable<? extends Unit> units) {
        Objects.requireNonNull(units, "units");
        List<Unit> list = new ArrayList<>();
        for (Unit u : units) {
            list.add(Objects.requireNonNull(u, "a unit is null"));
        }
        return add(new Step.SendUnits(list));
    }

    /** Sends one terminal-data record of {@code text} (UTF-8) stamped {@code timestamp}. */
    public SessionScript sendsText(long timestamp, String text) {
        return sends(TerminalData.ofText(timestamp, text));
    }

    /** Sends {@code bytes} verbatim, whatever they are. Never paced. */
    public SessionScript sendsBytes(byte... bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return add(new Step.SendRaw(bytes, bytes.length + " raw bytes"));
    }

    /**
     * Sends random bytes reproducible from {@code seed}; the first is never a valid unit start, so
     * a decoder fails on it with an unknown type.
     *
     * @throws IllegalArgumentException if {@code length} is below 1
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
     * Follow it with {@link #thenClose()} for a truncated stream.
     *
     * @throws IllegalArgumentException unless {@code 1 <= byteCount < unit.encodedLength()}
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
     */
    public SessionScript sendsUnknownType() {
        return sendsUnknownType((byte) 'x');
    }

    /**
     * Sends a whole record-shaped unit with type byte {@code typeByte} (length 8, timestamp 0).
     *
     * @throws IllegalArgumentException if {@code typeByte} is a valid type or control byte
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
     */
    public SessionScript sendsOversizedHeader() {
        return sendsOversizedHeader(Integer.MAX_VALUE);
    }

    /**
     * Sends a terminal-data header claiming a body of {@code claimedLength} bytes, and no body.
     *
     * @throws IllegalArgumentException unless {@code claimedLength} is within 0..0xFFFFFFFF
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
     *
     * @throws IllegalArgumentException if the file is not a recording
     * @throws UncheckedIOException     if it cannot be read
     */
    public SessionScript streams(Path recording) {
        Objects.requireNonNull(recording, "recording");
        try {
            if (!Files.isRegularFile(recording) || !RecordingReader.isRecording(recording)) {
                throw new IllegalArgumentException("not a recording file (no SESSREC1 magic): " + recording);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recording " + recording, e);
        }
        return add(new Step.StreamFile(recording));
    }

    /**
     * Sends nothing for {@code duration}. Realtime pacing starts afresh after it. A kick cuts it short.
     *
     * @throws IllegalArgumentException if {@code duration} is negative
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
     */
    public SessionScript stopsReading() {
        return add(new Step.StopReading());
    }

    /** Cuts this session's writes as {@code split} says (default: the server's). */
    public synchronized SessionScript split(Split split) {
        this.split = Objects.requireNonNull(split, "split");
        return this;
    }

    /** Paces this session's records as {@code pacing} says (default: the server's). */
    public synchronized SessionScript pacing(Pacing pacing) {
        this.pacing = Objects.requireNonNull(pacing, "pacing");
        return this;
    }

    /** Answers kicks of this session as {@code reply} says (default {@link KickReply#AUTO}). */
    public synchronized SessionScript onKick(KickReply reply) {
        this.kickReply = Objects.requireNonNull(reply, "reply");
        return this;
    }

    /** Ends the script: {@code '3'} (the session is over), then close. */
    public SessionScript thenEnd() {
        return finish(Step.Ending.END);
    }

    /** Ends the script: {@code '5'} (refused), then close. */
    public SessionScript thenRefuse() {
        return finish(Step.Ending.REFUSE);
    }

    /** Ends the script: close cleanly (FIN) with no control byte. Over UDP: just stop. */
    public SessionScript thenClose() {
        return finish(Step.Ending.CLOSE);
    }

    /**
     * Ends the script: reset the connection (RST, by closing with {@code SO_LINGER} 0) once what
     * came before is written. Over UDP: just stop.
     */
    public SessionScript thenReset() {
        return finish(Step.Ending.RESET);
    }

    /** Ends the script: send nothing more and keep the connection open (it still takes kicks). */
    public SessionScript thenStall() {
        return finish(Step.Ending.STALL);
    }

    /** Ends the script: the first 3 bytes of a terminal-data header, then close (truncated in a header). */
    public SessionScript thenCloseMidHeader() {
        sendsPartial(TerminalData.ofText(0L, "cut short"), 3);
        return thenClose();
    }

    /** Ends the script: a terminal-data header, timestamp and 2 content bytes of 9, then close (truncated in a body). */
    public SessionScript thenCloseMidBody() {
        sendsPartial(TerminalData.ofText(0L, "cut short"), RecordType.HEADER_LENGTH + RecordType.TIMESTAMP_LENGTH + 2);
        return thenClose();
    }

    /** Removes every step and the ending; keeps split, pacing and kick reply. For reprogramming. */
    public synchronized SessionScript clear() {
        steps.clear();
        finish = null;
        return this;
    }

    /** Whether the script has its {@code then...} ending. */
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

    /** For example {@code SessionScript[s-1: sends 3 units, waits 100 ms, then sends '3' and closes; kick AUTO]}. */
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
