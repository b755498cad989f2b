package io.github.sessionbridge.web.internal;

import io.github.sessionbridge.core.Playback;
import io.github.sessionbridge.core.Timeline;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.search.RecordingSearch;
import io.github.sessionbridge.core.search.SearchHit;
import io.github.sessionbridge.core.search.SearchListener;
import io.github.sessionbridge.core.search.SearchOptions;
import io.github.sessionbridge.core.search.SearchQuery;
import io.github.sessionbridge.core.search.SearchResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code search} and {@code cancelSearch} requests of a replay or timeline view: one search at a time per
 * view (a new one cancels the one before), run on the browser bridge's search threads, its hits streamed to
 * the browser as {@code hit} messages and summed up by one {@code searched}. Memory is bounded whatever the
 * recording holds: at most {@value #MAX_HITS} hits a search, and at most {@value #AHEAD} of them sent and not
 * yet written to the browser (the search waits for the browser to read; one that does not read for
 * {@value #STALL_SECONDS} s ends the search, its thread freed).
 */
final class ViewSearch {
    private static final Logger LOG = LoggerFactory.getLogger(ViewSearch.class);

    /** The most hits one search may ask for. */
    static final int MAX_HITS = 1000;
    /** Hits a search gets unless it asks for fewer or more. */
    static final int DEFAULT_HITS = 100;
    /** Hits sent and not yet written to the browser before the search waits. */
    static final int AHEAD = 8;
    /** How long the browser may leave hits unread before the search ends. */
    static final int STALL_SECONDS = 30;

    /** One search of a view, by the number the browser gave it. */
    static final class Running {
        final long number;
        volatile boolean cancelled;

        Running(long number) {
            this.number = number;
        }
    }

    private final Settings settings;
    private final Function<Json.Msg, CompletionStage<Void>> sender;

    ViewSearch(Settings settings, Function<Json.Msg, CompletionStage<Void>> sender) {
        this.settings = settings;
        this.sender = sender;
    }

    /** Starts the search {@code r} asks for on view {@code v}; returns at once. */
    void start(View v, Request r) {
        Playback p = v.playback;
        if (p == null) {
            throw new RequestException("UNSUPPORTED", "view " + v.id + " is a live " + v.kind + ": only replays and"
                    + " timelines can be searched");
        }
        long number = r.integer("search");
        if (number < 1 || number > Integer.MAX_VALUE) {
            throw Request.bad("field \"search\" must be an integer from 1 to 2147483647");
        }
        String text = r.string("query", 1024);
        long maxHits = r.has("maxHits") ? r.integer("maxHits") : DEFAULT_HITS;
        if (maxHits < 1 || maxHits > MAX_HITS) {
            throw Request.bad("field \"maxHits\" must be an integer from 1 to " + MAX_HITS);
        }
        SearchQuery query;
        try {
            query = new SearchQuery(text, r.flag("regex"), r.flag("matchCase"));
        } catch (IllegalArgumentException e) {
            throw Request.bad(e.getMessage());
        }
        SearchOptions.Builder options = SearchOptions.builder().maxHits(maxHits);
        Recording recording = v.recording;
        if (!(p instanceof Timeline)) {
            if (recording == null || !recording.isSeekable()) {
                throw new RequestException("UNSUPPORTED", "view " + v.id + "'s recording can be read only once: it"
                        + " cannot be searched");
            }
            Duration idle = v.idleLimit;
            if (idle != null) {
                options.idleLimit(idle); // the player's: a hit's position is where its seek shows it
            }
        }
        Running run = new Running(number);
        Running before;
        synchronized (v) {
            before = v.search;
            v.search = run;
        }
        if (before != null) {
            before.cancelled = true;
        }
        SearchOptions o = options.build();
        try {
            settings.searches().execute(() -> run(v, run, p, recording, query, o));
        } catch (RejectedExecutionException e) {
            synchronized (v) {
                if (v.search == run) {
                    v.search = null;
                }
            }
            throw new RequestException("UNAVAILABLE", "too many searches wait for the server's search threads (or it"
                    + " is shutting down): try again");
        }
    }

    /** Cancels the view's search, if one runs: its {@code searched} says {@code cancelled}. */
    void cancel(View v) {
        Running run = v.search;
        if (run != null) {
            run.cancelled = true;
        }
    }

    /** Cancels any search of a view that closed or ended. */
    static void stop(View v) {
        Running run = v.search;
        if (run != null) {
            run.cancelled = true;
        }
    }

    private void run(View v, Running run, Playback p, Recording recording, SearchQuery query, SearchOptions options) {
        ArrayDeque<CompletableFuture<Void>> ahead = new ArrayDeque<>();
        long[] told = {0};
        String error = null;
        SearchResult result = null;
        try {
            if (stopped(v, run)) {
                throw new Stop();
            }
            SearchListener listener = new SearchListener() {
                @Override
                public void hit(SearchHit hit) throws IOException {
                    tell(v, run, hit, ahead, told);
                }

                @Override
                public boolean stopRequested() {
                    return stopped(v, run); // polled before each record: a cancel stops a search that finds nothing
                }
            };
            result = p instanceof Timeline t ? RecordingSearch.find(t, query, options, listener)
                    : RecordingSearch.find(recording, query, options, listener);
        } catch (Stop s) {
            // cancelled, replaced, or the view is gone
        } catch (IOException | RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.info("search of view {} ({}) failed after {} hits: {}", v.id, v.kind, told[0], error);
        }
        if (!v.gone) {
            sender.apply(Json.msg("searched").put("view", v.id).put("search", run.number).put("hits", told[0])
                    .put("limitReached", result != null && result.hitLimitReached())
                    .put("cancelled", error == null && (result == null || !result.hitLimitReached() && stopped(v, run)))
                    .put("error", error));
        }
        synchronized (v) {
            if (v.search == run) {
                v.search = null;
            }
        }
    }

    private static boolean stopped(View v, Running run) {
        return run.cancelled || v.gone || v.ended;
    }

    private void tell(View v, Running run, SearchHit hit, ArrayDeque<CompletableFuture<Void>> ahead, long[] told)
            throws IOException {
        if (stopped(v, run)) {
            throw new Stop();
        }
        ahead.add(sender.apply(Json.msg("hit").put("view", v.id).put("search", run.number)
                .put("positionMs", hit.position().toMillis()).put("source", hit.source().code())
                .put("excerpt", hit.excerpt()).put("matchStart", hit.matchStart()).put("matchEnd", hit.matchEnd()))
                .toCompletableFuture());
        told[0]++;
        while (ahead.size() > AHEAD) {
            await(v, run, ahead.poll());
        }
    }

    /** Waits for the browser to have read a hit, while the search is still wanted. */
    private static void await(View v, Running run, CompletableFuture<Void> written) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALL_SECONDS);
        while (true) {
            try {
                written.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (stopped(v, run)) {
                    throw new Stop();
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the browser did not read the hits for " + STALL_SECONDS + " s");
                }
            } catch (ExecutionException e) {
                throw new Stop(); // the connection closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stop();
            }
        }
    }

    /** Ends a search that is no longer wanted, through the search's listener. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }
}
