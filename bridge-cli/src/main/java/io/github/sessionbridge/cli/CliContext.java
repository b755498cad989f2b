package io.github.sessionbridge.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * What a command runs with: its standard streams and its pacing clock. {@link Main#main} gives the
 * process's own streams and the real clock; tests give captured streams and a fake clock.
 *
 * @param in    standard input (e.g. {@code replay -} reads the recording from it)
 * @param out   standard output: the session's output, in bytes (use it as an {@link java.io.OutputStream})
 * @param err   standard error: diagnostics and the one-line usage errors
 * @param clock the clock that paces replays
 * @param interactive whether standard input and output are a terminal: {@code replay} then reacts to keys
 *                    read from {@code in}
 */
public record CliContext(InputStream in, PrintStream out, PrintStream err, ReplayClock clock, boolean interactive) {

    /** @throws NullPointerException if an argument is null */
    public CliContext {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
    }

    /** A context that is not interactive. */
    public CliContext(InputStream in, PrintStream out, PrintStream err, ReplayClock clock) {
        this(in, out, err, clock, false);
    }

    /** A context on these streams with the real clock. */
    public static CliContext of(InputStream in, PrintStream out, PrintStream err) {
        return new CliContext(in, out, err, ReplayClock.system());
    }
}
