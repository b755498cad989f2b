package io.github.sessionbridge.cli;

import io.github.sessionbridge.testkit.internal.SampleSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code sample --out FILE [--graphical]}: writes the bundled sample recording ({@link SampleSession})
 * to a file ({@code -} for standard output), so it can be reviewed, replayed or served.
 */
final class SampleCommand extends Command<SampleCommand.Options> {

    /**
     * The parsed options.
     *
     * @param out       the file to write, or {@code null} for standard output
     * @param graphical whether to write the graphical sample instead of the SSH one
     */
    record Options(Path out, boolean graphical) {
    }

    @Override
    String name() {
        return "sample";
    }

    @Override
    String summary() {
        return "write the bundled sample recording to a file";
    }

    @Override
    String synopsis() {
        return "sample --out FILE [--graphical]";
    }

    @Override
    String description() {
        return """
                Writes the bundled sample recording (generated from code, the same bytes every time) to
                FILE, or to standard output for '-': by default the SSH session that demo plays (about
                45 seconds, colours, Chinese text, input events); with --graphical a tiny session of
                screen frames (small PNG images).""";
    }

    @Override
    ArgParser parser() {
        return new ArgParser()
                .option("--out", "FILE", "where to write it, '-' for standard output (required)")
                .flag("--graphical", "write the graphical sample instead");
    }

    @Override
    Options options(ArgParser.Parsed p) throws UsageException {
        p.expectPositionals();
        String out = p.required("--out");
        return new Options(out.equals("-") ? null : ArgParser.writableFile("--out", out), p.has("--graphical"));
    }

    @Override
    int execute(Options options, CliContext ctx) throws IOException {
        byte[] bytes = options.graphical() ? SampleSession.graphicalBytes() : SampleSession.bytes();
        if (options.out() == null) {
            OutputStream out = ctx.out();
            out.write(bytes);
            out.flush();
            return ctx.out().checkError() ? ExitStatus.FAILED : ExitStatus.OK;
        }
        Files.write(options.out(), bytes);
        return ExitStatus.OK;
    }
}
