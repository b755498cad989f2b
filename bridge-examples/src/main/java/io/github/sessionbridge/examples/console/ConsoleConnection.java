package io.github.sessionbridge.examples.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.RecordingInfo;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser tab's WebSocket: it shows one view at a time (a live session through a {@link Bridge}, or a
 * {@link ReplayView} of a recording), and kicks sessions.
 *
 * <h2>The browser-side protocol</h2>
 *
 * <p>Browser to server, text frames, one JSON object each, by {@code op}:
 * <pre>
 * {"op":"list"}                         send the session list again
 * {"op":"watch","sid":"s-42"}           show session s-42 live (ends the current view)
 * {"op":"replay","sid":"s-42"}          show the recording of s-42, playing (ends the current view)
 * {"op":"play"} {"op":"pause"}          replay only
 * {"op":"speed","value":2}              replay only: 0.25 .. 16
 * {"op":"seek","offsetMs":12000}        replay only: ms from the first record
 * {"op":"stop"}                         end the current view
 * {"op":"kick","sid":"s-42"}            kick session s-42 off the bastion host
 * {"op":"ping"}                         keeps an idle connection open; no answer
 * </pre>
 *
 * <p>Server to browser, text frames, one JSON object each, by {@code type}:
 * <pre>
 * {"type":"hello","operator":..,"cServer":..}                      once, first
 * {"type":"sessions","sessions":[{"sid","ops","user","host","started","live","recording"}..]}
 * {"type":"view","kind":"watch"|"replay"|"none","sid","ops","user","host"}   a new view: what follows is its
 *     (replay: also "durationMs", "startTs", "commands":[{"offsetMs","text"}..], the first
 *     {@link Limits#maxCommands} input events, and "commandsTotal", how many the recording has; each text
 *     made {@link Printable})
 * {"type":"notice","sid","code":3|5,"reason","text"}               the view has ended (a replay: at its end, END)
 * {"type":"clock","offsetMs","speed","paused"}                     replay: where it is, after every change
 * {"type":"kick","sid","status":"KICKED"|"REFUSED"|"FAILED","reason","detail"}
 * {"type":"error","message"}
 * </pre>
 *
 * <p>Server to browser, binary frames: one record each of the current view, in the C-link wire form the C
 * server sends (protocol §2.2; a replay's seek starts with a terminal reset record): type byte ({@code 'd'}, {@code 'v'}, {@code 'i'}), length (4 bytes BE), timestamp (8 bytes
 * BE, ms), content.
 *
 * <p>Public only because Jetty calls its listener methods reflectively; it is made by {@link ConsoleServer}.
 *
 * <p><b>Order.</b> Every frame is handed to Jetty under this object's lock, and Jetty sends frames in the
 * order it is handed them; a record of a view the browser has left is dropped, never sent after the next
 * view's {@code view} message. So the browser needs no ids: it clears its screen on {@code view} and draws
 * everything after it.
 *
 * <p><b>Bounded.</b> A browser that sends faster than it reads cannot grow the server's heap: every frame
 * handed to Jetty is counted until Jetty has written it; past {@link Limits#pauseBytes} of output not yet
 * written the connection stops reading requests (and resumes when the output has drained to half of it),
 * and a connection whose output stays backed up for {@link Limits#stallTimeout}, that would go past
 * {@link Limits#maxPendingBytes}, or that sends more than {@link Limits#requestsPerSecond} requests a second
 * (over a burst of {@link Limits#requestBurst}) is closed with 1008 (policy violation), logged at WARN.
 */
public final class ConsoleConnection implements Session.Listener {

    /**
     * What one browser connection may cost.
     *
     * @param pauseBytes        output not yet written above which no more requests are read
     * @param maxPendingBytes   output not yet written above which the connection is closed
     * @param stallTimeout      how long the output may stay above {@code pauseBytes} before the connection is closed
     * @param requestsPerSecond requests a second a connection may send, sustained
     * @param requestBurst      requests it may send at once
     * @param maxCommands       input events listed in a replay's {@code view} message
     */
    record Limits(long pauseBytes, long maxPendingBytes, Duration stallTimeout, double requestsPerSecond,
            int requestBurst, int maxCommands) {

        /** The console's: 1 MiB, 16 MiB, 30 s, 50 a second over a burst of 200, 1,000 commands. */
        static final Limits DEFAULT = new Limits(1 << 20, 16 << 20, Duration.ofSeconds(30), 50, 200, 1000);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleConnection.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong();

    private final SessionBridge bridges;
    private final SessionDirectory directory;
    private final String cServer;
    private final Caller caller;
    private final Limits limits;
    private final ScheduledExecutorService timer;

    // guarded by this: the socket's send side and the current view
    private Session ws;
    private long view;
    private Bridge bridge;
    private ReplayView replay;
    // guarded by this: flow control
    private long pending;           // bytes handed to Jetty and not yet written
    private boolean paused;         // not reading requests until the output drains
    private long pausedSince;       // which pause a stall check is for
    private boolean demandOwed;     // a request was handled while paused: demand when the output drains
    private boolean closing;
    private double tokens;
    private long tokensAt = System.nanoTime();

    /**
     * @param operator who the browser is logged in as (a real console takes it from its login)
     * @param cServer  a line about the C server for the page header
     * @param limits   what the connection may cost
     * @param timer    runs the stall checks
     */
    ConsoleConnection(SessionBridge bridges, SessionDirectory directory, String operator, String cServer,
            Limits limits, ScheduledExecutorService timer) {
        this.bridges = bridges;
        this.directory = directory;
        this.cServer = cServer;
        this.caller = Caller.of(operator, "ws-" + IDS.incrementAndGet());
        this.limits = limits;
        this.timer = timer;
        this.tokens = limits.requestBurst();
    }

    // ---- WebSocket events ----

    @Override
    public void onWebSocketOpen(Session session) {
        synchronized (this) {
            ws = session;
        }
        LOG.info("{} connected from {}", caller.connectionId(), session.getRemoteSocketAddress());
        send(message("hello").put("operator", caller.principal()).put("cServer", cServer));
        sendSessions();
        demandNext();
    }

    @Override
    public void onWebSocketText(String text) {
        try {
            if (allowed()) {
                handle(text);
            }
        } finally {
            demandNext();
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        try {
            if (allowed()) {
                send(error("binary messages are not requests"));
            }
        } finally {
            demandNext();
        }
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        try {
            if (allowed()) {
                synchronized (this) {
                    sendCounted(payload.remaining(), c -> ws.sendPong(payload, c));
                }
            }
        } finally {
            demandNext();
        }
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        demandNext();
    }

    private void handle(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            send(error("not JSON: " + e.getOriginalMessage()));
            return;
        }
        String op = m.path("op").asText();
        String sid = m.path("sid").asText();
        try {
            switch (op) {
                case "list" -> sendSessions();
                case "watch" -> watch(session(sid));
                case "replay" -> replay(session(sid));
                case "stop" -> newView(message("view").put("kind", "none"));
                case "kick" -> kick(session(sid));
                case "play" -> replayOrFail().play();
                case "pause" -> replayOrFail().pause();
                case "speed" -> replayOrFail().speed(m.path("value").asDouble(1));
                case "seek" -> replayOrFail().seek(m.path("offsetMs").asLong());
                case "ping" -> { }
                default -> send(error("unknown op \"" + op + "\""));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {  // also InvalidSessionIdException
            send(error(e.getMessage()));
        }
    }

    // ---- flow control ----

    /** Takes a token for one request, or closes the connection if it sends too fast. */
    private boolean allowed() {
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(limits.requestBurst(), tokens + (now - tokensAt) / 1e9 * limits.requestsPerSecond());
            tokensAt = now;
            if (tokens >= 1) {
                tokens--;
                return true;
            }
        }
        abuse("more than " + (long) limits.requestsPerSecond() + " requests a second");
        return false;
    }

    /** Reads the next request now, or once the output has drained. */
    private void demandNext() {
        Session s;
        synchronized (this) {
            if (ws == null || closing) {
                return;
            }
            if (paused) {
                demandOwed = true;
                return;
            }
            s = ws;
        }
        s.demand();
    }

    /** Hands one frame of {@code bytes} to Jetty through {@code send}, counting it until it is written; false if not sent. Under the lock. */
    private boolean sendCounted(long bytes, java.util.function.Consumer<Callback> send) {
        if (ws == null || closing || !ws.isOpen()) {
            return false;
        }
        if (pending + bytes > limits.maxPendingBytes()) {
            abuseLater("more than " + limits.maxPendingBytes() + " bytes of output not read");
            return false;
        }
        pending += bytes;
        if (!paused && pending > limits.pauseBytes()) {
            paused = true;
            long since = ++pausedSince;
            timer.schedule(() -> stallCheck(since), limits.stallTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        send.accept(Callback.from(() -> written(bytes), x -> written(bytes)));
        return true;
    }

    private void written(long bytes) {
        Session resume = null;
        synchronized (this) {
            pending -= bytes;
            if (paused && pending <= limits.pauseBytes() / 2) {
                paused = false;
                if (demandOwed && !closing) {
                    demandOwed = false;
                    resume = ws;
                }
            }
        }
        if (resume != null) {
            resume.demand();
        }
    }

    private void stallCheck(long since) {
        boolean stalled;
        synchronized (this) {
            stalled = paused && pausedSince == since && !closing;
        }
        if (stalled) {
            abuse("its output stayed backed up for " + limits.stallTimeout().toSeconds() + " s (it does not read)");
        }
    }

    private void abuseLater(String why) {
        timer.execute(() -> abuse(why));   // not under this lock: closing ends the view
    }

    /** Closes the connection of a browser that breaks the limits: 1008, then at once, its output dropped. */
    private void abuse(String why) {
        Session s;
        long backlog;
        synchronized (this) {
            if (closing || ws == null) {
                return;
            }
            closing = true;
            s = ws;
            backlog = pending;
        }
        LOG.warn("{} closed: {} ({} bytes of output not written)", caller.connectionId(), why, backlog);
        endView();
        s.close(StatusCode.POLICY_VIOLATION, "policy violation: " + why, Callback.NOOP);
        if (backlog > 0) {
            s.disconnect();   // the close frame would wait behind output the browser does not read
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        LOG.info("{} closed ({} {})", caller.connectionId(), statusCode, reason);
        endView();  // closes the Bridge: the C connection closes promptly, and no notice is sent
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("{}: {}", caller.connectionId(), cause.toString());
    }

    // ---- the requests ----

    private SessionDirectory.Session session(String sid) {
        return directory.find(sid).orElseThrow(() -> new IllegalArgumentException("no session \"" + sid + "\""));
    }

    private void watch(SessionDirectory.Session s) {
        long v = newView(describe(message("view").put("kind", "watch"), s));
        Bridge b = bridges.monitor(caller, s.opsType(), s.id(), new ViewSink(v, s.id(), true));
        synchronized (this) {
            if (view == v) {
                bridge = b;
                return;
            }
        }
        b.close();  // the browser moved on while we were connecting
    }

    private void replay(SessionDirectory.Session s) {
        if (s.recording() == null) {
            throw new IllegalArgumentException("session " + s.id() + " has no recording");
        }
        Recording recording;
        RecordingInfo info;
        ReplayView.Commands commands;
        try {
            recording = Recording.open(s.recording());
            info = recording.info();                            // one streaming pass: duration and counts
            commands = ReplayView.commands(s.recording(), limits.maxCommands()); // the first input events
        } catch (IOException e) {
            LOG.warn("cannot read the recording of {}: {}", s.id(), e.toString());
            send(error("cannot read the recording of " + s.id() + ": " + e.getMessage()));
            return;
        }
        ObjectNode m = describe(message("view").put("kind", "replay"), s)
                .put("durationMs", info.duration().toMillis())
                .put("startTs", info.start().map(Instant::toEpochMilli).orElse(0L));
        ArrayNode list = m.putArray("commands");
        commands.listed().forEach(c -> list.addObject().put("offsetMs", c.offsetMs()).put("text", c.text()));
        m.put("commandsTotal", commands.total());
        long v = newView(m);
        ReplayView r = new ReplayView(recording, () -> new ViewSink(v, s.id(), false), (offsetMs, speed, paused) ->
                sendInView(v, message("clock").put("offsetMs", offsetMs).put("speed", speed).put("paused", paused)));
        synchronized (this) {
            if (view == v) {
                replay = r;
                return;
            }
        }
        r.close();  // the browser moved on meanwhile
    }

    private void kick(SessionDirectory.Session s) {
        bridges.kick(caller, s.opsType(), s.id()).thenAccept(outcome -> {
            if (outcome.status() == KickOutcome.Status.KICKED) {
                directory.markEnded(s.id());
            }
            send(message("kick").put("sid", s.id()).put("status", outcome.status().name())
                    .put("reason", outcome.reason().name()).put("detail", outcome.detail()));
            sendSessions();
        });
    }

    private synchronized ReplayView replayOrFail() {
        if (replay == null) {
            throw new IllegalStateException("no replay is showing");
        }
        return replay;
    }

    // ---- views ----

    /** Ends the current view and starts a new one, announced by {@code announcement}; returns its number. */
    private long newView(ObjectNode announcement) {
        endView();
        synchronized (this) {
            view++;
            sendNow(announcement.toString());
            return view;
        }
    }

    private void endView() {
        Bridge b;
        ReplayView r;
        synchronized (this) {
            view++;     // from now on, records of the old view are dropped
            b = bridge;
            r = replay;
            bridge = null;
            replay = null;
        }
        if (b != null) {
            b.close();
        }
        if (r != null) {
            r.close();
        }
    }

    /** The sink of one view: its records go out while it is the current view, and are dropped after. */
    private final class ViewSink implements ClientSink {
        private final long v;
        private final String sid;
        private final boolean live;

        ViewSink(long v, String sid, boolean live) {
            this.v = v;
            this.sid = sid;
            this.live = live;
        }

        @Override
        public CompletionStage<Void> send(SessionRecord record) {
            Callback.Completable sent = new Callback.Completable();
            synchronized (ConsoleConnection.this) {
                if (view != v || ws == null || closing) {
                    return DONE;   // the browser has left this view
                }
                // Jetty queues the frame and never blocks; the stage completes once it is written
                ByteBuffer frame = ByteBuffer.wrap(UnitEncoder.encode(record));
                if (!sendCounted(frame.remaining(), c -> ws.sendBinary(frame, Callback.from(() -> {
                    c.succeed();
                    sent.succeed();
                }, x -> {
                    c.fail(x);
                    sent.fail(x);
                })))) {
                    return DONE;   // closed, or closing
                }
            }
            return sent;
        }

        @Override
        public void end(Notice notice) {
            boolean over = live && notice.reason() == EndReason.END && directory.markEnded(sid);  // the C server's '3'
            sendInView(v, message("notice").put("sid", sid).put("code", notice.code())
                    .put("reason", notice.reason().name()).put("text", notice.text()));
            if (over) {
                sendSessions();
            }
        }
    }

    // ---- sending ----

    private void sendSessions() {
        ObjectNode m = message("sessions");
        ArrayNode list = m.putArray("sessions");
        for (SessionDirectory.Session s : directory.list()) {
            describe(list.addObject(), s).put("started", s.startedAt().toString()).put("live", s.live())
                    .put("recording", s.recording() != null);
        }
        send(m);
    }

    private static ObjectNode describe(ObjectNode m, SessionDirectory.Session s) {
        return m.put("sid", s.id()).put("ops", s.opsType()).put("user", s.user()).put("host", s.host());
    }

    private static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static ObjectNode error(String text) {
        return message("error").put("message", text);
    }

    private synchronized void send(ObjectNode message) {
        sendNow(message.toString());
    }

    private synchronized void sendInView(long v, ObjectNode message) {
        if (view == v) {
            sendNow(message.toString());
        }
    }

    private void sendNow(String json) {
        sendCounted(utf8Length(json), c -> ws.sendText(json, c));
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
