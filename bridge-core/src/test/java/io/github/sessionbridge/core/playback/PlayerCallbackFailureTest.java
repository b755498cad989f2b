package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.PlaybackScheduler;
import io.github.sessionbridge.core.PlaybackOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.Cancellable;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A player whose host code throws (its sink, its recording source, its scheduler) still ends, tells its
 * client once, and completes {@link SessionPlayer#ended()}; a bug is {@link EndReason#INTERNAL_ERROR}, never
 * {@link EndReason#IO_ERROR}; only a {@link VirtualMachineError} propagates, after that.
 */
@Timeout(30)
class PlayerCallbackFailureTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final ManualScheduler scheduler = new ManualScheduler();
    private final CapturingSink sink = new CapturingSink(scheduler::nanoTime);

    private Path file(Unit... units) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("SESSREC1".getBytes(StandardCharsets.US_ASCII));
        for (Unit u : units) {
            b.writeBytes(UnitEncoder.encode(u));
        }
        return Files.write(Files.createTempFile(dir, "r", ".rec"), b.toByteArray());
    }

    private static EndReason ended(SessionPlayer p) throws Exception {
        return p.ended().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void a_recording_source_that_throws_a_runtime_exception_ends_with_INTERNAL_ERROR_not_IO_ERROR() throws Exception {
        RecordingSource file = RecordingSource.file(file(TerminalData.ofText(T0, "a"), Control.END));
        AtomicInteger opens = new AtomicInteger();
        Recording r = Recording.of(position -> {
            if (opens.incrementAndGet() > 1) {
                throw new IllegalStateException("host bug in openAt");
            }
            return file.openAt(position);
        }, "broken");
        SessionPlayer p = SessionPlayer.play(r, sink, PlaybackOptions.builder().scheduler(scheduler).build());
        scheduler.runAll(1000);
        assertThat(ended(p)).isEqualTo(EndReason.INTERNAL_ERROR);
        assertThat(sink.notices).singleElement().satisfies(n -> {
            assertThat(n.reason()).isEqualTo(EndReason.INTERNAL_ERROR);
            assertThat(n.code()).isEqualTo(5);
        });
    }

    @Test
    void a_scheduler_that_throws_an_Error_ends_the_player_instead_of_stranding_it() throws Exception {
        Recording r = Recording.open(file(TerminalData.ofText(T0, "a"), Control.END));
        PlaybackScheduler throwing = new PlaybackScheduler() {
            @Override
            public long nanoTime() {
                return scheduler.nanoTime();
            }

            @Override
            public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
                throw new AssertionError("host bug in schedule");
            }
        };
        SessionPlayer p = SessionPlayer.play(r, sink, PlaybackOptions.builder().scheduler(throwing).build());
        assertThat(ended(p)).isEqualTo(EndReason.INTERNAL_ERROR);
        assertThat(sink.notices).singleElement().satisfies(n -> assertThat(n.reason()).isEqualTo(EndReason.INTERNAL_ERROR));
        assertThat(p.isOpen()).isFalse();
        // later calls neither throw nor hang
        p.pause();
        assertThat(p.duration().toCompletableFuture().get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void a_sink_whose_end_throws_a_virtual_machine_error_still_completes_the_player_then_the_error_propagates() throws Exception {
        Recording r = Recording.open(file(TerminalData.ofText(T0, "a"), Control.END));
        ClientSinkThrowingOnEnd s = new ClientSinkThrowingOnEnd();
        SessionPlayer p = SessionPlayer.play(r, s, PlaybackOptions.builder().scheduler(scheduler).build());
        assertThatThrownBy(() -> scheduler.runAll(1000)).isInstanceOf(OutOfMemoryError.class);
        assertThat(ended(p)).isEqualTo(EndReason.END);
        assertThat(s.ends).hasValue(1);
        // the player's queue still runs: a later request is answered
        var d = p.duration().toCompletableFuture();
        scheduler.runAll(1000);
        assertThat(d.get(5, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void a_sink_whose_send_throws_an_Error_ends_the_player_as_CLIENT_GONE() throws Exception {
        Recording r = Recording.open(file(TerminalData.ofText(T0, "a"), TerminalData.ofText(T0 + 10, "b"), Control.END));
        java.util.List<Notice> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.github.sessionbridge.core.ClientSink throwing = new io.github.sessionbridge.core.ClientSink() {
            @Override
            public java.util.concurrent.CompletionStage<Void> send(io.github.sessionbridge.protocol.SessionRecord record) {
                throw new AssertionError("host bug in send");
            }

            @Override
            public void end(Notice notice) {
                notices.add(notice);
            }
        };
        SessionPlayer p = SessionPlayer.play(r, throwing, PlaybackOptions.builder().scheduler(scheduler).build());
        scheduler.runAll(1000);
        assertThat(ended(p)).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(notices).isEmpty();
    }

    private static final class ClientSinkThrowingOnEnd implements io.github.sessionbridge.core.ClientSink {
        final AtomicInteger ends = new AtomicInteger();

        @Override
        public java.util.concurrent.CompletionStage<Void> send(io.github.sessionbridge.protocol.SessionRecord record) {
            return DONE;
        }

        @Override
        public void end(Notice notice) {
            ends.incrementAndGet();
            throw new OutOfMemoryError("simulated");
        }
    }
}
