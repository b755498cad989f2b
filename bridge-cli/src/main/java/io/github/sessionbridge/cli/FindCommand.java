package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.internal.Json;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.search.RecordingSearch;
import io.github.sessionbridge.core.search.SearchHit;
import io.github.sessionbridge.core.search.SearchOptions;
import io.github.sessionbridge.core.search.SearchQuery;
import io.github.sessionbridge.core.search.SearchResult;
import io.github.sessionbridge.protocol.ProtocolException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code find FILE TEXT [--format text|jsonl] [--regex] [--match-case] [--idle-limit SECONDS]}: searches a
 * recording's terminal output (as the text the operator saw) and its input events with bridge-core's
 * {@link RecordingSearch}, one hit a line as it is found: {@code SECONDS<TAB>o|i<TAB>excerpt}, or
 * {@code {"kind":"hit","offsetMs":…,"source":"o"|"i","excerpt":"…"}} with {@code --format jsonl}.
 *
 * <p>Exit status (tools.md): 0 something was found, 3 nothing was, 64 a usage error, 1 the file cannot be
 * read, is not a recording, or is broken part way (its hits up to the break are written first).
 */
final class FindCommand extends Command<FindCommand.Options> {

    /**
     * The parsed options.
     *
     * @param file    the file as given ({@code -} for standard input)
     * @param path    the file, or {@code null} for standard input
     * @param query   what to find
     * @param jsonl   whether hits are written as JSON lines
     * @param options the idle limit
     */
    record Options(String file, Path path, SearchQuery query, boolean jsonl, SearchOptions options) {
    }

    @Override
    String name() {
        return "find";
    }

    @Override
    String summary() {
        return "search a recording's terminal output and input events for text";
    }

    @Override
    String synopsis() {
        return "find FILE TEXT [--format text|jsonl] [--regex] [--match-case] [--idle-limit SECONDS]";
    }

    @Override
    String description() {
        return """
                Searches a recording file ('-' reads it from standard input) for TEXT, ignoring case: its
                terminal output as the text the operator saw (UTF-8 across records, escape sequences
                interpreted or removed, carriage returns and backspaces applied, each line as it stood when
                the cursor left it) and the text of its input events. Screen frames are images and are not
                searched. One hit a line, as found: SECONDS<TAB>o|i<TAB>excerpt (text, the default), or
                {"kind":"hit","offsetMs":...,"source":"o"|"i","excerpt":"..."} (jsonl). The position is the
                playback time (since the first record, gaps shortened to the idle limit if one is given) of
                the record that completed the match: replay seeks there to show it.
                --regex takes TEXT as a regular expression (a linear-time subset of Java's syntax).
                Exit status: 0 something was found, 3 nothing was, 64 usage, 1 the file cannot be read, is
                not a recording, or is broken part way (its hits up to the break are written first).""";
    }

    @Override
    ArgParser parser() {
        return new ArgParser()
                .option("--format", "FORMAT", "text (default) or jsonl")
                .flag("--regex", "TEXT is a regular expression (linear-time: no back-references or look-around)")
                .flag("--match-case", "case matters (by default it does not)")
                .option("--idle-limit", "SECONDS", "positions with every gap longer than this shortened to it (default: none)");
    }

    @Override
    Options options(ArgParser.Parsed p) throws UsageException {
        p.expectPositionals("FILE", "TEXT");
        String file = p.positionals().get(0);
        String text = p.positionals().get(1);
        Path path = null;
        if (!file.equals("-")) {
            if (file.isEmpty()) {
                throw new UsageException("FILE: the file name is empty");
            }
            try {
                path = Path.of(file);
            } catch (InvalidPathException e) {
                throw new UsageException("FILE: invalid file name " + ArgParser.quote(file));
            }
        }
        boolean jsonl = false;
        if (p.has("--format")) {
            switch (p.value("--format")) {
                case "text" -> jsonl = false;
                case "jsonl" -> jsonl = true;
                default -> throw new UsageException("--format: unknown format " + ArgParser.quote(p.value("--format"))
                        + " (text or jsonl)");
            }
        }
        SearchQuery query;
        try {
            query = new SearchQuery(text, p.has("--regex"), p.has("--match-case"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("TEXT: " + e.getMessage());
        }
        SearchOptions.Builder options = SearchOptions.builder();
        if (p.has("--idle-limit")) {
            long millis = Math.max(1, Math.round(ArgParser.positiveNumber("--idle-limit", p.value("--idle-limit")) * 1000));
            options.idleLimit(Duration.ofMillis(millis));
        }
        return new Options(file, path, query, jsonl, options.build());
    }

    @Override
    int execute(Options o, CliContext ctx) throws IOException {
        String what = Main.PROGRAM + " find: " + ArgParser.quote(o.file());
        Recording recording;
        try {
            if (o.path() == null) {
                recording = Recording.ofStream(ctx.in(), "-");
            } else {
                if (Files.isDirectory(o.path())) {
                    ctx.err().println(what + " is a directory, not a file");
                    return ExitStatus.FAILED;
                }
                recording = Recording.open(o.path());
            }
        } catch (ProtocolException e) {
            ctx.err().println(what + " is not a recording file (it does not start with SESSREC1)");
            return ExitStatus.FAILED;
        } catch (IOException e) {
            ctx.err().println(what + ": cannot read it: " + Main.oneLine(String.valueOf(e.getMessage())));
            return ExitStatus.FAILED;
        }
        PrintStream out = ctx.out();
        StringBuilder line = new StringBuilder(256);
        SearchResult r;
        try {
            r = RecordingSearch.find(recording, o.query(), o.options(), hit -> {
                line.setLength(0);
                format(hit, o.jsonl(), line);
                out.append(line);
                if (out.checkError()) {
                    throw new IOException("standard output is closed");
                }
            });
        } catch (IOException e) {
            out.flush();
            ctx.err().println(what + ": " + Main.oneLine(String.valueOf(e.getMessage())));
            return ExitStatus.FAILED;
        }
        out.flush();
        if (out.checkError()) {
            ctx.err().println(Main.PROGRAM + " find: cannot write to standard output");
            return ExitStatus.FAILED;
        }
        if (r.broken()) {
            ctx.err().println(what + ": the recording is broken after its start (" + r.ending() + ": "
                    + Main.oneLine(r.detail().orElse("")) + "); searched up to there");
            return ExitStatus.FAILED;
        }
        return r.hits() > 0 ? ExitStatus.OK : ExitStatus.NOT_FOUND;
    }

    /** One hit as one line of output, line break included. */
    static void format(SearchHit hit, boolean jsonl, StringBuilder sb) {
        long ms = hit.position().toMillis();
        if (jsonl) {
            sb.append("{\"kind\":\"hit\",\"offsetMs\":").append(ms).append(",\"source\":\"").append(hit.source().code())
                    .append("\",\"excerpt\":");
            Json.appendQuoted(sb, hit.excerpt());
            sb.append("}\n");
        } else {
            sb.append(AsciicastFormatter.seconds(ms)).append('\t').append(hit.source().code()).append('\t')
                    .append(hit.excerpt()).append('\n');
        }
    }
}
