package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Run in a JVM with a heap smaller than a record's claimed length ({@code -Xmx12m}) by
 * {@link ClaimedLengthTest}: exports and plays, from the file and from a stream, a recording whose record
 * claims far more bytes than the file has, and prints one line per path with how it ended.
 */
public final class ClaimedLengthMain {

    private ClaimedLengthMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        // asciicast export, from the file and from a stream
        System.out.println("asciicast-file " + AsciicastWriter.export(Recording.open(file), new ByteArrayOutputStream(),
                AsciicastWriter.options().build()).ending());
        try (InputStream in = Files.newInputStream(file)) {
            System.out.println("asciicast-stream " + AsciicastWriter.export(Recording.ofStream(in, "stdin"),
                    new ByteArrayOutputStream(), AsciicastWriter.options().build()).ending());
        }
        // playing (what the CLI's jsonl and terminal replays do), from the file and from a stream
        System.out.println("play-file " + play(Recording.open(file)));
        try (InputStream in = Files.newInputStream(file)) {
            System.out.println("play-stream " + play(Recording.ofStream(in, "stdin")));
        }
        System.out.println("DONE");
    }

    private static String play(Recording rec) {
        ManualScheduler scheduler = new ManualScheduler();
        CompletableFuture<Notice> notice = new CompletableFuture<>();
        ClientSink sink = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                return DONE;
            }

            @Override
            public void end(Notice n) {
                notice.complete(n);
            }
        };
        SessionPlayer player = SessionPlayer.play(rec, sink, PlaybackOptions.builder().scheduler(scheduler).speed(16).build());
        scheduler.runAll(100_000);
        return player.ended().toCompletableFuture().getNow(null) + " notice=" + notice.getNow(null);
    }
}
