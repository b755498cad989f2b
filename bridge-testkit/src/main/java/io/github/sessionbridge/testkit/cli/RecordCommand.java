package io.github.sessionbridge.testkit.cli;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code record --host H --port P --sid SID --out FILE [--udp] [--connect-timeout MS]}: monitors a
 * session and saves it as a recording file (protocol §5). Exit status from the notice, as {@code play}.
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
        RecordingWriter writer;
        try {
            writer = RecordingWriter.create(options.out());
        } catch (IOException e) {
            ctx.err().println("record: cannot write " + options.out() + ": " + e.getMessage());
            return ExitStatus.USAGE;
        }
        CompletableFuture<Notice> ended = new CompletableFuture<>();
        ClientSink sink = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                try {
                    writer.write(record);
                    writer.flush(); // a crash loses at most the record being written
                    return DONE;
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public void end(Notice notice) {
                ended.complete(notice);
            }
        };
        try (SessionBridge bridge = t.openBridge(options.connectTimeoutMillis())) {
            var b = bridge.monitor(Target.caller(name()), Target.OPS_TYPE, t.sessionId(), sink);
            b.ended().toCompletableFuture().join();
        }
        Notice notice = ended.getNow(null);
        try (writer) {
            if (notice != null && notice.reason() == EndReason.END) {
                writer.write(Control.END);
            } else if (notice != null && notice.reason() == EndReason.REFUSED) {
                writer.write(Control.REFUSED);
            }
        } catch (IOException e) {
            ctx.err().println("record: writing " + options.out() + " failed: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        if (notice == null) {
            ctx.err().println("record: writing " + options.out() + " failed; the recording is incomplete");
            return ExitStatus.FAILED;
        }
        ctx.err().println("recorded " + writer.unitsWritten() + " units (" + writer.bytesWritten() + " bytes) to "
                + options.out() + "; session ended: " + notice.reason());
        return ExitStatus.of(notice.reason());
    }
}
