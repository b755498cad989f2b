package io.github.sessionbridge.web.internal;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.Playback;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.Timeline;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The views of one connection: opening them (watch, replay, play), their controls and clocks, their sinks
 * and their one notice. Records and messages go out through the connection's {@link Outbox}.
 */
final class Views {
    private static final Logger LOG = LoggerFactory.getLogger(Views.class);

    private final Settings settings;
    private final Caller caller;
    private final Outbox out;
    private final Function<Json.Msg, CompletionStage<Void>> sender;
    private final Set<String> opsTypes;
    private final Map<Integer, View> views = new HashMap<>();   // guarded by this
    private final ViewSearch searches;

    Views(Settings settings, Caller caller, Outbox out, Function<Json.Msg, CompletionStage<Void>> sender) {
        this.settings = settings;
        this.caller = caller;
        this.out = out;
        this.sender = sender;
        this.opsTypes = settings.sessions().config().addresses().keySet();
        this.searches = new ViewSearch(settings, sender);
    }

    private CompletionStage<Void> send(Json.Msg m) {
        return sender.apply(m);
    }

    /** The connection closed: every view closes, with no notice; returns how many were open. */
    int closeAll() {
        List<View> open;
        synchronized (this) {
            open = new ArrayList<>(views.values());
            views.clear();
        }
        for (View v : open) {
            v.gone = true;
            v.release();
        }
        return open.size();
    }


    void watch(Request r) {
        String ops = r.ops(opsTypes);
        String session = r.session();
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

    void replay(Request r) {
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
        v.recording = found.get();
        v.idleLimit = options.idleLimit().orElse(null);
        send(Json.msg("opened").put("view", v.id).put("kind", "replay").put("recording", name));
        playing(v, SessionPlayer.play(found.get(), new ViewSink(v), options));
    }

    /** A timeline the C server streams (issue 16): the same views, controls and clocks as a file's replay. */
    void play(Request r) {
        String ops = r.ops(opsTypes);
        String session = r.session();
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
        double speed = r.speed("speed", 1);
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

    void control(Request r) {
        View v = find(r.view());
        Playback c = v.playback;
        if (c == null) {
            throw new RequestException("UNSUPPORTED", "view " + v.id + " is a live " + v.kind
                    + ": it has no timeline controls");
        }
        switch (r.op) {
            case "pause" -> c.pause();
            case "resume" -> c.resume();
            case "speed" -> c.speed(r.speed("value", Double.NaN));
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

    /** A {@code search} of a replay or timeline ({@link ViewSearch}). */
    void search(Request r) {
        searches.start(find(r.view()), r);
    }

    /** A {@code cancelSearch}: the view's search stops; its {@code searched} says so. */
    void cancelSearch(Request r) {
        searches.cancel(find(r.view()));
    }

    void close(Request r) {
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
        ViewSearch.stop(v);
        if (v.clock != null) {
            v.clock.cancel(false);
        }
        if (!v.gone) {
            send(Json.msg("notice").put("view", v.id).put("code", notice.code()).put("reason", notice.reason().name())
                    .put("text", notice.text()));
        }
    }

    /**
     * The periodic clock: while playing, and while a paused timeline goes on receiving (its {@code receivedMs}
     * grows, and the browser shows how far behind it is); a paused file has nothing new to say.
     */
    private void tick(View v) {
        Playback c = v.playback;
        if (c == null || v.clockQueued) {
            return;
        }
        if (!c.isPaused() || (c instanceof Timeline && c.received().toMillis() != v.receivedSent)) {
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
        long received = c.received().toMillis();
        v.receivedSent = received;
        return send(Json.msg("clock").put("view", v.id).put("positionMs", c.position().toMillis())
                .put("durationMs", d == null ? null : d.toMillis()).put("receivedMs", received)
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
            ByteBuffer unit = record.encodedBuffer(); // the wire bytes the decoder kept: one copy, into the frame
            ByteBuffer frame = ByteBuffer.allocate(4 + unit.remaining()).putInt(v.id).put(unit).flip();
            return out.binary(frame, v.id);
        }

        @Override
        public void end(Notice notice) {
            ended(v, notice);
        }
    }

}
