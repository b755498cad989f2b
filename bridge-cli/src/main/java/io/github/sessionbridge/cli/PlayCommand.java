package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;

/**
 * {@code play --host H --port P --sid SID [--udp] [--format terminal|jsonl|asciicast|text] [--connect-timeout MS]}:
 * monitors a session on a real or fake C server through {@code SessionBridge} and writes it to standard
 * output in the chosen format. Exit status from the notice: END 0, REFUSED 2, anything else 1.
 */
final class PlayCommand extends Command<PlayCommand.Options> {

    /**
     * The parsed options.
     *
     * @param target               the C server and session
     * @param format               the output format
     * @param connectTimeoutMillis the connect timeout
     * @param width                asciicast terminal width
     * @param height               asciicast terminal height
     */
    record Options(Target target, OutputFormat format, int connectTimeoutMillis, int width, int height) {
    }

    @Override
    String name() {
        return "play";
    }

    @Override
    String summary() {
        return "monitor a live session through SessionBridge and write it to stdout";
    }

    @Override
    String synopsis() {
        return "play --host H --port P --sid SID [--udp] [--format terminal|jsonl|asciicast|text] [--connect-timeout MS]";
    }

    @Override
    String description() {
        return """
                Monitors session SID on a real (or fake) C server through SessionBridge and writes it to
                standard output in the chosen format (default terminal: terminal data as raw bytes, so the
                session shows as the operator saw it).
                Exit status: 0 the session ended with END, 2 REFUSED, 1 any other ending
                (closed, truncated, I/O or protocol error, connect failure), 64 usage error.""";
    }

    @Override
    ArgParser parser() {
        return Target.declare(new ArgParser())
                .option("--format", "FORMAT", "terminal (default), jsonl, asciicast or text")
                .option("--connect-timeout", "MS", "connect timeout in milliseconds (default 5000)")
                .option("--width", "W", "asciicast terminal width (default 80)")
                .option("--height", "H", "asciicast terminal height (default 24)");
    }

    @Override
    Options options(ArgParser.Parsed p) throws UsageException {
        p.expectPositionals();
        Target target = Target.of(p);
        OutputFormat format = ReplayCommand.parseFormat(p);
        int[] size = ReplayCommand.asciicastSize(p, format);
        return new Options(target, format, Target.connectTimeoutMillis(p), size[0], size[1]);
    }

    @Override
    int execute(Options options, CliContext ctx) {
        Target t = options.target();
        try (SessionBridge bridge = t.openBridge(options.connectTimeoutMillis())) {
            FormatterSink sink = new FormatterSink(
                    options.format().create(ctx.out(), ctx.err(), options.width(), options.height(), 0));
            bridge.monitor(Target.caller(name()), Target.OPS_TYPE, t.sessionId(), sink);
            Notice notice = sink.notice().join();
            ctx.out().flush();
            return ExitStatus.of(notice.reason());
        }
    }
}
