package io.github.sessionbridge.web;

import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.web.internal.Connection;
import io.github.sessionbridge.web.internal.Origins;
import io.github.sessionbridge.web.internal.Settings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The browser protocol's server ({@code docs/browser-protocol.md}): serves browser WebSockets for one
 * {@link SessionBridge}, whatever the WebSocket API. An adapter ({@link io.github.sessionbridge.web.jakarta.BridgeEndpoint},
 * {@link io.github.sessionbridge.web.spring.BridgeWebSocketHandler}) calls {@link #open} for each WebSocket;
 * the browser runs {@code session-bridge.js}.
 *
 * <pre>{@code
 * BrowserBridge web = BrowserBridge.builder(sessionBridge)
 *         .callers(CallerProvider.principal())                  // who the browser is: the server's login
 *         .recordings(RecordingCatalog.directory(recordings))   // what "replay" may open
 *         .build();
 * }</pre>
 *
 * <p><b>What a connection gets.</b> Several views at once (live sessions, replays), each ending with exactly
 * one notice; kicks (the access policy of the {@code SessionBridge} decides, with the caller the
 * {@link CallerProvider} gave); every error as a message naming what was wrong. Flow control goes end to end: a
 * view sends its next record only when the browser's WebSocket has written the last one, so a slow browser
 * slows only its own C connections (and a view that stays slow ends with {@code CLIENT_TOO_SLOW}). What a
 * connection may cost is bounded ({@link WebLimits}): views, request size and rate, and messages waiting for
 * a browser that does not read.
 *
 * <p><b>Origins and hosts.</b> By default a browser's WebSocket is served only when its {@code Origin} is the
 * page's own server (same scheme-less host and port as the {@code Host} header) or it sends none (not a
 * browser); add the origins a page may also be served from (behind a proxy) with {@link Builder#allowedOrigins}.
 * A page on a name rebound to this server's address (DNS rebinding) sends that name as both {@code Host} and
 * {@code Origin}: list the names the server answers to with {@link Builder#allowedHosts} to refuse it. A host
 * that can answer before the upgrade (an HTTP 403 instead of a WebSocket closed with 1008) asks
 * {@link #refusal}.
 *
 * <p><b>Shutting down.</b> Close the {@code SessionBridge} first, then this, then the web server: the
 * {@code SHUTDOWN} notices travel over the open WebSockets. {@link #close()} stops its clock thread.
 *
 * <p><b>Search.</b> A replay or timeline view can be searched ({@code search} in the protocol; the text the
 * operator saw and typed, as {@link io.github.sessionbridge.core.search.RecordingSearch} finds it): its hits
 * stream to the browser, at most 1000 a search, each at the position a seek shows it.
 *
 * <p>Thread-safe; one daemon thread ({@code session-bridge-web}) times clocks and closes, and two
 * ({@code session-bridge-web-search-N}, started when needed) run searches, for all connections (at most 64
 * searches wait for them; more are refused with {@code UNAVAILABLE}).
 */
public final class BrowserBridge implements AutoCloseable {

    /** The browser protocol's version this server speaks. */
    public static final int PROTOCOL_VERSION = 1;

    private static final int SEARCH_THREADS = 2;
    private static final int SEARCH_QUEUE = 64;

    private final Settings settings;

    private BrowserBridge(Settings settings) {
        this.settings = settings;
    }

    /**
     * A builder serving the browsers of {@code sessions}.
     *
     * @param sessions the bridge tier the browsers watch, kick and replay through; closed by its owner
     * @return a builder with the default limits, no recordings, and callers named by the server's principal
     * @throws NullPointerException if {@code sessions} is null
     */
    public static Builder builder(SessionBridge sessions) {
        return new Builder(Objects.requireNonNull(sessions, "sessions"));
    }

    /**
     * Serves one browser WebSocket that has just opened. Checks its origin and asks the {@link CallerProvider}
     * who it is; a refused connection is told why and closed with 1008.
     *
     * @param handshake what the server knows of the connection
     * @param transport how to send to it
     * @return the connection, to be told every frame that arrives and when the WebSocket closes
     * @throws NullPointerException if an argument is null
     */
    public BrowserConnection open(Handshake handshake, BrowserTransport transport) {
        return Connection.open(settings, Objects.requireNonNull(handshake, "handshake"),
                Objects.requireNonNull(transport, "transport"));
    }

    /**
     * Why a WebSocket upgrade with these headers would be refused, by the same rules as {@link #open}: for a
     * host that refuses before upgrading (HTTP 403). The caller is not asked here.
     *
     * @param origin the {@code Origin} header, or null if there is none
     * @param host   the {@code Host} header, or null if there is none
     * @return the reason, or empty if the upgrade may go ahead
     */
    public Optional<String> refusal(String origin, String host) {
        return Optional.ofNullable(settings.origins().refusal(origin, host));
    }

    /**
     * The limits.
     *
     * @return what one connection may cost, as built
     */
    public WebLimits limits() {
        return settings.limits();
    }

    /** Stops the clock and search threads; open connections stop reporting clocks, searches end. Idempotent. */
    @Override
    public void close() {
        settings.timer().shutdownNow();
        settings.searches().shutdownNow();
    }

    /** Builds a {@link BrowserBridge}. */
    public static final class Builder {
        private final SessionBridge sessions;
        private CallerProvider callers = CallerProvider.principal();
        private RecordingCatalog recordings = RecordingCatalog.none();
        private WebLimits limits = WebLimits.DEFAULTS;
        private List<String> allowedOrigins = List.of();
        private List<String> allowedHosts = List.of();
        private Consumer<PlaybackOptions.Builder> playback = b -> { };

        private Builder(SessionBridge sessions) {
            this.sessions = sessions;
        }

        /**
         * Who each browser connection is.
         *
         * @param callers asked once per connection; {@link CallerProvider#principal()} by default
         * @return this builder
         */
        public Builder callers(CallerProvider callers) {
            this.callers = Objects.requireNonNull(callers, "callers");
            return this;
        }

        /**
         * What {@code replay} may open.
         *
         * @param recordings the host's catalog; {@link RecordingCatalog#none()} by default
         * @return this builder
         */
        public Builder recordings(RecordingCatalog recordings) {
            this.recordings = Objects.requireNonNull(recordings, "recordings");
            return this;
        }

        /**
         * What one connection may cost.
         *
         * @param limits {@link WebLimits#DEFAULTS} by default
         * @return this builder
         */
        public Builder limits(WebLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Origins a page may also connect from, besides the server's own.
         *
         * @param origins such as {@code https://console.example.org} (scheme, host and optional port; no path)
         * @return this builder
         * @throws IllegalArgumentException if one is not of that form
         */
        public Builder allowedOrigins(String... origins) {
            List<String> list = List.of(origins);
            Origins.of(list, List.of());   // checks them
            this.allowedOrigins = list;
            return this;
        }

        /**
         * The {@code Host} header values the server answers to; when set, a WebSocket with any other (or none)
         * is refused, whatever its {@code Origin}: the defence against DNS rebinding. Not set (the default),
         * any {@code Host} is served, and the origin rules alone decide.
         *
         * @param hosts such as {@code console.example.org}, {@code 127.0.0.1:8080} or {@code [::1]:8080}: as
         *              the header carries them (the port only when it is not the scheme's default); matched
         *              without regard to case
         * @return this builder
         * @throws IllegalArgumentException if one is not of that form (a scheme, a path or user info, say)
         */
        public Builder allowedHosts(String... hosts) {
            List<String> list = List.of(hosts);
            Origins.of(List.of(), list);   // checks them
            this.allowedHosts = list;
            return this;
        }

        /**
         * Playback options for replays (idle limit, scheduler, flow control, notice texts); speed and pause are the
         * browser's.
         *
         * @param customizer applied to each replay's options builder
         * @return this builder
         */
        public Builder playback(Consumer<PlaybackOptions.Builder> customizer) {
            this.playback = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /**
         * The browser bridge.
         *
         * @return a new browser bridge, its clock thread started
         */
        public BrowserBridge build() {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "session-bridge-web");
                t.setDaemon(true);
                return t;
            });
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ThreadPoolExecutor searches = new java.util.concurrent.ThreadPoolExecutor(SEARCH_THREADS,
                    SEARCH_THREADS, 30, java.util.concurrent.TimeUnit.SECONDS,
                    new java.util.concurrent.ArrayBlockingQueue<>(SEARCH_QUEUE), r -> {
                        Thread t = new Thread(r, "session-bridge-web-search-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            searches.allowCoreThreadTimeOut(true);
            return new BrowserBridge(new Settings(sessions, callers, recordings, limits, Origins.of(allowedOrigins, allowedHosts),
                    playback, timer, searches));
        }
    }
}
