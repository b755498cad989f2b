package io.github.sessionbridge.testkit.cli;

import java.nio.file.Path;

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
        // TODO(lead): monitor options.target() with a sink that writes each record to a RecordingWriter on
        //  options.out(), ending it with the control byte for END/REFUSED; return ExitStatus.of(reason).
        throw new UnsupportedOperationException("not implemented yet");
    }
}
