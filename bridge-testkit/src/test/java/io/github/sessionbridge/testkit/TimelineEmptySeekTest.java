package io.github.sessionbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.Timeline;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A timeline started paused over a stream that ends before its first record (REFUSED, an unknown session,
 * END at once), then sought (as {@code play --paced --from} does): it ends with the stream's reason, not
 * PROTOCOL_ERROR (the seek index had no checkpoint, and the seek read the spool from offset 0, its magic).
 */
@ExtendWith(FakeCServerExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimelineEmptySeekTest {
    static final Caller ALICE = Caller.of("alice", "ws-1");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"refused, REFUSED", "unknown, REFUSED", "empty, END"})
    void aSeekAfterAnEmptyStreamEndedEndsWithItsReason(String sid, EndReason expected, FakeCServer c) throws Exception {
        c.session("refused").then(Ending.REFUSE);
        c.session("empty").then(Ending.END);
        try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
            RecordingClientSink browser = new RecordingClientSink();
            Timeline t = bridges.play(ALICE, "SSH", sid, browser, PlaybackOptions.builder().startPaused(true).build());
            assertThat(t.duration().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(Duration.ZERO);
            t.seek(Duration.ofSeconds(5));
            t.resume();
            assertThat(t.ended().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(expected);
            assertThat(browser.notice()).get().extracting(n -> n.reason()).isEqualTo(expected);
            assertThat(browser.records()).isEmpty();
        }
    }
}
