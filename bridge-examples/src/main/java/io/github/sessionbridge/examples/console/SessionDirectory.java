package io.github.sessionbridge.examples.console;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeListener;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the console knows about the bastion host's sessions: who is connected where, whether the session is
 * still live, and where its recording is. The C server has no "list sessions" request (it only serves and
 * kicks sessions by id), so a real host reads this from its own audit database; the example fills it from
 * its options or from the demo's fake C server.
 *
 * <p>Thread-safe.
 */
public final class SessionDirectory {

    /**
     * One session as the console lists it.
     *
     * @param id        the session id the C server knows it by
     * @param opsType   the operations type (SSH, RDP, ...): which C port serves it
     * @param user      who is logged in on the target
     * @param host      the target host
     * @param startedAt when the session started
     * @param live      whether it is still running (it can be watched and kicked)
     * @param recording its recording file, or {@code null} when there is none
     * @param held      whether the C server holds the session's recording and streams it when asked (protocol
     *                  §7): the page replays it as a timeline of the C server, no file needed. A live session is
     *                  always played through the C server (with pause, rewind and "go live")
     */
    public record Session(String id, String opsType, String user, String host, Instant startedAt, boolean live,
            Path recording, boolean held) {

        /** A session whose recording the C server does not hold. */
        public Session(String id, String opsType, String user, String host, Instant startedAt, boolean live,
                Path recording) {
            this(id, opsType, user, host, startedAt, live, recording, false);
        }

        /** @throws NullPointerException if an argument but {@code recording} is null */
        public Session {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(opsType, "opsType");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(startedAt, "startedAt");
        }

        /** This session, no longer live. */
        Session ended() {
            return new Session(id, opsType, user, host, startedAt, false, recording, held);
        }
    }

    private final List<String> order = new CopyOnWriteArrayList<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Consumer<Session>> endListeners = new CopyOnWriteArrayList<>();

    /** Adds (or replaces) a session; the list keeps the order of first adding. */
    public SessionDirectory add(Session session) {
        if (sessions.put(session.id(), session) == null) {
            order.add(session.id());
        }
        return this;
    }

    /**
     * What keeps the list true: a listener for the {@link io.github.sessionbridge.core.BridgeConfig} of the
     * {@code SessionBridge} the browsers use. A session is over once a kick of it succeeds or the C server ends
     * a stream of it with {@code '3'} ({@link EndReason#END}) &mdash; whichever browser asked.
     *
     * @return a listener that marks sessions ended
     */
    public BridgeListener tracker() {
        return new BridgeListener() {
            @Override
            public void ended(Bridge bridge, EndReason reason, long records, long bytes) {
                if (reason == EndReason.END) {
                    markEnded(bridge.sessionId());
                }
            }

            @Override
            public void kicked(Caller caller, String opsType, String sessionId, KickOutcome outcome) {
                if (outcome.status() == KickOutcome.Status.KICKED) {
                    markEnded(sessionId);
                }
            }
        };
    }

    /** Calls {@code listener} once for each session that {@link #markEnded} ends. */
    public void onEnded(Consumer<Session> listener) {
        endListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Every session, in the order added. */
    public List<Session> list() {
        List<Session> all = new ArrayList<>();
        for (String id : order) {
            all.add(sessions.get(id));
        }
        return all;
    }

    /** The session with {@code id}, if listed. */
    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /**
     * Records that session {@code id} is over: the C server said so ({@code '3'} to a monitor) or a kick
     * succeeded.
     *
     * @return whether it was live until now
     */
    public boolean markEnded(String id) {
        Session[] ended = new Session[1];
        sessions.computeIfPresent(id, (k, s) -> {
            if (s.live()) {
                ended[0] = s.ended();
                return ended[0];
            }
            return s;
        });
        if (ended[0] != null) {
            endListeners.forEach(l -> l.accept(ended[0]));
        }
        return ended[0] != null;
    }
}
