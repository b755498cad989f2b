package io.github.sessionbridge.core.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.PlaybackOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A seek in a recording that holds no record (only the magic, perhaps a control byte) ends the playback
 * with the recording's own ending: the seek index has no checkpoint then, and a seek must start at the first
 * unit, not at offset 0 (the magic, which would read as a unit of unknown type: PROTOCOL_ERROR).
 */
@Timeout(30)
class EmptyRecordingSeekTest {

    @TempDir
    Path dir;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final CapturingSink sink = new CapturingSink(scheduler::nanoTime);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'', END", "3, END", "5, REFUSED"})
    void aSeekBeforePlayingEndsWithTheRecordingsEnding(String tail, EndReason expected) throws Exception {
        Path file = Files.write(dir.resolve("empty.rec"), ("SESSREC1" + tail).getBytes(StandardCharsets.US_ASCII));
        SessionPlayer player = SessionPlayer.play(Recording.open(file), sink,
                PlaybackOptions.builder().scheduler(scheduler).startPaused(true).build());
        scheduler.runAll(1000);
        CompletableFuture<Duration> at = player.seek(Duration.ofSeconds(5)).toCompletableFuture();
        player.resume();
        scheduler.runAll(1000);
        assertThat(at).isCompletedWithValue(Duration.ZERO);
        assertThat(player.ended().toCompletableFuture().join()).isEqualTo(expected);
        assertThat(sink.notices).singleElement().extracting(n -> n.reason()).isEqualTo(expected);
        assertThat(sink.records).isEmpty();
    }

    @Test
    void aSeekToZeroToo() throws Exception {
        Path file = Files.write(dir.resolve("empty.rec"), "SESSREC15".getBytes(StandardCharsets.US_ASCII));
        SessionPlayer player = SessionPlayer.play(Recording.open(file), sink,
                PlaybackOptions.builder().scheduler(scheduler).startPaused(true).build());
        scheduler.runAll(1000);
        player.seek(Duration.ZERO);
        player.resume();
        scheduler.runAll(1000);
        assertThat(player.ended().toCompletableFuture().join()).isEqualTo(EndReason.REFUSED);
    }
}
