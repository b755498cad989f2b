package io.github.sessionbridge.testkit.cli;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordingReader;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.Unit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code replay FILE [--speed X] [--format terminal|jsonl|asciicast] [--idle-limit SECONDS]}: plays a
 * recording file offline, streaming (one unit at a time), paced by its timestamps; asciicast is
 * written at once.
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
                Exit status: 0 the replay finished, 2 it ended with REFUSED, 1 the file is truncated
                or broken after its start, 64 the file cannot be read or is not a recording.""";
    }

    @Override
    ArgParser parser() {
        return new ArgParser()
                .option("--speed", "X", "playback speed factor, e.g. 2 or 0.5 (default 1)")
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

    @Override
    int execute(Options o, CliContext ctx) throws UsageException, IOException {
        RecordingReader reader = open(o, ctx);
        OutputFormatter formatter = o.format().create(ctx.out(), ctx.err(), o.width(), o.height(), o.idleLimitMillis());
        Pacer pacer = o.format() == OutputFormat.ASCIICAST ? null : new Pacer(ctx.clock(), o.speed());
        Timeline timeline = new Timeline(o.idleLimitMillis() == 0 ? Timeline.NO_LIMIT : o.idleLimitMillis());
        EndReason reason;
        String detail = null;
        try (reader) {
            while (true) {
                Unit unit;
                try {
                    unit = reader.next();
                } catch (ProtocolException e) {
                    reason = e.kind() == ProtocolException.Kind.TRUNCATED ? EndReason.TRUNCATED : EndReason.PROTOCOL_ERROR;
                    detail = e.getMessage();
                    break;
                } catch (IOException e) {
                    reason = EndReason.IO_ERROR;
                    detail = "cannot read: " + e.getMessage();
                    break;
                }
                if (unit == null) {
                    reason = EndReason.END; // a recording may end without a control byte (protocol §5)
                    break;
                }
                if (unit instanceof Control control) {
                    reason = control == Control.END ? EndReason.END : EndReason.REFUSED;
                    break;
                }
                SessionRecord record = (SessionRecord) unit;
                long at = timeline.advance(record.timestamp());
                if (pacer != null) {
                    try {
                        pacer.waitUntil(at);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        ctx.err().println(Main.PROGRAM + " replay: interrupted");
                        return ExitStatus.FAILED;
                    }
                }
                formatter.record(record);
                if (ctx.out().checkError()) {
                    ctx.err().println(Main.PROGRAM + " replay: cannot write to standard output");
                    return ExitStatus.FAILED;
                }
            }
        }
        formatter.end(Notice.of(reason, BridgeConfig.DEFAULT_NOTICE_TEXT));
        if (detail != null) {
            ctx.err().println(Main.PROGRAM + " replay: " + ArgParser.quote(o.file()) + ": " + Main.oneLine(detail));
        }
        return ExitStatus.of(reason);
    }

    private static RecordingReader open(Options o, CliContext ctx) throws UsageException {
        InputStream in = null;
        try {
            in = o.path() == null ? ctx.in() : Files.newInputStream(o.path());
            return new RecordingReader(in);
        } catch (ProtocolException e) {
            closeQuietly(in);
            throw new UsageException(ArgParser.quote(o.file()) + " is not a recording file (it does not start with SESSREC1)");
        } catch (IOException e) {
            closeQuietly(in);
            throw new UsageException("cannot read " + ArgParser.quote(o.file()) + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing more to say than the error already being reported
            }
        }
    }

    /** Waits until each record's playback time, divided by the speed, has passed since the first record. */
    static final class Pacer {

        private final ReplayClock clock;
        private final double speed;
        private boolean started;
        private long origin;

        Pacer(ReplayClock clock, double speed) {
            this.clock = clock;
            this.speed = speed;
        }

        /** Waits until {@code playbackMillis} (at speed 1) after the first record. */
        void waitUntil(long playbackMillis) throws InterruptedException {
            if (!started) {
                started = true;
                origin = clock.nanoTime();
            }
            double offset = Math.min(playbackMillis * 1e6 / speed, 1e18);
            long wait = origin + (long) offset - clock.nanoTime();
            if (wait > 0) {
                clock.sleep(wait);
            }
        }
    }
}
