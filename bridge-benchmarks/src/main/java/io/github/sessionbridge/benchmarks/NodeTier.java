package io.github.sessionbridge.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy Node tier of {@code shared/baselines/node-tier} as a baseline: its fast C emitter
 * ({@code emitter.js}, a separate process every tier of a run reads from) and its relay
 * ({@code node-relay.js}: the seed as written, {@code --lean}, {@code --raw}), each run as a child process.
 */
final class NodeTier {
    private final Path dir;

    private NodeTier(Path dir) {
        this.dir = dir;
    }

    /**
     * The node tier in {@code explicit} (or, if {@code null}, the usual places), if node runs here.
     *
     * @param explicit a directory holding {@code emitter.js} and {@code node-relay.js}, or {@code null}
     * @return the tier, or empty (with the reason on stdout) when node or the scripts are missing
     */
    static Optional<NodeTier> find(String explicit) {
        List<Path> candidates = new ArrayList<>();
        if (explicit != null) {
            candidates.add(Path.of(explicit));
        } else {
            if (System.getenv("NODE_TIER") != null) {
                candidates.add(Path.of(System.getenv("NODE_TIER")));
            }
            candidates.add(Path.of("../shared/baselines/node-tier"));
            candidates.add(Path.of("/work/shared/baselines/node-tier"));
        }
        Path found = null;
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("emitter.js")) && Files.isRegularFile(p.resolve("node-relay.js"))) {
                found = p.toAbsolutePath().normalize();
                break;
            }
        }
        if (found == null) {
            System.out.println("node tier: emitter.js / node-relay.js not found in " + candidates + ": Node targets skipped");
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("node --version failed: " + v);
            }
            System.out.println("node tier: " + found + " (node " + v + ")");
        } catch (IOException e) {
            System.out.println("node tier: node is not installed here (" + e.getMessage() + "): Node targets skipped");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(new NodeTier(found));
    }

    /** A running {@code emitter.js}: its port, and the last line it prints (how far {@code --rate} fell behind). */
    final class EmitterProcess implements AutoCloseable {
        private final Process process;
        private final int port;
        private final CompletableFuture<String> done = new CompletableFuture<>();

        EmitterProcess(int conns, int records, int size, int rate) throws IOException {
            process = new ProcessBuilder("node", "emitter.js", "--port", "0", "--records", Integer.toString(records), "--size",
                    Integer.toString(size), "--rate", Integer.toString(rate), "--conns", Integer.toString(conns), "--idle", "10",
                    "--max-seconds", "600").directory(dir.toFile()).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            Matcher m = first == null ? null : Pattern.compile("^listening tcp 127\\.0\\.0\\.1:(\\d+)$").matcher(first);
            if (m == null || !m.matches()) {
                process.destroyForcibly();
                throw new IOException("emitter.js did not start: " + first);
            }
            port = Integer.parseInt(m.group(1));
            Thread t = new Thread(() -> {
                String last = "";
                try {
                    for (String l; (l = out.readLine()) != null; ) {
                        last = l;
                    }
                } catch (IOException ignored) {
                    // the emitter went away
                }
                done.complete(last);
            }, "emitter-out");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return port;
        }

        /** Waits for the emitter to end by itself; its summary line ({@code emitter done: ... max_lag_ms=...}). */
        String awaitDone() throws Exception {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            return done.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    EmitterProcess emitter(int conns, int records, int size, int rate) throws IOException {
        return new EmitterProcess(conns, records, size, rate);
    }

    /** What one node-relay.js run printed, the CPU seconds (user + system) its process used, and the system part. */
    record RelayRun(String json, double cpuSeconds, double systemSeconds) {
        double number(String field) {
            Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.eE+]+)").matcher(json);
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        }

        boolean ok() {
            return json.contains("\"ok\":true");
        }
    }

    /**
     * Runs {@code node-relay.js} against {@code port} with {@code flags} ({@code --raw}, {@code --lean}, none:
     * the seed as written), under bash so that {@code times} reports its CPU seconds.
     */
    RelayRun relay(int port, int sessions, String flags, long expectRecords, long expectBytes) throws Exception {
        String cmd = "node node-relay.js --port " + port + " --sessions " + sessions + " " + flags + " --max-seconds 300"
                + " --expect-records " + expectRecords + " --expect-bytes " + expectBytes + "; rc=$?; times; exit $rc";
        Process p = new ProcessBuilder("bash", "-c", cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(6, TimeUnit.MINUTES);
        String json = out.lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow(() -> new IllegalStateException("node-relay.js printed no result: " + out));
        // `times`: the shell's user/sys, then its children's: "0m1.234s 0m0.567s"
        List<String> timeLines = out.lines().filter(l -> l.matches("\\d+m[0-9.]+s \\d+m[0-9.]+s")).toList();
        double cpu = Double.NaN;
        double sys = Double.NaN;
        if (!timeLines.isEmpty()) {
            String[] f = timeLines.get(timeLines.size() - 1).split(" ");
            sys = seconds(f[1]);
            cpu = seconds(f[0]) + sys;
        }
        return new RelayRun(json, cpu, sys);
    }

    private static double seconds(String bashTime) {
        int m = bashTime.indexOf('m');
        return Integer.parseInt(bashTime.substring(0, m)) * 60 + Double.parseDouble(bashTime.substring(m + 1, bashTime.length() - 1));
    }
}
