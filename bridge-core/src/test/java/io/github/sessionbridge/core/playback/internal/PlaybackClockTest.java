package io.github.sessionbridge.core.playback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The playback clock alone, on a wall clock the test moves. */
class PlaybackClockTest {
    private static final long MS = 1_000_000L;

    private long wall = 5_000 * MS;
    private final PlaybackClock clock = new PlaybackClock(() -> wall, 1, false);

    private void advance(long millis) {
        wall += millis * MS;
    }

    @Test
    void itRunsAtItsSpeedFromTheStartAndTellsWhenARecordIsDue() {
        clock.start();
        advance(1_500);
        assertThat(clock.now()).isEqualTo(1_500);
        assertThat(clock.due(2_000)).isEqualTo(wall + 500 * MS);
        PlaybackClock fast = new PlaybackClock(() -> wall, 4, false);
        fast.start();
        long start = wall;
        advance(250);
        assertThat(fast.now()).isEqualTo(1_000);
        assertThat(fast.due(2_000)).isEqualTo(start + 500 * MS);
    }

    @Test
    void aSpeedChangeKeepsThePositionAndChangesThePaceFromThen() {
        clock.start();
        advance(2_000);
        clock.speed(4);
        assertThat(clock.now()).isEqualTo(2_000);
        advance(250);
        assertThat(clock.now()).isEqualTo(3_000);
        clock.speed(0.5);
        advance(2_000);
        assertThat(clock.now()).isEqualTo(4_000);
        assertThat(clock.due(5_000)).isEqualTo(wall + 2_000 * MS);
    }

    @Test
    void pausedItStandsStillAndResumesWhereItStopped() {
        clock.start();
        advance(1_500);
        clock.paused(true);
        assertThat(clock.frozen()).isTrue();
        advance(60_000);
        assertThat(clock.now()).isEqualTo(1_500);
        clock.paused(false);
        advance(500);
        assertThat(clock.now()).isEqualTo(2_000);
        PlaybackClock startsPaused = new PlaybackClock(() -> wall, 1, true);
        startsPaused.start();
        advance(10_000);
        assertThat(startsPaused.now()).isZero();
    }

    @Test
    void aStallFreezesItAtWhatWasLastSentAndDrainingRunsItFromThere() {
        clock.start();
        advance(1_000);
        clock.paused(true); // anchored at 1 000
        clock.paused(false);
        clock.stall(1_200); // the last record sent plays at 1 200: the clock stands there
        advance(30_000);
        assertThat(clock.now()).isEqualTo(1_200);
        clock.drained();
        advance(300);
        assertThat(clock.now()).isEqualTo(1_500);
        clock.stall(100); // earlier than its anchor (1 200): it stands at the anchor, as the record sent last
        assertThat(clock.now()).isEqualTo(1_200);
    }

    @Test
    void theCapLimitsWhatItTellsButNotWhenRecordsAreDue() {
        clock.start();
        clock.cap(1_000);
        advance(3_000);
        assertThat(clock.now()).isEqualTo(1_000);
        // the anchor did not move: a record at 2 500 arriving now is already due
        assertThat(clock.due(2_500)).isLessThan(wall);
        clock.cap(Long.MAX_VALUE);
        assertThat(clock.now()).isEqualTo(3_000);
    }

    @Test
    void aSeekHoldsItAtTheTargetUntilDoneThenItRunsFromWhereTheSeekLanded() {
        clock.start();
        advance(1_000);
        clock.seeking(40_000);
        advance(5_000);
        assertThat(clock.now()).isEqualTo(40_000);
        clock.seeked(39_000);
        advance(100);
        assertThat(clock.now()).isEqualTo(39_100);
        clock.paused(true);
        clock.seeking(10);
        clock.seeked(10);
        advance(100);
        assertThat(clock.now()).as("a seek while paused stays paused").isEqualTo(10);
    }

    @Test
    void finishedItStandsWhereItEndedForGood() {
        clock.start();
        advance(700);
        clock.finish(650);
        clock.paused(false);
        advance(1_000);
        assertThat(clock.now()).isEqualTo(650);
    }

    @Test
    void otherThreadsReadTheStateLastPublished() {
        assertThat(clock.position(wall)).as("before the start").isZero();
        clock.start();
        clock.publish();
        advance(1_000);
        assertThat(clock.position(wall)).isEqualTo(1_000);
        clock.paused(true); // not published yet
        advance(1_000);
        assertThat(clock.position(wall)).isEqualTo(2_000);
        clock.publish(); // paused at 1 000
        advance(1_000);
        assertThat(clock.position(wall)).isEqualTo(1_000);
        clock.paused(false);
        clock.cap(2_500);
        clock.publish();
        advance(5_000);
        assertThat(clock.position(wall)).isEqualTo(2_500);
        assertThat(clock.published().speed()).isEqualTo(1);
    }
}
