package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.playback.AsciicastWriter;
import io.github.sessionbridge.core.PlaybackOptions;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.SessionPlayer;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.SessionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code replay FILE [--speed X] [--format terminal|jsonl|asciicast] [--idle-limit SECONDS]}: plays a
 * recording file offline, streaming, paced by its timestamps, through bridge-core's {@link SessionPlayer}
 * (on this thread: {@link LoopScheduler}); asciicast is written at once by its {@link AsciicastWriter}.
 * When standard input and output are a terminal, a terminal-format replay of a file reacts to keys:
 * space pauses and resumes, {@code +}/{@code -} change the speed (0.25 to 16), the left and right arrows
 * seek 5 s back and forth, {@code q} quits.
 *
 * <p>Exit status: 0 when the replay finished (the file ended with END, or at a unit boundary with no
 * control byte), 2 when it ends with REFUSED, 1 when it ends inside a unit (notice TRUNCATED) or is
 * otherwise broken past its start (PROTOCOL_ERROR, IO_ERROR), 64 when the file cannot be read or is not
 * a recording at all.
 */
final class ReplayCommand extends Command<ReplayCommand.Options> {

    /**
     * The parsed options.
     *
     * @param file            the file as given ({@code -} for standard input)
     * @param path            the file, or {@code null} for standard input
     * @param speed           playback speed factor, above 0
     * @param format          the output format
     * @param idleLimitMillis the longest pause kept, 0 for no limit
     * @param width           asciicast terminal width
     * @param height          asciicast terminal height
     */
    record Options(String file, Path path, double speed, OutputFormat format, long idleLimitMillis, int width, int height) {
    }

    @Override
    String name() {
        return "replay";
    }

    @Override
    String summary() {
        return "play a recording file offline, paced by its timestamps";
    }

    @Override
    String synopsis() {
        return "replay FILE [--speed X] [--format terminal|jsonl|asciicast] [--idle-limit SECONDS]";
    }

    @Override
    String description() {
        return """
                Plays a recording file (SESSREC1 + units; '-' reads it from standard input) offline,
                paced by its timestamps (x speed; gaps longer than the idle limit are shortened to it).
                --format asciicast writes an asciicast v2 file at once, without pacing (the idle limit
                applies to its times, the speed does not).
                In a terminal, keys control a replay of a file: space pauses and resumes, + and -
                change the speed (0.25 to 16), the left and right arrows seek 5 s back and forth, q quits.
                Exit status: 0 the replay finished (or q), 2 it ended with REFUSED, 1 the file is truncated
                or broken after its start, 64 the file cannot be read or is not a recording.""";
    }

    @Override
    ArgParser parser() {
        return new ArgParser()
                .option("--speed", "X", "playback speed factor, 0.25 to 16, e.g. 2 or 0.5 (default 1)")
                .option("--format", "FORMAT", "terminal (default), jsonl or asciicast")
                .option("--idle-limit", "SECONDS", "shorten every gap longer than this to it (default: none)")
                .option("--width", "W", "asciicast terminal width (default 80)")
                .option("--height", "H", "asciicast terminal height (default 24)");
    }

    @Override
    Options options(ArgParser.Parsed p) throws UsageException {
        p.expectPositionals("FILE");
        String file = p.positionals().get(0);
        Path path = file.equals("-") ? null : ArgParser.readableFile("FILE", file);
        double speed = p.has("--speed") ? ArgParser.positiveNumber("--speed", p.value("--speed")) : 1.0;
        if (speed < PlaybackOptions.MIN_SPEED || speed > PlaybackOptions.MAX_SPEED) {
            throw new UsageException("--speed must be within " + PlaybackOptions.MIN_SPEED + ".." + PlaybackOptions.MAX_SPEED
                    + ", was " + p.value("--speed"));
        }
        OutputFormat format = parseFormat(p);
        long idleLimit = 0;
        if (p.has("--idle-limit")) {
            idleLimit = Math.max(1, Math.round(ArgParser.positiveNumber("--idle-limit", p.value("--idle-limit")) * 1000));
        }
        int[] size = asciicastSize(p, format);
        return new Options(file, path, speed, format, idleLimit, size[0], size[1]);
    }

