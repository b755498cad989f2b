package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingResult;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code record --host H --port P --sid SID --out FILE [--udp] [--connect-timeout MS]}: monitors a
 * session and saves it as a recording file (protocol §5), with bridge-core's recorder
 * ({@link RecordingPolicy}): the file is written as the session is relayed. Exit status from the notice,
 * as {@code play}; 1 if the recording could not be written whole.
 */
final class RecordCommand extends Command<RecordCommand.Options> {

    /**
     * The parsed options.
     *
     * @param target               the C server and session
     * @param out                  the recording file to create or replace (its directory exists)
     * @param connectTimeoutMillis the connect timeout
     */
    record Options(Target target, Path out, int connectTimeoutMillis) {
    }

    @Override
    String name() {
        return "record";
    }

    @Override
    String summary() {
        return "monitor a session and save it as a recording file";
    }

    @Override
    String synopsis() {
        return "record --host H --port P --sid SID --out FILE [--udp] [--connect-timeout MS]";
    }

    @Override
    String description() {
        return """
                Monitors session SID and saves it as a recording file (SESSREC1 + the units as the C
                server sent them), which replay and fake-server --recording can play back.
                Exit status: 0 the session ended with END, 2 REFUSED, 1 any other ending, 64 usage error.""";
    }

    @Override
    ArgParser parser() {
        return Target.declare(new ArgParser())
                .option("--out", "FILE", "the recording file to write (required)")
                .option("--connect-timeout", "MS", "connect timeout in milliseconds (default 5000)");
    }

    @Override
    Options options(ArgParser.Parsed p) throws UsageException {
        p.expectPositionals();
        Target target = Target.of(p);
        Path out = ArgParser.writableFile("--out", p.required("--out"));
        return new Options(target, out, Target.connectTimeoutMillis(p));
    }

    @Override
    int execute(Options options, CliContext ctx) {
        Target t = options.target();
        try {
            // writable? the recorder rewrites it from the start
            FileChannel.open(options.out(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING).close();
        } catch (IOException e) {
            ctx.err().println("record: cannot write " + options.out() + ": " + e.getMessage());
            return ExitStatus.USAGE;
        }
        CompletableFuture<RecordingResult> recorded = new CompletableFuture<>();
        RecordingPolicy policy = new RecordingPolicy() {
            @Override
            public Optional<RecordingTarget> target(Bridge bridge) {
                // --out names the file to write, replaced if it exists (checked writable above): not a
                // RecordingTarget.file, which never replaces a file
                return Optional.of(new RecordingTarget() {
                    @Override
                    public WritableByteChannel open() throws IOException {
                        return FileChannel.open(options.out(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    }

                    @Override
                    public String toString() {
                        return options.out().toString();
                    }
                });
            }

            @Override
            public void finished(Bridge bridge, RecordingResult result) {
                recorded.complete(result);
            }
        };
        CompletableFuture<Notice> ended = new CompletableFuture<>();
        ClientSink sink = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                return DONE; // the recorder writes it
            }

            @Override
            public void end(Notice notice) {
                ended.complete(notice);
            }
        };
        try (SessionBridge bridge = t.openBridge(options.connectTimeoutMillis(), policy)) {
            var b = bridge.monitor(Target.caller(name()), Target.OPS_TYPE, t.sessionId(), sink);
            b.ended().toCompletableFuture().join();
        } // closing waits for the recorder to finish writing
        Notice notice = ended.getNow(null);
        RecordingResult result;
        try {
            result = recorded.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = null;
        } catch (ExecutionException | TimeoutException e) {
            result = null;
        }
        if (result == null || !result.complete()) {
            ctx.err().println("record: writing " + options.out() + " failed"
                    + (result == null ? "" : ": " + result.error().orElse("")) + "; the recording is incomplete");
            return ExitStatus.FAILED;
        }
        if (notice == null) {
            ctx.err().println("record: the session ended without a notice; the recording is incomplete");
            return ExitStatus.FAILED;
        }
        ctx.err().println("recorded " + result.units() + " units (" + result.bytes() + " bytes) to "
                + options.out() + "; session ended: " + notice.reason());
        return ExitStatus.of(notice.reason());
    }
}
