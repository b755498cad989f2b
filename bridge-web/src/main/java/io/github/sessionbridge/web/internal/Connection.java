package io.github.sessionbridge.web.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.Playback;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.Timeline;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.UnitEncoder;
import io.github.sessionbridge.web.BrowserBridge;
import io.github.sessionbridge.web.BrowserConnection;
import io.github.sessionbridge.web.BrowserTransport;
import io.github.sessionbridge.web.Handshake;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser connection: the handshake, the requests, the views and their sinks
 * ({@code docs/browser-protocol.md}). Requests arrive one at a time from the adapter; sinks call in from
 * bridge and player threads; everything that goes out goes through the one {@link Outbox}.
 */
public final class Connection implements BrowserConnection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String SERVER = "session-bridge-web/" + Optional.ofNullable(
            BrowserBridge.class.getPackage().getImplementationVersion()).orElse("dev");
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Settings settings;
    private final Handshake handshake;
    private final BrowserTransport transport;
    private final Outbox out;
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private final Map<Integer, View> views = new HashMap<>();   // guarded by this
    private Caller caller;                                      // set once, before any request
    private boolean greeted;                                    // guarded by this
    private boolean closing;                                    // guarded by this: no more requests served
    private boolean closed;                                     // guarded by this: onClose ran
    private double tokens;                                      // guarded by this
    private long tokensAt = System.nanoTime();                  // guarded by this

    private Connection(Settings settings, Handshake handshake, BrowserTransport transport) {
        this.settings = settings;
        this.handshake = handshake;
        this.transport = transport;
        this.out = new Outbox(transport, settings.limits().maxPendingBytes(), this::overflow);
        this.tokens = settings.limits().requestBurst();
    }

    /** Serves a WebSocket that has just opened: checks its origin and asks who it is. */
    public static Connection open(Settings settings, Handshake handshake, BrowserTransport transport) {
        Connection c = new Connection(settings, handshake, transport);
        c.start();
        return c;
    }

    private void start() {
        String refused = settings.origins().refusal(handshake.origin(), handshake.host());
        if (refused == null) {
            try {
                caller = settings.callers().callerFor(handshake);
                if (caller == null) {
                    refused = "the connection is not authenticated";
                }
            } catch (RuntimeException e) {
                refused = "the connection is refused: " + e.getMessage();
            }
        }
        if (refused != null) {
            LOG.warn("browser connection {} refused: {}", handshake.connectionId(), refused);
            closeWith(error("FORBIDDEN", refused, null, 0), 1008, "forbidden");
            return;
        }
        LOG.debug("browser connection {} opened for {}", handshake.connectionId(), caller.principal());
    }

    // ---- what arrives ----

    @Override
    public void onText(String text) {
        if (!isOpen() || !take()) {
            return;
        }
        int max = settings.limits().maxRequestBytes();
        if (text.length() > max || (text.length() * 3L > max && text.getBytes(StandardCharsets.UTF_8).length > max)) {
            closeWith(error("TOO_LARGE", "a request is at most " + max + " bytes", null, 0), 1009, "request too large");
            return;
        }
        Request r = null;
        try {
            r = Request.parse(text);
            handle(r);
        } catch (RequestException e) {
            Json.Msg m = error(e.code, e.getMessage(), r == null ? null : r.id, e.view != 0 ? e.view : failedView(r, e));
            if (e.closeCode != 0) {
                closeWith(m, e.closeCode, e.code.toLowerCase(java.util.Locale.ROOT));
            } else {
                send(m);
            }
        }
    }

    /** The view a watch, replay or play was to open, which did not: the error names it. */
    private static int failedView(Request r, RequestException e) {
        if (r == null || e.code.equals("VIEW_IN_USE") || !(r.op.equals("watch") || r.op.equals("replay") || r.op.equals("play"))) {
            return 0;
        }
        try {
            return r.view();
        } catch (RequestException notAView) {
            return 0;
        }
    }

    @Override
    public void onBinary(long length) {
        if (isOpen() && take()) {
            send(error("BINARY", "binary frames are not requests (" + length + " bytes ignored): send JSON text",
                    null, 0));
        }
    }

    @Override
    public void onClose() {
        List<View> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
            open = new ArrayList<>(views.values());
            views.clear();
        }
        for (View v : open) {
            v.gone = true;
            v.release();
        }
        out.close();
        LOG.debug("browser connection {} closed ({} views open)", handshake.connectionId(), open.size());
    }

    @Override
    public synchronized boolean isOpen() {
        return !closing;
    }

    /** Takes a token for one request; past the rate the browser is told and the connection closed. */
    private boolean take() {
        synchronized (this) {
            long now = System.nanoTime();
            double rate = settings.limits().requestsPerSecond();
            tokens = Math.min(settings.limits().requestBurst(), tokens + (now - tokensAt) / 1e9 * rate);
            tokensAt = now;
            if (tokens >= 1) {
                tokens--;
                return true;
            }
        }
        String why = "more than " + settings.limits().requestsPerSecond() + " requests a second (after a burst of "
                + settings.limits().requestBurst() + ")";
        LOG.warn("browser connection {} of {} closed: {}", handshake.connectionId(), caller == null ? "?"
                : caller.principal(), why);
        closeWith(error("RATE_LIMITED", why, null, 0), 1008, "rate limited");
        return false;
    }

    private void handle(Request r) {
        if (r.op.equals("hello")) {
            hello(r);
            return;
        }
        synchronized (this) {
            if (!greeted) {
                throw new RequestException("NOT_READY", "send hello first (the handshake, with the protocol version)");
            }
        }
        switch (r.op) {
            case "watch" -> watch(r);
            case "replay" -> replay(r);
            case "play" -> play(r);
            case "pause", "resume", "speed", "seek", "skip", "live" -> control(r);
            case "close" -> close(r);
            case "kick" -> kick(r);
            case "ping" -> send(Json.msg("pong").put("id", r.id));
            default -> throw new RequestException("UNKNOWN_OP", "unknown op \""
                    + (r.op.length() > 40 ? r.op.substring(0, 40) + "…" : r.op) + "\"");
        }
    }

    private void hello(Request r) {
        long version = r.integer("version");
        if (version != BrowserBridge.PROTOCOL_VERSION) {
            closeWith(error("VERSION", "protocol version " + version + " is not supported: this server speaks version "
                    + BrowserBridge.PROTOCOL_VERSION, r.id, 0).put("supported", List.of(BrowserBridge.PROTOCOL_VERSION)),
                    1002, "unsupported protocol version");
            return;
        }
        synchronized (this) {
            if (greeted) {
                throw new RequestException("NOT_READY", "hello was sent already");
            }
            greeted = true;
        }
        var l = settings.limits();
        send(Json.msg("hello").put("version", BrowserBridge.PROTOCOL_VERSION).put("principal", caller.principal())
                .put("server", SERVER).put("limits", new Json.Msg().put("maxViews", l.maxViews())
                        .put("maxRequestBytes", l.maxRequestBytes()).put("requestsPerSecond", l.requestsPerSecond())
                        .put("requestBurst", l.requestBurst()).put("clockIntervalMs", l.clockInterval().toMillis())));
    }

    // ---- views ----

    private void watch(Request r) {
        String ops = ops(r);
        String session = session(r);
        View v = reserve(r.view(), "watch");
        send(Json.msg("opened").put("view", v.id).put("kind", "watch").put("ops", ops).put("session", session));
        Bridge b;
        try {
            b = settings.sessions().monitor(caller, ops, session, new ViewSink(v));
        } catch (IllegalStateException e) {
            unreserve(v);
            throw new RequestException("UNAVAILABLE", "the server is shutting down");
        } catch (IllegalArgumentException e) {
            unreserve(v);
            throw Request.bad(e.getMessage());
        }
        started(v, b);
    }

    private void replay(Request r) {
        String name = r.string("recording", 256);
        PlaybackOptions options = options(r);
        int id = r.view();
        Optional<Recording> found;
        try {
            found = settings.recordings().open(caller, name);
        } catch (IOException e) {
            LOG.warn("recording {} for {} cannot be opened: {}", name, caller.principal(), e.toString());
            throw new RequestException("UNAVAILABLE", "recording " + name + " cannot be read");
        }
        if (found == null || found.isEmpty()) {
            throw new RequestException("NOT_FOUND", "no recording named " + name);
        }
        View v = reserve(id, "replay");
        send(Json.msg("opened").put("view", v.id).put("kind", "replay").put("recording", name));
        playing(v, SessionPlayer.play(found.get(), new ViewSink(v), options));
    }

    /** A timeline the C server streams (issue 16): the same views, controls and clocks as a file's replay. */
    private void play(Request r) {
        String ops = ops(r);
        String session = session(r);
        PlaybackOptions options = options(r);
        View v = reserve(r.view(), "play");
        send(Json.msg("opened").put("view", v.id).put("kind", "play").put("ops", ops).put("session", session));
        Timeline t;
        try {
            t = settings.sessions().play(caller, ops, session, new ViewSink(v), options);
        } catch (UnsupportedOperationException e) {
            unreserve(v);
            throw new RequestException("UNSUPPORTED", "this server cannot play timelines: " + e.getMessage(), 0, v.id);
        } catch (IllegalStateException e) {
            unreserve(v);
            throw new RequestException("UNAVAILABLE", "the server is shutting down", 0, v.id);
        } catch (IllegalArgumentException e) {
            unreserve(v);
            throw new RequestException("BAD_ARGUMENT", e.getMessage(), 0, v.id);
        }
        playing(v, t);
    }

    private PlaybackOptions options(Request r) {
        double speed = speed(r, "speed", 1);
        boolean paused = r.flag("paused");
        PlaybackOptions.Builder options = PlaybackOptions.builder();
        settings.playback().accept(options);
        return options.speed(speed).startPaused(paused).build();
    }

    /** A replay or timeline has started: its controls, its clocks. */
    private void playing(View v, Playback p) {
        v.playback = p;
        started(v, p);
        clock(v);
        p.duration().thenAccept(d -> {
            v.duration = d;
            clock(v);
        });
        long every = settings.limits().clockInterval().toMillis();
        try {
            v.clock = settings.timer().scheduleAtFixedRate(() -> tick(v), every, every, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("no periodic clocks: the BrowserBridge is closed");
        }
        if (v.ended && v.clock != null) {
            v.clock.cancel(false);
        }
    }

    private void control(Request r) {
        View v = find(r.view());
        Playback c = v.playback;
        if (c == null) {
            throw new RequestException("UNSUPPORTED", "view " + v.id + " is a live " + v.kind
                    + ": it has no timeline controls");
        }
        switch (r.op) {
            case "pause" -> c.pause();
            case "resume" -> c.resume();
            case "speed" -> c.speed(speed(r, "value", Double.NaN));
            case "seek" -> {
                c.seek(Duration.ofMillis(Math.max(0, r.integer("positionMs")))).thenRun(() -> clock(v));
                return;
            }
            case "skip" -> {
                c.skip(Duration.ofMillis(r.integer("deltaMs"))).thenRun(() -> clock(v));
                return;
            }
            case "live" -> {
                if (!(c instanceof Timeline t)) {
                    throw new RequestException("UNSUPPORTED", "view " + v.id + " is a recording file: it has no live edge");
                }
                t.goLive().thenRun(() -> clock(v));
                return;
            }
            default -> throw new IllegalStateException(r.op);
        }
        clock(v);
    }

    private void close(Request r) {
        int id = r.view();
        View v;
        synchronized (this) {
            v = views.remove(id);
        }
        if (v == null) {
            throw new RequestException("NO_SUCH_VIEW", "view " + id + " is not open");
        }
        v.gone = true;
        out.drop(id);
        v.release();
        send(Json.msg("closed").put("view", id));
    }

    private View reserve(int id, String kind) {
        synchronized (this) {
            if (views.containsKey(id)) {
                throw new RequestException("VIEW_IN_USE", "view " + id + " is open already");
            }
            if (views.size() >= settings.limits().maxViews()) {
                throw new RequestException("TOO_MANY_VIEWS", "at most " + settings.limits().maxViews()
                        + " views may be open at once");
            }
            View v = new View(id, kind);
            views.put(id, v);
            return v;
        }
    }

    private void unreserve(View v) {
        synchronized (this) {
            views.remove(v.id, v);
        }
        v.gone = true;
    }

    /** The view's bridge or player is running: if the view was left meanwhile, it closes at once. */
    private void started(View v, AutoCloseable handle) {
        v.handle = handle;
        if (v.gone) {
            v.release();
        }
    }

    private View find(int id) {
        synchronized (this) {
            View v = views.get(id);
            if (v == null) {
                throw new RequestException("NO_SUCH_VIEW", "view " + id + " is not open");
            }
            return v;
        }
    }

    /** A view's bridge or player has ended: its one notice, unless the browser left it. */
    private void ended(View v, Notice notice) {
        synchronized (this) {
            views.remove(v.id, v);
        }
        v.ended = true;
        if (v.clock != null) {
            v.clock.cancel(false);
        }
        if (!v.gone) {
            send(Json.msg("notice").put("view", v.id).put("code", notice.code()).put("reason", notice.reason().name())
                    .put("text", notice.text()));
        }
    }

    private void tick(View v) {
        Playback c = v.playback;
        if (c != null && !c.isPaused() && !v.clockQueued) {
            v.clockQueued = true;
            clock(v).whenComplete((x, e) -> v.clockQueued = false);
        }
    }

    private CompletionStage<Void> clock(View v) {
        Playback c = v.playback;
        if (c == null || v.gone || v.ended) {
            return ClientSink.DONE;
        }
        Duration d = v.duration;
        return send(Json.msg("clock").put("view", v.id).put("positionMs", c.position().toMillis())
                .put("durationMs", d == null ? null : d.toMillis()).put("receivedMs", c.received().toMillis())
                .put("speed", c.speed()).put("paused", c.isPaused()).put("live", c instanceof Timeline)
                .put("atLiveEdge", c instanceof Timeline t && t.isAtLiveEdge()));
    }

    /** The sink of one view: its records go out while the browser shows it. */
    private final class ViewSink implements ClientSink {
        private final View v;

        ViewSink(View v) {
            this.v = v;
        }

        @Override
        public CompletionStage<Void> send(SessionRecord record) {
            if (v.gone) {
                return DONE;
            }
            byte[] unit = UnitEncoder.encode(record);
            ByteBuffer frame = ByteBuffer.allocate(4 + unit.length).putInt(v.id).put(unit).flip();
            return out.binary(frame, v.id);
        }

        @Override
        public void end(Notice notice) {
            ended(v, notice);
        }
    }

    // ---- kicks ----

    private void kick(Request r) {
        String ops = ops(r);
        String session = session(r);
        String reason = r.optionalString("reason", 256);
        Object id = r.id;
        LOG.info("{} (connection {}) asks to kick {}/{}{}", caller.principal(), caller.connectionId(), ops, session,
                reason == null ? "" : ": " + reason);
        CompletionStage<KickOutcome> outcome;
        try {
            outcome = settings.sessions().kick(caller, ops, session);   // issue 18: pass the reason on
        } catch (IllegalStateException e) {
            throw new RequestException("UNAVAILABLE", "the server is shutting down");
        } catch (IllegalArgumentException e) {
            throw Request.bad(e.getMessage());
        }
        outcome.thenAccept(o -> send(Json.msg("kicked").put("id", id).put("ops", ops).put("session", session)
                .put("status", o.status().name()).put("reason", o.reason().name()).put("detail", o.detail())));
    }

    // ---- fields ----

    private String ops(Request r) {
        String ops = r.string("ops", 64);
        if (!settings.sessions().config().addresses().containsKey(ops)) {
            throw Request.bad("unknown operations type \"" + ops + "\": this server has "
                    + new java.util.TreeSet<>(settings.sessions().config().addresses().keySet()));
        }
        return ops;
    }

    private static String session(Request r) {
        String session = r.string("session", 128);
        if (!SESSION_ID.matcher(session).matches()) {
            throw Request.bad("field \"session\" must be 1 to 128 characters of [A-Za-z0-9._:-]");
        }
        return session;
    }

    private static double speed(Request r, String name, double fallback) {
        double s = r.number(name, fallback);
        if (!(s >= PlaybackOptions.MIN_SPEED && s <= PlaybackOptions.MAX_SPEED)) {
            throw Request.bad("field \"" + name + "\" must be a speed from " + PlaybackOptions.MIN_SPEED + " to "
                    + PlaybackOptions.MAX_SPEED);
        }
        return s;
    }

    // ---- sending ----

    private static Json.Msg error(String code, String message, Object id, int view) {
        Json.Msg m = Json.msg("error").put("code", code).put("message", message);
        if (id != null) {
            m.put("id", id);
        }
        if (view != 0) {
            m.put("view", view);
        }
        return m;
    }

    private CompletionStage<Void> send(Json.Msg m) {
        return out.text(m.json());
    }

    /** Tells the browser {@code last}, then closes with {@code code} (at once if it does not read it soon). */
    private void closeWith(Json.Msg last, int code, String reason) {
        synchronized (this) {
            closing = true;
        }
        send(last).whenComplete((v, x) -> closeTransport(code, reason));
        try {
            settings.timer().schedule(() -> closeTransport(code, reason), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            closeTransport(code, reason);
        }
    }

    private void overflow(String why) {
        LOG.warn("browser connection {} closed: {}", handshake.connectionId(), why);
        synchronized (this) {
            closing = true;
        }
        closeTransport(1008, "output not read");
    }

    private void closeTransport(int code, String reason) {
        if (closeSent.compareAndSet(false, true)) {
            try {
                transport.close(code, reason);
            } catch (RuntimeException e) {
                LOG.debug("closing browser connection {}: {}", handshake.connectionId(), e.toString());
            }
            onClose();
        }
    }
}