    /** {@code --format}, default terminal. */
    static OutputFormat parseFormat(ArgParser.Parsed p) throws UsageException {
        if (!p.has("--format")) {
            return OutputFormat.TERMINAL;
        }
        try {
            return OutputFormat.parse(p.value("--format"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + Main.oneLine(e.getMessage()));
        }
    }

    /** {@code --width} and {@code --height}, only with asciicast. */
    static int[] asciicastSize(ArgParser.Parsed p, OutputFormat format) throws UsageException {
        int[] size = {AsciicastFormatter.DEFAULT_WIDTH, AsciicastFormatter.DEFAULT_HEIGHT};
        String[] names = {"--width", "--height"};
        for (int i = 0; i < 2; i++) {
            if (p.has(names[i])) {
                if (format != OutputFormat.ASCIICAST) {
                    throw new UsageException(names[i] + " applies to --format asciicast only");
                }
                size[i] = ArgParser.intValue(names[i], p.value(names[i]), 1, 65535);
            }
        }
        return size;
    }

    /** The speeds that + and - step through. */
    static final double[] SPEEDS = {0.25, 0.5, 1, 2, 4, 8, 16};
    /** How far the arrows seek. */
    static final Duration STEP = Duration.ofSeconds(5);

    @Override
    int execute(Options o, CliContext ctx) throws UsageException, IOException {
        Recording recording = open(o, ctx);
        if (o.format() == OutputFormat.ASCIICAST) {
            AsciicastWriter.Result r = AsciicastWriter.export(recording, ctx.out(),
                    AsciicastFormatter.options(o.width(), o.height(), o.idleLimitMillis()));
            AsciicastFormatter.tellSkipped(r.skippedFrames(), ctx.err());
            return finish(o, ctx, r.ending());
        }
        OutputFormatter formatter = o.format().create(ctx.out(), ctx.err(), o.width(), o.height(), o.idleLimitMillis());
        CompletableFuture<Notice> notice = new CompletableFuture<>();
        ClientSink sink = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                try {
                    formatter.record(record);
                } catch (IOException | RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
                return ctx.out().checkError() ? CompletableFuture.failedFuture(new IOException("standard output is closed")) : DONE;
            }

            @Override
            public void end(Notice n) {
                try {
                    formatter.end(n);
                } catch (IOException e) {
                    // the output is gone; the notice is still the outcome
                }
                notice.complete(n);
            }
        };
        LoopScheduler loop = new LoopScheduler(ctx.clock());
        PlaybackOptions.Builder options = PlaybackOptions.builder().scheduler(loop).speed(o.speed());
        if (o.idleLimitMillis() > 0) {
            options.idleLimit(Duration.ofMillis(o.idleLimitMillis()));
        }
        SessionPlayer player = SessionPlayer.play(recording, sink, options.build());
        boolean keys = ctx.interactive() && o.format() == OutputFormat.TERMINAL && o.path() != null;
        boolean[] quit = {false};
        TtyMode tty = keys && System.console() != null ? TtyMode.raw() : null;
        try {
            Keys k = keys ? new Keys(ctx.in(), ctx.clock(), player, quit) : null;
            loop.run(() -> !player.isOpen(), k, TimeUnit.MILLISECONDS.toNanos(50));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            player.close();
            ctx.err().println(Main.PROGRAM + " replay: interrupted");
            return ExitStatus.FAILED;
        } finally {
            if (tty != null) {
                tty.close();
            }
        }
        EndReason reason = player.ended().toCompletableFuture().join();
        if (reason == EndReason.CLIENT_GONE) {
            if (quit[0]) {
                ctx.out().print("\u001b[0m\u001b[?25h\r\n");
                ctx.err().println("[replay stopped at " + seconds(player.position()) + " s]");
                return ExitStatus.OK;
            }
            ctx.err().println(Main.PROGRAM + " replay: cannot write to standard output");
            return ExitStatus.FAILED;
        }
        return finish(o, ctx, reason);
    }

    private static String seconds(Duration d) {
        return AsciicastFormatter.seconds(d.toMillis());
    }

    private static int finish(Options o, CliContext ctx, EndReason reason) {
        String detail = switch (reason) {
            case TRUNCATED -> "the recording ends inside a unit (TRUNCATED)";
            case PROTOCOL_ERROR -> "the recording is broken after its start (PROTOCOL_ERROR)";
            case IO_ERROR -> "reading the recording failed (IO_ERROR)";
            default -> null;
        };
        if (detail != null) {
            ctx.err().println(Main.PROGRAM + " replay: " + ArgParser.quote(o.file()) + ": " + detail);
        }
        return ExitStatus.of(reason);
    }

    private static Recording open(Options o, CliContext ctx) throws UsageException {
        try {
            return o.path() == null ? Recording.ofStream(ctx.in(), "-") : Recording.open(o.path());
        } catch (ProtocolException e) {
            throw new UsageException(ArgParser.quote(o.file()) + " is not a recording file (it does not start with SESSREC1)");
        } catch (IOException e) {
            throw new UsageException("cannot read " + ArgParser.quote(o.file()) + ": " + e.getMessage());
        }
    }

    /**
     * The keys of an interactive replay, read between the player's tasks: space, {@code +}/{@code =},
     * {@code -}/{@code _}, the arrows ({@code ESC [ C}/{@code D} or {@code ESC O C}/{@code D}) and {@code q}.
     */
    static final class Keys implements LoopScheduler.Idle {
        private final InputStream in;
        private final ReplayClock clock;
        private final SessionPlayer player;
        private final boolean[] quit;
        private int escape;

        Keys(InputStream in, ReplayClock clock, SessionPlayer player, boolean[] quit) {
            this.in = in;
            this.clock = clock;
            this.player = player;
            this.quit = quit;
        }

        @Override
        public void idle(long maxWaitNanos) throws InterruptedException {
            try {
                while (in.available() > 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    key(b);
                }
            } catch (IOException e) {
                // no more keys
            }
            if (maxWaitNanos > 0 && player.isOpen()) {
                clock.sleep(maxWaitNanos);
            }
        }

        void key(int b) {
            if (escape == 1) {
                escape = b == '[' || b == 'O' ? 2 : 0;
                return;
            }
            if (escape == 2) {
                escape = 0;
                if (b == 'C') {
                    player.skip(STEP);
                } else if (b == 'D') {
                    player.skip(STEP.negated());
                }
                return;
            }
            switch (b) {
                case 0x1b -> escape = 1;
                case ' ' -> {
                    if (player.isPaused()) {
                        player.resume();
                    } else {
                        player.pause();
                    }
                }
                case '+', '=' -> step(1);
                case '-', '_' -> step(-1);
                case 'q', 'Q' -> {
                    quit[0] = true;
                    player.close();
                }
                default -> {
                }
            }
        }

        private void step(int direction) {
            double now = player.speed();
            double next = now;
            if (direction > 0) {
                for (double s : SPEEDS) {
                    if (s > now) {
                        next = s;
                        break;
                    }
                }
            } else {
                for (int i = SPEEDS.length - 1; i >= 0; i--) {
                    if (SPEEDS[i] < now) {
                        next = SPEEDS[i];
                        break;
                    }
                }
            }
            player.speed(next);
        }
    }
}
