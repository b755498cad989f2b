package io.github.sessionbridge.examples.console;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.SessionBridge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the example console: {@code java -jar bridge-examples/target/session-console.jar [options]}.
 *
 * <p>With no options it starts an in-process fake C server with the bundled sample sessions
 * ({@link DemoCServer}) and needs nothing else. With {@code --c-host} it talks to a real C server instead:
 * <pre>
 * --c-host 10.0.0.5 --tcp SSH=9001 --tcp RDP=9002 --session SSH/s-42/alice@web-01 --recording s-41=/data/s-41.rec
 *     --held SSH/s-40/bob@db-02
 * </pre>
 * Options: {@code --port P} (default 8080, 0 for a free one), {@code --bind ADDR} (default 127.0.0.1),
 * {@code --speed X} (the demo's pace, default 1), {@code --c-host H}, {@code --tcp OPS=PORT}...,
 * {@code --udp OPS=PORT}..., {@code --session OPS/SID[/USER@HOST]}... (a live session), {@code --recording SID=FILE}...
 * (a recording file of a session), {@code --held OPS/SID[/USER@HOST]}... (an ended session whose recording the C
 * server holds and streams),
 * {@code --allowed-origin ORIGIN}... (another origin the page may be served from, such as
 * {@code https://console.example.org} behind a reverse proxy; the console's own are always allowed)
 *
 * <p>Prints {@code session console: URL} on stdout once the page is up, and runs until killed.
 */
public final class ConsoleMain {

    private ConsoleMain() {
    }

    /** The entry point. Exit status 64 for a usage error. */
    public static void main(String[] args) throws Exception {
        int port;
        String bind;
        DemoCServer demo = null;
        Path recordings = null;
        SessionDirectory directory;
        BridgeConfig.Builder config;
        String cServer;
        List<String> allowedOrigins;
        try {
            Map<String, List<String>> options = parse(args);
            port = Integer.parseInt(one(options, "--port", "8080"));
            bind = one(options, "--bind", "127.0.0.1");
            allowedOrigins = options.getOrDefault("--allowed-origin", List.of());
            for (String o : allowedOrigins) {
                if (ConsoleServer.normalizeOrigin(o).isEmpty()) {
                    throw new IllegalArgumentException("--allowed-origin must be scheme://host[:port], not " + o);
                }
            }
            if (options.containsKey("--c-host")) {
                String host = one(options, "--c-host", null);
                config = BridgeConfig.builder().host(host);
                for (String tcp : options.getOrDefault("--tcp", List.of())) {
                    String[] kv = pair(tcp, "=", "--tcp OPS=PORT");
                    config.tcp(kv[0], Integer.parseInt(kv[1]));
                }
                for (String udp : options.getOrDefault("--udp", List.of())) {
                    String[] kv = pair(udp, "=", "--udp OPS=PORT");
                    config.udp(kv[0], Integer.parseInt(kv[1]));
                }
                directory = realSessions(options);
                config.listener(directory.tracker());
                cServer = "C server " + host;
            } else {
                double speed = Double.parseDouble(one(options, "--speed", "1"));
                recordings = Files.createTempDirectory("session-console-");
                demo = DemoCServer.start(speed, recordings);
                directory = demo.directory();
                config = demo.bridgeConfig();
                cServer = demo.describe();
            }
        } catch (IllegalArgumentException e) {  // NumberFormatException too
            System.err.println("session-console: " + e.getMessage());
            System.err.println("usage: session-console [--port P] [--bind ADDR] [--allowed-origin ORIGIN]... [--speed X]");
            System.err.println("       session-console [--port P] [--bind ADDR] [--allowed-origin ORIGIN]... --c-host H --tcp OPS=PORT... [--udp OPS=PORT]... "
                    + "--session OPS/SID[/USER@HOST]... [--recording SID=FILE]... [--held OPS/SID[/USER@HOST]]...");
            System.exit(64);
            return;
        }

        SessionBridge bridges = SessionBridge.create(config.build());
        DemoCServer demoToClose = demo;
        Path recordingsToDelete = recordings;
        Runnable stopC = () -> {
            bridges.close();
            if (demoToClose != null) {
                demoToClose.close();
                deleteQuietly(recordingsToDelete);
            }
        };
        ConsoleServer console;
        try {
            console = ConsoleServer.start(bind, port, bridges, directory, cServer, allowedOrigins);
        } catch (Exception e) {
            System.err.println("session-console: cannot serve on " + bind + ":" + port + ": " + e.getMessage());
            stopC.run();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // the bridges first: each browser is told SHUTDOWN over its WebSocket, which only a running
            // web server still carries; then the web server, then the C side
            bridges.close();
            console.close();
            stopC.run();
        }, "session-console-shutdown"));
        System.out.println("session console: " + console.url());
        if (ConsoleMain.class.getResource("/console/vendor/lib/xterm.js") == null) {
            System.out.println("(built without xterm.js, npm was not on the PATH: the terminal view stays empty;"
                    + " install Node.js and npm and rebuild)");
        }
        System.out.println("(" + cServer + "; Ctrl-C to stop)");
        console.join();
    }

    /** The sessions given by {@code --session OPS/SID[/USER@HOST]} and {@code --recording SID=FILE}. */
    private static SessionDirectory realSessions(Map<String, List<String>> options) {
        Map<String, Path> recordings = new LinkedHashMap<>();
        for (String r : options.getOrDefault("--recording", List.of())) {
            String[] kv = pair(r, "=", "--recording SID=FILE");
            recordings.put(kv[0], Path.of(kv[1]));
        }
        SessionDirectory directory = new SessionDirectory();
        for (String option : List.of("--session", "--held")) {
            boolean live = option.equals("--session");
            for (String s : options.getOrDefault(option, List.of())) {
                String[] parts = s.split("/", 3);
                if (parts.length < 2) {
                    throw new IllegalArgumentException(option + " must be OPS/SID[/USER@HOST], not " + s);
                }
                String[] who = parts.length == 3 ? pair(parts[2], "@", option + " OPS/SID/USER@HOST") : new String[] {"?", "?"};
                directory.add(new SessionDirectory.Session(parts[1], parts[0], who[0], who[1], Instant.now(), live,
                        recordings.remove(parts[1]), !live));
            }
        }
        recordings.forEach((sid, file) -> directory.add(new SessionDirectory.Session(sid, "SSH", "?", "?",
                Instant.ofEpochMilli(file.toFile().lastModified()), false, file)));
        return directory;
    }

    private static Map<String, List<String>> parse(String[] args) {
        List<String> known = List.of("--port", "--bind", "--allowed-origin", "--speed", "--c-host", "--tcp", "--udp", "--session",
                "--recording", "--held");
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
        }
        if (options.containsKey("--c-host") && !options.containsKey("--tcp") && !options.containsKey("--udp")) {
            throw new IllegalArgumentException("--c-host needs at least one --tcp OPS=PORT or --udp OPS=PORT");
        }
        return options;
    }

    private static String one(Map<String, List<String>> options, String name, String otherwise) {
        List<String> values = options.get(name);
        return values == null ? otherwise : values.get(values.size() - 1);
    }

    private static String[] pair(String value, String separator, String form) {
        int at = value.indexOf(separator);
        if (at <= 0 || at == value.length() - 1) {
            throw new IllegalArgumentException("expected " + form + ", not " + value);
        }
        return new String[] {value.substring(0, at), value.substring(at + 1)};
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it up eventually
        }
    }
}
