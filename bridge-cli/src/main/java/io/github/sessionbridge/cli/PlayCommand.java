package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.Timeline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code play --host H --port P --sid SID [--udp] [--format terminal|jsonl|asciicast|text] [--connect-timeout MS]
 * [--paced [--speed X] [--from SECONDS]]}: monitors a session on a real or fake C server through
 * {@code SessionBridge} and writes it to standard output in the chosen format; with {@code --paced}, plays it
 * through a {@link Timeline} at its recorded pace instead. Exit status from the notice: END 0, REFUSED 2,
 * anything else 1.
 */
final class PlayCommand extends Command<PlayCommand.Options> {

    /** How often a {@code --from} play looks whether the stream has reached its start. */
    static final long POLL_MILLIS = 10;

    /**
     * The parsed options.
     *
     * @param target               the C server and session
     * @param format               the output format
     * @param connectTimeoutMillis the connect timeout
     * @param width                asciicast terminal width
     * @param height               asciicast terminal height
     * @param paced                {@code --paced}: how to pace; {@code null} to write records as they arrive
     */
    record Options(Target target, OutputFormat format, int connectTimeoutMillis, int width, int height, Paced paced) {
    }

    /**
     * {@code --paced [--speed X] [--from SECONDS]}.
     *
     * @param speed      the factor applied to the recorded pace, 0.25 to 16
     * @param fromMillis where to start, in milliseconds after the first record; 0 from the start
     */
    record Paced(double speed, long fromMillis) {
    }

    @Override
    String name() {
        return "play";
    }

    @Override
    String summary() {
        return "monitor a session through SessionBridge and write it to stdout, as it comes or at its pace";
    }

    @Override
    String synopsis() {
        return "play --host H --port P --sid SID [--udp] [--format terminal|jsonl|asciicast|text] [--connect-timeout MS] "
                + "[--paced [--speed X] [--from SECONDS]]";
    }

    @Override
    String description() {
        return """
                Monitors session SID on a real (or fake) C server through SessionBridge and writes it to
                standard output in the chosen format (default terminal: terminal data as raw bytes, so the
                session shows as the operator saw it), each record as it arrives.
                With --paced it plays the session through a SessionBridge timeline instead: at its recorded
                pace (x --speed, 0.25 to 16), by the records' timestamps, whatever pace the C server sends it
                at (a recorded session sent at once, one sent at its pace, or a live one). --from SECONDS
                starts that many seconds after the first record: once the stream has reached that point (or
                ended before it), the screen as it was then is written (a terminal-data record rebuilding it,
                and any screen frames), then the rest at its pace; a session shorter than that writes its
                final screen and ends.
                Exit status: 0 the session ended with END, 2 REFUSED, 1 any other ending
                (closed, truncated, I/O or protocol error, connect failure), 64 usage error.""";
    }

    @Override
    ArgParser parser() {
        return Target.declare(new ArgParser())
                .option("--format", "FORMAT", "terminal (default), jsonl, asciicast or text")
                .option("--connect-timeout", "MS", "connect timeout in milliseconds (default 5000)")
                .option("--width", "W", "asciicast terminal width (default 80)")
                .option("--height", "H", "asciicast terminal height (default 24)")
                .flag("--paced", "write the session at its recorded pace, whatever pace it arrives at")
                .option("--speed", "X", "with --paced: speed factor, 0.25 to 16, e.g. 2 or 0.5 (default 1)")
                .option("--from", "SECONDS", "with --paced: start this many seconds after the first record (default 0)");
    }

    @Override
    Options options(ArgParser.Parsed p) throws UsageException {
        p.expectPositionals();
        Target target = Target.of(p);
        OutputFormat format = ReplayCommand.parseFormat(p);
        int[] size = ReplayCommand.asciicastSize(p, format);
        Paced paced = null;
        if (p.has("--paced")) {
            double speed = ReplayCommand.parseSpeed(p);
            long from = 0;
            if (p.has("--from")) {
                from = Math.round(ArgParser.nonNegativeNumber("--from", p.value("--from")) * 1000);
            }
            paced = new Paced(speed, from);
        } else {
            for (String o : new String[] {"--speed", "--from"}) {
                if (p.has(o)) {
                    throw new UsageException(o + " applies to --paced only");
                }
            }
        }
        return new Options(target, format, Target.connectTimeoutMillis(p), size[0], size[1], paced);
    }

    @Override
    int execute(Options options, CliContext ctx) {
        Target t = options.target();
        try (SessionBridge bridge = t.openBridge(options.connectTimeoutMillis())) {
            FormatterSink sink = new FormatterSink(
                    options.format().create(ctx.out(), ctx.err(), options.width(), options.height(), 0));
            if (options.paced() != null) {
                return paced(bridge, t, options.paced(), sink, ctx);
            }
            bridge.monitor(Target.caller(name()), Target.OPS_TYPE, t.sessionId(), sink);
            Notice notice = sink.notice().join();
            ctx.out().flush();
            return ExitStatus.of(notice.reason());
        }
    }

    /**
     * Plays through a timeline. For {@code --from} it starts paused, waits until what has been received reaches
     * the start (a seek clamps to the received edge, so seeking sooner would start early) or the stream has
     * ended (then the seek goes to its end), seeks there and resumes.
     */
    private int paced(SessionBridge bridge, Target t, Paced paced, FormatterSink sink, CliContext ctx) {
        PlaybackOptions options = PlaybackOptions.builder().speed(paced.speed()).startPaused(paced.fromMillis() > 0).build();
        Timeline timeline = bridge.play(Target.caller(name()), Target.OPS_TYPE, t.sessionId(), sink, options);
        CompletableFuture<EndReason> ended = timeline.ended().toCompletableFuture();
        try {
            if (paced.fromMillis() > 0) {
                CompletableFuture<Duration> streamEnded = timeline.duration().toCompletableFuture();
                while (timeline.received().toMillis() < paced.fromMillis() && !streamEnded.isDone() && !ended.isDone()) {
                    try {
                        streamEnded.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        // look again
                    }
                }
                timeline.seek(Duration.ofMillis(paced.fromMillis()));
                timeline.resume();
            }
            EndReason reason = ended.get();
            ctx.out().flush();
            if (reason == EndReason.CLIENT_GONE) {
                ctx.err().println(Main.PROGRAM + " play: cannot write to standard output");
                return ExitStatus.FAILED;
            }
            return ExitStatus.of(reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timeline.close();
            ctx.err().println(Main.PROGRAM + " play: interrupted");
            return ExitStatus.FAILED;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a timeline's stages never fail", e);
        }
    }
}
