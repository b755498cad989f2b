package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.SessionBridge;

/**
 * {@code kick --host H --port P --sid SID [--udp]}: kicks a session off and prints the outcome.
 * Exit status: kicked 0, refused 2, failed 1.
 */
final class KickCommand extends Command<KickCommand.Options> {

    /**
     * The parsed options.
     *
     * @param target the C server and session
     */
    record Options(Target target) {
    }

    @Override
    String name() {
        return "kick";
    }

    @Override
    String summary() {
        return "kick a session off and print the outcome";
    }

    @Override
    String synopsis() {
        return "kick --host H --port P --sid SID [--udp]";
    }

    @Override
    String description() {
        return """
                Asks the C server to terminate session SID and prints the outcome.
                Exit status: 0 kicked, 2 REFUSED, 1 failed (connect failure, timeout, ...), 64 usage error.""";
    }

    @Override
    ArgParser parser() {
        return Target.declare(new ArgParser());
    }

    @Override
    Options options(ArgParser.Parsed p) throws UsageException {
        p.expectPositionals();
        return new Options(Target.of(p));
    }

    @Override
    int execute(Options options, CliContext ctx) {
        Target t = options.target();
        try (SessionBridge bridge = t.openBridge(5000)) {
            KickOutcome outcome = bridge.kick(Target.caller(name()), Target.OPS_TYPE, t.sessionId()).toCompletableFuture().join();
            switch (outcome.status()) {
                case KICKED -> ctx.out().println("kicked " + t.sessionId());
                case REFUSED -> ctx.out().println("refused: the C server will not terminate " + t.sessionId());
                case FAILED -> ctx.out().println("failed: " + outcome.reason() + " (" + outcome.detail() + ")");
            }
            ctx.out().flush();
            return ExitStatus.of(outcome);
        }
    }
}
