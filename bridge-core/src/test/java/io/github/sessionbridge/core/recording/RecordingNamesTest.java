package io.github.sessionbridge.core.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording files never overwrite one another: two {@code SessionBridge}s (or two JVMs) numbering their
 * bridges from 1 on one directory, session ids that sanitize alike, a file already there.
 */
class RecordingNamesTest {
    static final Instant OPENED = Instant.parse("2024-03-08T17:42:00.123Z");

    @TempDir
    Path dir;

    /** What a policy sees of a bridge: the first bridge of its SessionBridge, opened at {@link #OPENED}. */
    record StubBridge(long id, String sessionId, Instant openedAt) implements Bridge {
        @Override
        public Caller caller() {
            return Caller.of("alice", "ws-1");
        }

        @Override
        public String opsType() {
            return "SSH";
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public CompletionStage<EndReason> ended() {
            return new CompletableFuture<>();
        }

        @Override
        public void close() {
        }
    }

    private static void write(RecordingTarget target, String content) throws IOException {
        try (WritableByteChannel ch = target.open()) {
            ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private List<String> contents() throws IOException {
        return files().stream().map(f -> {
            try {
                return Files.readString(f);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).sorted().toList();
    }

    @Test
    void twoInstancesRecordingTheSameSessionAtTheSameMillisecondKeepTwoFiles() throws Exception {
        // two SessionBridges (or two JVMs) on one directory: each numbers its bridges from 1
        RecordingPolicy first = RecordingPolicy.all(dir);
        RecordingPolicy second = RecordingPolicy.all(dir);
        Bridge b = new StubBridge(1, "s-42", OPENED);
        RecordingTarget t1 = first.target(b).orElseThrow();
        RecordingTarget t2 = second.target(b).orElseThrow();
        write(t1, "first");
        write(t2, "second");
        assertThat(contents()).containsExactly("first", "second");
        assertThat(t1.toString()).isNotEqualTo(t2.toString());
    }

    @Test
    void sessionIdsThatSanitizeAlikeKeepTwoFiles() throws Exception {
        Bridge colon = new StubBridge(1, "a:b", OPENED);
        Bridge underscore = new StubBridge(1, "a_b", OPENED);
        write(RecordingPolicy.all(dir).target(colon).orElseThrow(), "a:b");
        write(RecordingPolicy.all(dir).target(underscore).orElseThrow(), "a_b");
        assertThat(contents()).containsExactly("a:b", "a_b");
        assertThat(files()).allSatisfy(f -> assertThat(f.getFileName().toString()).startsWith("a_b-20240308T174200.123Z-"));
    }

    @Test
    void theSamePolicyChoosingANameAlreadyTakenPicksTheNextAndLeavesTheFileUntouched() throws Exception {
        RecordingPolicy policy = RecordingPolicy.all(dir);
        Bridge b = new StubBridge(7, "s-1", OPENED);
        RecordingTarget t1 = policy.target(b).orElseThrow();
        write(t1, "kept");
        RecordingTarget t2 = policy.target(b).orElseThrow(); // would choose t1's name
        write(t2, "new");
        assertThat(contents()).containsExactly("kept", "new");
        Path taken = Path.of(t1.toString());
        Path next = Path.of(t2.toString());
        assertThat(taken.getFileName().toString()).matches("s-1-20240308T174200\\.123Z-[a-z0-9]{8}-7\\.rec");
        assertThat(next.getFileName().toString())
                .isEqualTo(taken.getFileName().toString().replace(".rec", "-2.rec"));
        assertThat(Files.readString(taken)).isEqualTo("kept");
    }

    @Test
    void aFileTargetNeverReplacesAnExistingFile() throws Exception {
        Path file = Files.writeString(dir.resolve("s-1.rec"), "an earlier audit");
        RecordingTarget target = RecordingTarget.file(file);
        assertThatThrownBy(target::open).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("an earlier audit");
    }

    @Test
    void aUniqueFileTargetTakesTheNextFreeName() throws Exception {
        Files.writeString(dir.resolve("s-1.rec"), "one");
        Files.writeString(dir.resolve("s-1-2.rec"), "two");
        RecordingTarget target = RecordingTarget.uniqueFile(dir, "s-1.rec");
        assertThat(target.toString()).isEqualTo(dir.resolve("s-1.rec").toString()); // before it is opened
        write(target, "three");
        assertThat(target.toString()).isEqualTo(dir.resolve("s-1-3.rec").toString());
        assertThat(Files.readString(dir.resolve("s-1.rec"))).isEqualTo("one");
        assertThat(Files.readString(dir.resolve("s-1-2.rec"))).isEqualTo("two");
        assertThat(Files.readString(dir.resolve("s-1-3.rec"))).isEqualTo("three");
        RecordingTarget noExtension = RecordingTarget.uniqueFile(dir, "s-1");
        write(noExtension, "four");
        write(RecordingTarget.uniqueFile(dir, "s-1"), "five");
        assertThat(Files.readString(dir.resolve("s-1"))).isEqualTo("four");
        assertThat(Files.readString(dir.resolve("s-1-2"))).isEqualTo("five");
    }

    @Test
    void aUniqueFileNameIsAPlainFileName() {
        assertThatThrownBy(() -> RecordingTarget.uniqueFile(dir, "../x.rec")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordingTarget.uniqueFile(dir, "a/x.rec")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordingTarget.uniqueFile(dir, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordingTarget.uniqueFile(dir, "..")).isInstanceOf(IllegalArgumentException.class);
    }
}
