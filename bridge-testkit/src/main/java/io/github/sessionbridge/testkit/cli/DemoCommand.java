package io.github.sessionbridge.testkit.cli;

/**
 * {@code demo [--speed X]}: the bundled sample SSH session ({@link SampleSession}) served by an
 * in-process fake C server, bridged through {@code SessionBridge} over loopback TCP, and shown in this
 * terminal at its recorded pace.
 */
final class DemoCommand extends Command<DemoCommand.Options> {

    /**
     * The parsed options.
     *
     * @param speed the playback speed factor, above 0
     */
    record Options(double speed) {
    }

    @Override
    String name() {
        return "demo";
    }

    @Override
    String summary() {
        return "play the bundled sample SSH session through a fake C server and SessionBridge";
    }

    @Override
    String synopsis() {
        return "demo [--speed X]";
    }

    @Override
    String description() {
        return """
                Starts a fake C server in-process with the bundled sample recording (a realistic SSH
                session, with colours and Chinese text), bridges it through SessionBridge over real TCP
                on loopback, and plays it in this terminal at its recorded pace (x --speed).
                Needs nothing else running.""";
    }

    @Override
    ArgParser parser() {
        return new ArgParser().option("--speed", "X", "playback speed factor, e.g. 2 or 0.5 (default 1)");
    }

    @Override
    Options options(ArgParser.Parsed p) throws UsageException {
        p.expectPositionals();
        return new Options(p.has("--speed") ? ArgParser.positiveNumber("--speed", p.value("--speed")) : 1.0);
    }

    @Override
    int execute(Options options, CliContext ctx) {
        // TODO(lead): serve SampleSession.units() under SampleSession.SESSION_ID from a FakeCServer (realtime,
        //  paced x options.speed()), play it through SessionBridge into a TerminalFormatter on ctx.out().
        throw new UnsupportedOperationException("not implemented yet");
    }
}
