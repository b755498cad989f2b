package io.github.sessionbridge.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line tools of {@code bridge-cli.jar} (tools.md):
 * {@code java -jar bridge-cli.jar <command> [options]}.
 *
 * <p>Exit statuses ({@link ExitStatus}): 0 the session ended with END, a kick succeeded, a replay
 * finished, find found something; 2 REFUSED; 3 find found nothing; 1 any other (code-5) ending, and for find an
 * unreadable or broken file; 64 a usage error (unknown command or option, a
 * missing value, an invalid session id, an unreadable file), told as one line on stderr.
 */
public final class Main {

    /** The program's name in messages and help. */
    static final String PROGRAM = "bridge-cli";

    private static final Map<String, Command<?>> COMMANDS = new LinkedHashMap<>();

    static {
        for (Command<?> c : List.of(new DemoCommand(), new FakeServerCommand(), new PlayCommand(), new KickCommand(),
                new RecordCommand(), new ReplayCommand(), new FindCommand(), new SampleCommand(), new VerifyCommand())) {
            COMMANDS.put(c.name(), c);
        }
    }

    private Main() {
    }

    /** Runs the tools on the process's own streams and exits with the command's status. */
    public static void main(String[] args) {
        // the tools speak for themselves on stdout/stderr; the library's own logging stays at WARN unless asked
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 64 * 1024), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        // a terminal on both ends: replay reacts to keys (space, +, -, arrows, q)
        int status = run(args, new CliContext(System.in, out, err, ReplayClock.system(), System.console() != null));
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs one command on these streams, with the real clock.
     *
     * @return the exit status
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, CliContext.of(in, out, err));
    }

    /**
     * Runs one command in {@code ctx} (tests give a fake clock); both output streams are flushed before
     * it returns, neither is closed.
     *
     * @return the exit status
     */
    public static int run(String[] args, CliContext ctx) {
        String name = args.length == 0 ? null : args[0];
        Command<?> command = name == null ? null : COMMANDS.get(name);
        try {
            if (name == null) {
                throw new UsageException("missing command (try '" + PROGRAM + " --help')");
            }
            if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
                return help(args, ctx);
            }
            if (command == null) {
                throw new UsageException((name.startsWith("-") ? "unknown option " : "unknown command ") + ArgParser.quote(name)
                        + " (commands: " + String.join(", ", COMMANDS.keySet()) + ")");
            }
            return command.run(Arrays.asList(args).subList(1, args.length), ctx);
        } catch (UsageException e) {
            String hint = command == null || e.getMessage().contains("--help") ? ""
                    : " (see '" + PROGRAM + " " + command.name() + " --help')";
            ctx.err().println(prefix(command) + oneLine(e.getMessage()) + hint);
            return ExitStatus.USAGE;
        } catch (IOException e) {
            ctx.err().println(prefix(command) + oneLine(String.valueOf(e.getMessage())));
            return ExitStatus.FAILED;
        } catch (RuntimeException e) {
            ctx.err().println(prefix(command) + "internal error: " + oneLine(String.valueOf(e.getMessage())));
            e.printStackTrace(ctx.err());
            return ExitStatus.FAILED;
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    private static int help(String[] args, CliContext ctx) throws UsageException {
        if (args.length > 2) {
            throw new UsageException("unexpected argument " + ArgParser.quote(args[2]));
        }
        if (args.length == 2) {
            Command<?> c = COMMANDS.get(args[1]);
            if (c == null) {
                throw new UsageException("unknown command " + ArgParser.quote(args[1])
                        + " (commands: " + String.join(", ", COMMANDS.keySet()) + ")");
            }
            ctx.out().print(c.help());
            return ExitStatus.OK;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("usage: ").append(PROGRAM).append(" <command> [options]\n");
        sb.append("       ").append(PROGRAM).append(" <command> --help\n\n");
        sb.append("The session-bridge test kit's tools: a fake C server, a player, a recorder and a search.\n\n");
        sb.append("commands:\n");
        int width = COMMANDS.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Command<?> c : COMMANDS.values()) {
            sb.append("  ").append(c.name()).append(" ".repeat(width - c.name().length() + 2)).append(c.summary()).append('\n');
        }
        sb.append("""

                exit status:
                  0   the session ended with END ('3'), a kick succeeded, a replay finished
                  2   REFUSED ('5')
                  3   find found nothing
                  1   any code-5 ending: closed, truncated, I/O error, protocol error, connect failure, timeout
                  64  usage error: unknown command or option, invalid SID, unreadable file (one line on stderr)
                """);
        ctx.out().print(sb);
        return ExitStatus.OK;
    }

    private static String prefix(Command<?> command) {
        return PROGRAM + (command == null ? "" : " " + command.name()) + ": ";
    }

    /** {@code text} made one line: every control character (line breaks included) becomes a space. */
    static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return sb.toString();
    }
}
