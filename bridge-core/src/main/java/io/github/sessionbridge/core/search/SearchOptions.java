package io.github.sessionbridge.core.search;

import io.github.sessionbridge.core.internal.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link RecordingSearch} runs: the idle limit its positions are given with, which sources it searches,
 * and how many hits it stops at. Immutable.
 *
 * <pre>{@code
 * SearchOptions options = SearchOptions.builder()
 *     .idleLimit(Duration.ofSeconds(2))   // the player's idle limit, so hits are where the player seeks
 *     .maxHits(500)
 *     .build();
 * }</pre>
 */
public final class SearchOptions {

    private static final SearchOptions DEFAULTS = builder().build();

    private final Duration idleLimit;
    private final long maxHits;
    private final Set<SearchHit.Source> sources;

    private SearchOptions(Builder b) {
        this.idleLimit = b.idleLimit;
        this.maxHits = b.maxHits;
        this.sources = Collections.unmodifiableSet(EnumSet.copyOf(b.sources));
    }

    /**
     * Every default: no idle limit, both sources, no hit limit.
     *
     * @return the default options (one shared instance)
     */
    public static SearchOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A new builder with every default.
     *
     * @return a builder, not shared with any other caller
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The idle limit positions are given with, if any; see {@link Builder#idleLimit}.
     *
     * @return the idle limit, or empty for none (the default)
     */
    public Optional<Duration> idleLimit() {
        return Optional.ofNullable(idleLimit);
    }

    /**
     * The most hits told; see {@link Builder#maxHits}.
     *
     * @return the hit limit, {@link Long#MAX_VALUE} for none (the default)
     */
    public long maxHits() {
        return maxHits;
    }

    /**
     * The sources searched; see {@link Builder#sources}.
     *
     * @return an unmodifiable, non-empty set (default both)
     */
    public Set<SearchHit.Source> sources() {
        return sources;
    }

    /** Builds {@link SearchOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration idleLimit;
        private long maxHits = Long.MAX_VALUE;
        private Set<SearchHit.Source> sources = EnumSet.allOf(SearchHit.Source.class);

        private Builder() {
        }

        /**
         * Gives positions with every gap longer than {@code limit} shortened to it, exactly as a
         * {@link io.github.sessionbridge.core.playback.SessionPlayer} with the same
         * {@link io.github.sessionbridge.core.PlaybackOptions.Builder#idleLimit idle limit} plays
         * (whole milliseconds, at least 1 ms; every record, screen frames included, counts), so a hit's
         * position is where that player seeks to show it. Default: none, positions as recorded.
         *
         * @param limit the longest gap kept; positive
         * @return this builder
         * @throws IllegalArgumentException unless {@code limit} is positive
         * @throws NullPointerException     if {@code limit} is {@code null}
         */
        public Builder idleLimit(Duration limit) {
            this.idleLimit = Durations.positive("the idle limit", limit);
            return this;
        }

        /**
         * Stops the search after {@code max} hits (default: no limit).
         *
         * @param max the most hits to tell; at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code max} is below 1
         */
        public Builder maxHits(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxHits must be at least 1, was " + max);
            }
            this.maxHits = max;
            return this;
        }

        /**
         * Searches only these sources (default: both the terminal output and the input events). Input events are
         * not read when only the output is searched, and the other way round.
         *
         * @param first the first source to search; not {@code null}
         * @param more  further sources; none {@code null}
         * @return this builder
         * @throws NullPointerException if a source is {@code null}
         */
        public Builder sources(SearchHit.Source first, SearchHit.Source... more) {
            EnumSet<SearchHit.Source> s = EnumSet.of(Objects.requireNonNull(first, "first"));
            for (SearchHit.Source m : more) {
                s.add(Objects.requireNonNull(m, "source"));
            }
            this.sources = s;
            return this;
        }

        /**
         * The options. The builder can be used again afterwards.
         *
         * @return immutable options with the values set so far
         */
        public SearchOptions build() {
            return new SearchOptions(this);
        }
    }
}
