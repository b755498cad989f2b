package io.github.sessionbridge.cli;

import io.github.sessionbridge.core.internal.Json;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.ProtocolException;
import io.github.sessionbridge.protocol.RecordingReader;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.KickReply;
import io.github.sessionbridge.testkit.Pacing;
import io.github.sessionbridge.testkit.SessionScript;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code fake-server --port P [--host H] [--ops NAME=PORT]… [--udp-port P] [--recording SID=FILE]…
 * [--split none|N|random:SEED] [--realtime|--live] [--serve SID=fast|paced|live]…}: runs the fake C server
 * until killed (tools.md).
 */
final class FakeServerCommand extends Command<FakeServerCommand.Options> {

    /** The default listening address. */
    static final String DEFAULT_HOST = "127.0.0.1";
    /** Requests and closed connections kept in memory; every one is printed as it arrives anyway. */
    static final int CAPTURE_LIMIT = 10_000;

    /**
     * How the server splits its writes.
     *
     * @param mode how
     * @param size the write size for {@link Mode#FIXED}, else 0
     * @param seed the seed for {@link Mode#RANDOM}, else 0
     */
    record Split(Mode mode, int size, long seed) {

        /** The three ways. */
        enum Mode {
            /** As few writes as the socket takes. */
            NONE,
            /** Writes of {@code size} bytes. */
            FIXED,
            /** Reproducible random splits from {@code seed}. */
            RANDOM
        }

