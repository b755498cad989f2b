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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
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
 *     (replay: also "durationMs", "startTs" and "commands":[{"offsetMs","text"}..])
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
 */
public final class ConsoleConnection implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleConnection.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong();

    private final SessionBridge bridges;
    private final SessionDirectory directory;
    private final String cServer;
    private final Caller caller;

    // guarded by this: the socket's send side and the current view
    private Session ws;
    private long view;
    private Bridge bridge;
    private ReplayView replay;

    /**
     * @param operator who the browser is logged in as (a real console takes it from its login)
     * @param cServer  a line about the C server for the page header
     */
    ConsoleConnection(SessionBridge bridges, SessionDirectory directory, String operator, String cServer) {
        this.bridges = bridges;
        this.directory = directory;
        this.cServer = cServer;
        this.caller = Caller.of(operator, "ws-" + IDS.incrementAndGet());
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
    }

    @Override
    public void onWebSocketText(String text) {
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
        List<ReplayView.Command> commands;
        try {
            recording = Recording.open(s.recording());
            info = recording.info();                            // one streaming pass: duration and counts
            commands = ReplayView.commands(s.recording());      // the input events, for the command list
        } catch (IOException e) {
            LOG.warn("cannot read the recording of {}: {}", s.id(), e.toString());
            send(error("cannot read the recording of " + s.id() + ": " + e.getMessage()));
            return;
        }
        ObjectNode m = describe(message("view").put("kind", "replay"), s)
                .put("durationMs", info.duration().toMillis())
                .put("startTs", info.start().map(Instant::toEpochMilli).orElse(0L));
        ArrayNode list = m.putArray("commands");
        commands.forEach(c -> list.addObject().put("offsetMs", c.offsetMs()).put("text", c.text()));
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
                if (view != v || ws == null) {
                    return DONE;   // the browser has left this view
                }
                // Jetty queues the frame and never blocks; the stage completes once it is written
                ws.sendBinary(ByteBuffer.wrap(UnitEncoder.encode(record)), sent);
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
        if (ws != null && ws.isOpen()) {
            ws.sendText(json, Callback.NOOP);
        }
    }
}
