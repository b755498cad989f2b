package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import io.github.sessionbridge.core.recording.RecordingRetention;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention deletes old recordings and their manifests, never one being written or played. */
class RetentionTest {
    @TempDir
    Path dir;

    Path recording(String name, int daysOld) throws Exception {
        Path f = dir.resolve(name);
        try (RecordingWriter w = RecordingWriter.create(f)) {
            for (int i = 0; i < 100; i++) {
                w.write(TerminalData.ofText(1_700_000_000_000L + i * 1000L, "line " + i + "\r\n"));
            }
        }
        Path m = Files.writeString(f.resolveSibling(name + ".manifest"), "session-bridge-manifest 1\n");
        age(f, daysOld);
        age(m, daysOld);
        return f;
    }

    static void age(Path f, int days) throws Exception {
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofDays(days))));
    }

    @Test
    void oldRecordingsGoWithTheirManifestsButNotOnesInUse() throws Exception {
        Path old = recording("old.rec", 40);
        Path recent = recording("recent.rec", 5);
        Path played = recording("played.rec", 40);
        Path orphan = Files.writeString(dir.resolve("gone.rec.manifest"), "x");
        age(orphan, 40);
        Path other = Files.writeString(dir.resolve("notes.txt"), "x");
        age(other, 400);
        // one old recording still being written (its file target is open), one being played (paused)
        WritableByteChannel writing = RecordingTarget.file(dir.resolve("writing.rec")).open();
        age(dir.resolve("writing.rec"), 40);
        SessionPlayer player = SessionPlayer.play(Recording.open(played), new TestSink(),
                PlaybackOptions.builder().startPaused(true).build());
        Thread.sleep(200); // the player opens its channel on its task queue
        RecordingRetention.Result r = RecordingRetention.deleteOlderThan(dir, Duration.ofDays(30));
        assertThat(r.deleted()).containsExactlyInAnyOrder(old, old.resolveSibling("old.rec.manifest"), orphan);
        assertThat(r.inUse()).containsExactlyInAnyOrder(played, dir.resolve("writing.rec"));
        assertThat(r.failed()).isEmpty();
        assertThat(recent).exists();
        assertThat(other).exists();
        player.close();
        writing.close();
        player.ended().toCompletableFuture().get();
        RecordingRetention.Result again = RecordingRetention.deleteOlderThan(dir, Duration.ofDays(30));
        assertThat(again.deleted()).contains(played, dir.resolve("writing.rec"));
        assertThat(recent).exists();
        assertThatThrownBy(() -> RecordingRetention.deleteOlderThan(dir, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