        /** Parses {@code none}, {@code N} or {@code random:SEED}. */
        static Split parse(String value) throws UsageException {
            if (value.equals("none")) {
                return new Split(Mode.NONE, 0, 0);
            }
            if (value.startsWith("random:")) {
                try {
                    return new Split(Mode.RANDOM, 0, Long.parseLong(value.substring("random:".length())));
                } catch (NumberFormatException e) {
                    throw new UsageException("--split random:SEED needs a whole-number seed, not " + ArgParser.quote(value));
                }
            }
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                return new Split(Mode.FIXED, ArgParser.intValue("--split", value, 1, Integer.MAX_VALUE), 0);
            }
            throw new UsageException("--split must be none, N (bytes per write) or random:SEED, not " + ArgParser.quote(value));
        }
    }

    /** How a recording is served: the three streams of protocol §7. */
    enum Serving {
        /** A recorded session as fast as the socket takes it. */
        FAST,
        /** A recorded session at its recorded pace, with its original timestamps. */
        PACED,
        /** A live session: at its recorded pace, every record stamped with the time it is sent. */
        LIVE;

        /** Parses {@code fast}, {@code paced} or {@code live}; {@code null} for anything else. */
        static Serving parse(String value) {
            for (Serving s : values()) {
                if (s.name().toLowerCase(java.util.Locale.ROOT).equals(value)) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * One recording to serve.
     *
     * @param file    the recording file, checked to be one
     * @param serving how it is served
     */
    record Served(Path file, Serving serving) {
    }

    /**
     * The parsed options.
     *
     * @param host       the address to listen on
     * @param port       the main TCP port (0 = pick a free one)
     * @param opsPorts   more TCP ports by operations type name, in order given (0 = pick a free one)
     * @param udpPort    the UDP port, or -1 for no UDP (0 = pick a free one)
     * @param recordings the recording served for each session id and how, in order given
     * @param split      how writes are split
     */
    record Options(String host, int port, Map<String, Integer> opsPorts, int udpPort, Map<String, Served> recordings,
            Split split) {
    }

    @Override
    String name() {
        return "fake-server";
    }

    @Override
    String summary() {
        return "run a fake C server serving recording files until killed";
    }

    @Override
    String synopsis() {
        return "fake-server --port P [--host H] [--ops NAME=PORT]... [--udp-port P] [--recording SID=FILE]... "
                + "[--split none|N|random:SEED] [--realtime|--live] [--serve SID=fast|paced|live]...";
    }

    @Override
    String description() {
        return """
                Runs the fake C server until killed. --port 0 picks a free port. The first lines on stdout
                are 'listening tcp HOST:PORT' (one per TCP port), then 'listening udp HOST:PORT' if UDP is on.
                Each recording is served to monitor requests for its SID in one of the three ways a C
                server sends a session (protocol section 7): fast, a recorded session as fast as the socket
                takes it (the default); paced, a recorded session at its recorded pace (--realtime); or
                live, at its recorded pace with every record's timestamp rewritten to the moment it is sent
                (--live). --serve SID=MODE sets the way for one session. It is split as --split says, then
                '3' (unless the recording already ends with a control byte, or is cut inside a unit: then
                it just closes, as a C server that died mid-record) and close. Unknown SID: '5' and close.
                Kick of a known SID: '3' to the kicker and to every monitor of that SID.
                Each request is logged on stderr.""";
    }

    @Override
    ArgParser parser() {
        return new ArgParser()
                .option("--port", "P", "the main TCP port, 0 for a free one (required)")
                .option("--host", "H", "the address to listen on (default " + DEFAULT_HOST + ")")
                .repeatable("--ops", "NAME=PORT", "one more TCP port, for operations type NAME (repeatable)")
                .option("--udp-port", "P", "also serve UDP on this port, 0 for a free one")
                .repeatable("--recording", "SID=FILE", "serve recording FILE for session SID (repeatable)")
                .option("--split", "SPLIT", "none (default), N bytes per write, or random:SEED")
                .flag("--realtime", "serve every recording paced by its timestamps")
                .flag("--live", "serve every recording as a live session: paced, stamped with the time sent")
                .repeatable("--serve", "SID=MODE", "serve SID's recording fast, paced or live (repeatable)");
    }

    @Override
    Options options(ArgParser.Parsed p) throws UsageException {
        p.expectPositionals();
        int port = ArgParser.intValue("--port", p.required("--port"), 0, 65535);
        String host = p.has("--host") ? ArgParser.host("--host", p.value("--host")) : DEFAULT_HOST;
        Map<String, Integer> ops = new LinkedHashMap<>();
        for (String v : p.values("--ops")) {
            int eq = v.indexOf('=');
            String name = eq < 0 ? "" : v.substring(0, eq);
            if (eq < 0 || name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new UsageException("--ops must be NAME=PORT, not " + ArgParser.quote(v));
            }
            if (ops.put(name, ArgParser.intValue("--ops " + name, v.substring(eq + 1), 0, 65535)) != null) {
                throw new UsageException("--ops " + ArgParser.quote(name) + " given more than once");
            }
        }
        int udpPort = p.has("--udp-port") ? ArgParser.intValue("--udp-port", p.value("--udp-port"), 0, 65535) : -1;
        if (p.has("--realtime") && p.has("--live")) {
            throw new UsageException("give --realtime or --live, not both (--live is paced already)");
        }
        Serving serving = p.has("--live") ? Serving.LIVE : p.has("--realtime") ? Serving.PACED : Serving.FAST;
        Map<String, Served> recordings = new LinkedHashMap<>();
        for (String v : p.values("--recording")) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                throw new UsageException("--recording must be SID=FILE, not " + ArgParser.quote(v));
            }
            String sid = ArgParser.sessionId("--recording", v.substring(0, eq));
            String file = v.substring(eq + 1);
            Path path = ArgParser.readableFile("--recording " + sid, file);
            try {
                if (!RecordingReader.isRecording(path)) {
                    throw new UsageException("--recording " + sid + ": " + ArgParser.quote(file)
                            + " is not a recording file (it does not start with SESSREC1)");
                }
            } catch (IOException e) {
                throw new UsageException("--recording " + sid + ": cannot read " + ArgParser.quote(file) + ": " + e.getMessage());
            }
            if (recordings.put(sid, new Served(path, serving)) != null) {
                throw new UsageException("--recording for session " + ArgParser.quote(sid) + " given more than once");
            }
        }
        java.util.Set<String> served = new java.util.HashSet<>();
        for (String v : p.values("--serve")) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                throw new UsageException("--serve must be SID=fast|paced|live, not " + ArgParser.quote(v));
            }
            String sid = ArgParser.sessionId("--serve", v.substring(0, eq));
            Serving how = Serving.parse(v.substring(eq + 1));
            if (how == null) {
                throw new UsageException("--serve " + sid + ": the way must be fast, paced or live, not "
                        + ArgParser.quote(v.substring(eq + 1)));
            }
            Served r = recordings.get(sid);
            if (r == null) {
                throw new UsageException("--serve " + sid + ": no --recording " + sid + "=FILE to serve");
            }
            if (!served.add(sid)) {
                throw new UsageException("--serve for session " + ArgParser.quote(sid) + " given more than once");
            }
            recordings.put(sid, new Served(r.file(), how));
        }
        Split split = p.has("--split") ? Split.parse(p.value("--split")) : new Split(Split.Mode.NONE, 0, 0);
        return new Options(host, port, Collections.unmodifiableMap(ops), udpPort, Collections.unmodifiableMap(recordings),
                split);
    }

    @Override
    int execute(Options options, CliContext ctx) {
        FakeCServer server = start(options, ctx);
        if (server == null) {
            return ExitStatus.USAGE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fake-server-shutdown"));
        try {
            new CountDownLatch(1).await(); // until the process is killed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
        return ExitStatus.OK;
    }

    /**
     * Starts the server as {@code options} say and prints its listening lines; {@code null} (said on stderr)
     * when it cannot listen or serve the recordings.
     */
    static FakeCServer start(Options options, CliContext ctx) {
        FakeCServer.Builder b = FakeCServer.builder()
                .name("fake-server")
                .captureLimit(CAPTURE_LIMIT) // it runs until stopped: keep its memory bounded
                .host(options.host())
                .ops(MAIN_OPS, options.port())
                .split(switch (options.split().mode()) {
                    case NONE -> io.github.sessionbridge.testkit.Split.none();
                    case FIXED -> io.github.sessionbridge.testkit.Split.every(options.split().size());
                    case RANDOM -> io.github.sessionbridge.testkit.Split.random(options.split().seed());
                })
                .onRequest(r -> {
                    ctx.err().println("request on " + r.opsType() + " port " + r.localPort() + " from " + r.remoteAddress()
                            + ": " + (r.isValid() ? r.action() + " " + r.sessionId() : "malformed " + Json.quote(r.rawText())));
                    ctx.err().flush();
                });
        options.opsPorts().forEach(b::ops);
        if (options.udpPort() >= 0) {
            b.udp(MAIN_OPS, options.udpPort());
        }
        FakeCServer server;
        try {
            server = b.start();
        } catch (IOException e) {
            ctx.err().println("fake-server: cannot listen: " + e.getMessage());
            return null;
        }
        try {
            for (var rec : options.recordings().entrySet()) {
                // tools.md: a kick of a known SID is answered '3', to the kicker and to every monitor of it,
                // whether or not one is watching now (KickReply.AUTO would refuse a session nobody watches)
                Served r = rec.getValue();
                SessionScript script = server.session(rec.getKey()).onKick(KickReply.END);
                switch (r.serving()) {
                    case FAST -> script.pacing(Pacing.fast()).streams(r.file());
                    case PACED -> script.pacing(Pacing.realtime()).streams(r.file());
                    case LIVE -> script.pacing(Pacing.realtime()).streamsLive(r.file());
                }
                if (needsEnd(r.file())) {
                    script.then(Ending.END);
                } else {
                    script.then(Ending.CLOSE);
                }
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            ctx.err().println("fake-server: cannot serve the recordings: " + e.getMessage());
            return null;
        }
        for (String ops : server.opsTypes()) {
            ctx.out().println("listening tcp " + options.host() + ":" + server.port(ops));
        }
        for (String ops : server.opsTypes()) {
            if (server.hasUdp(ops)) {
                ctx.out().println("listening udp " + options.host() + ":" + server.udpPort(ops));
            }
        }
        ctx.out().flush();
        return server;
    }

    /** The operations type name of the main port. */
    static final String MAIN_OPS = "main";

    /**
     * Whether the server should send {@code '3'} after the recording: not when it already ends with a
     * control byte, nor when it is cut inside a unit (served verbatim, it then ends like a C server that
     * died mid-record: by closing).
     */
    static boolean needsEnd(Path recording) throws IOException {
        try (RecordingReader reader = RecordingReader.open(recording)) {
            Unit last = null;
            for (Unit u = reader.next(); u != null; u = reader.next()) {
                last = u;
            }
            return !(last instanceof Control);
        } catch (ProtocolException broken) {
            return false;
        }
    }
}
