package io.github.sessionbridge.cli;

import java.io.IOException;
import java.util.List;

/**
 * One command of the tools: its help, its strict option parsing into an options value, and its body.
 * Parsing validates everything that can be checked without the network (session ids, ports, files),
 * so a usage error never opens a connection.
 *
 * @param <O> the command's parsed options
 */
abstract class Command<O> {

    /** The command's name on the command line. */
    abstract String name();

    /** What it does, in one line, for the list of commands. */
    abstract String summary();

    /** Its arguments, as in {@code replay FILE [--speed X]}, after the program name. */
    abstract String synopsis();

    /** What it does, in a paragraph or two (lines of at most 100 characters). */
    abstract String description();

    /** The options it takes. */
    abstract ArgParser parser();

    /** Validates the parsed arguments into options. */
    abstract O options(ArgParser.Parsed parsed) throws UsageException;

    /** Runs the command; returns the exit status. */
    abstract int execute(O options, CliContext ctx) throws UsageException, IOException;

    /** Parses {@code args} and runs the command, or prints its help for {@code --help}. */
    final int run(List<String> args, CliContext ctx) throws UsageException, IOException {
        ArgParser.Parsed parsed = parser().parse(args);
        if (parsed.helpRequested()) {
            ctx.out().print(help());
            ctx.out().flush();
            return ExitStatus.OK;
        }
        return execute(options(parsed), ctx);
    }

    /** The full help text. */
    final String help() {
        return "usage: " + Main.PROGRAM + " " + synopsis() + "\n\n" + description().strip() + "\n\n" + parser().optionsHelp();
    }
}
