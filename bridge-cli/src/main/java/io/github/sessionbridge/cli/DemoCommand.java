package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.Pacing;
import io.github.sessionbridge.testkit.internal.SampleSession;
import java.io.IOException;
import java.util.List;

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
        List<Unit> records = SampleSession.units().stream().filter(u -> !(u instanceof Control)).toList();
        try (FakeCServer server = FakeCServer.builder().name("demo-c-server").ops("SSH")
                        .pacing(Pacing.realtime(options.speed())).start();
             SessionBridge bridge = SessionBridge.create(server.bridgeConfig().build())) {
            server.session(SampleSession.SESSION_ID).sendsAll(records).then(Ending.END);
            ctx.err().println("demo: a fake C server on " + server.address("SSH") + " serves session "
                    + SampleSession.SESSION_ID + "; SessionBridge relays it over TCP at " + options.speed() + "x");
            ctx.err().flush();
            FormatterSink sink = new FormatterSink(new TerminalFormatter(ctx.out(), ctx.err()));
            bridge.monitor(Target.caller(name()), "SSH", SampleSession.SESSION_ID, sink);
            Notice notice = sink.notice().join();
            ctx.out().flush();
            return ExitStatus.of(notice.reason());
        } catch (IOException e) {
            ctx.err().println("demo: cannot start the fake C server: " + e.getMessage());
            return ExitStatus.FAILED;
        }
    }
}
