package io.github.sessionbridge.web.internal;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.web.BrowserBridge;
import io.github.sessionbridge.web.BrowserConnection;
import io.github.sessionbridge.web.BrowserTransport;
import io.github.sessionbridge.web.Handshake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser connection: the handshake, the requests, the views and their sinks
 * ({@code docs/browser-protocol.md}). Requests arrive one at a time from the adapter; sinks call in from
 * bridge and player threads; everything that goes out goes through the one {@link Outbox}.
 */
public final class Connection implements BrowserConnection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final String SERVER = "session-bridge-web/" + Optional.ofNullable(
            BrowserBridge.class.getPackage().getImplementationVersion()).orElse("dev");
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final Settings settings;
    private final Handshake handshake;
    private final BrowserTransport transport;
    private final Outbox out;
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private Views views;                                        // set once, before any request
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
        views = new Views(settings, caller, out, this::send);
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
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = true;
        }
        int open = views == null ? 0 : views.closeAll();
        out.close();
        LOG.debug("browser connection {} closed ({} views open)", handshake.connectionId(), open);
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
            case "watch" -> views.watch(r);
            case "replay" -> views.replay(r);
            case "play" -> views.play(r);
            case "pause", "resume", "speed", "seek", "skip", "live" -> views.control(r);
            case "search" -> views.search(r);
            case "cancelSearch" -> views.cancelSearch(r);
            case "close" -> views.close(r);
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

    // ---- kicks ----

    private void kick(Request r) {
        String ops = r.ops(settings.sessions().config().addresses().keySet());
        String session = r.session();
        String reason = r.optionalString("reason", 256);
        Object id = r.id;
        LOG.info("{} (connection {}) asks to kick {}/{}{}", caller.principal(), caller.connectionId(), ops, session,
                reason == null ? "" : ": " + reason);
        CompletionStage<KickOutcome> outcome;
        try {
            outcome = reason == null ? settings.sessions().kick(caller, ops, session)
                    : settings.sessions().kick(caller, ops, session, reason); // the reason goes to the audit trail
        } catch (IllegalStateException e) {
            throw new RequestException("UNAVAILABLE", "the server is shutting down");
        } catch (IllegalArgumentException e) {
            throw Request.bad(e.getMessage());
        }
        outcome.thenAccept(o -> send(Json.msg("kicked").put("id", id).put("ops", ops).put("session", session)
                .put("status", o.status().name()).put("reason", o.reason().name()).put("detail", o.detail())));
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

    CompletionStage<Void> send(Json.Msg m) {
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
            onClose();   // the views first: a server's close may wait behind output the browser does not read
            try {
                transport.close(code, reason);
            } catch (RuntimeException e) {
                LOG.debug("closing browser connection {}: {}", handshake.connectionId(), e.toString());
            }
        }
    }
}
