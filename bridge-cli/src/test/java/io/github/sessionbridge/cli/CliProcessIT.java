package io.github.sessionbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.internal.SampleSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line jar as other tools use it (tools.md): real processes, real sockets. Runs after
 * {@code package}, against {@code target/bridge-cli.jar}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliProcessIT {
    static final Path JAR = Path.of("target", "bridge-cli.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private Path sample;
    private int port;

    /** A finished process's exit status, stdout and stderr. */
    record Run(int status, String out, String err) {
    }

    @BeforeEach
    void startFakeServer() throws Exception {
        assertThat(JAR).as("the CLI jar is built by 'package'").exists();
        sample = dir.resolve("sample.rec");
        try (OutputStream out = Files.newOutputStream(sample)) {
            SampleSession.write(out);
        }
        Path truncated = dir.resolve("truncated.rec");
        try (RecordingWriter w = RecordingWriter.create(truncated)) {
            w.write(TerminalData.ofText(1, "before the cut"));
        }
        byte[] cut = Files.readAllBytes(truncated);
        Files.write(truncated, concat(cut, new byte[] {'d', 0, 0, 0, 20, 0, 0}));
        Process server = start("fake-server", "--port", "0", "--recording", "sample=" + sample,
                "--recording", "cut=" + truncated, "--split", "random:42");
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).matches("listening tcp 127\\.0\\.0\\.1:\\d+");
        port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        processes.add(p);
        return p;
    }

    private Run run(String... args) throws Exception {
        Process p = start(args);
        p.getOutputStream().close();
        var out = readAsync(p.getInputStream());
        var err = readAsync(p.getErrorStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(p.exitValue(), out.get(), err.get());
    }

    private static java.util.concurrent.CompletableFuture<String> readAsync(InputStream in) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void find_streams_a_million_hits_from_a_32_mib_heap_with_tools_md_exit_statuses() throws Exception {
        Path million = dir.resolve("million.rec");
        try (RecordingWriter w = RecordingWriter.create(million)) {
            String line = "rm -rf ".repeat(50) + "\r\n";
            for (int r = 0; r < 2000; r++) {
                w.write(TerminalData.ofText(1_700_000_000_000L + r, line.repeat(10)));
            }
            w.write(Control.END);
        }
        Process p = new ProcessBuilder(JAVA, "-Xmx32m", "-jar", JAR.toString(), "find", million.toString(), "RM -RF", "--format", "jsonl")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        p.getOutputStream().close();
        long lines = 0;
        String first = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                if (first == null) {
                    first = l;
                }
                lines++;
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(lines).isEqualTo(1_000_000L);
        assertThat(first).isEqualTo("{\"kind\":\"hit\",\"offsetMs\":0,\"source\":\"o\",\"excerpt\":\"" + "rm -rf" + " rm -rf".repeat(5) + " rm -\"}");

        assertThat(run("find", sample.toString(), "巡检").status()).isZero();
        Run none = run("find", sample.toString(), "nothing like it");
        assertThat(none.status()).isEqualTo(3);
        assertThat(none.out()).isEmpty();
        assertThat(run("find", sample.toString()).status()).isEqualTo(64);
        assertThat(run("find", dir.resolve("missing.rec").toString(), "x").status()).isEqualTo(1);
        Run text = run("replay", sample.toString(), "--format", "text");
        assertThat(text.status()).isZero();
        assertThat(text.out()).contains("ops@web-01:~$ cat 报告.txt\n");
    }

    @Test
    void fake_server_and_play_jsonl_round_trip_the_sample_exactly() throws Exception {
        Run r = run("play", "--host", "127.0.0.1", "--port", String.valueOf(port), "--sid", "sample", "--format", "jsonl");
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        List<Unit> expected = SampleSession.units();
        List<SessionRecord> records = expected.stream().filter(u -> u instanceof SessionRecord).map(u -> (SessionRecord) u).toList();
        assertThat(lines).hasSize(records.size() + 1);
        Pattern content = Pattern.compile("\"(?:base64|text)\":\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (int i = 0; i < records.size(); i++) {
            SessionRecord rec = records.get(i);
            assertThat(lines[i]).startsWith("{\"kind\":\"record\",\"type\":\"" + (char) rec.type().wireByte()
                    + "\",\"ts\":" + rec.timestamp() + ",");
            if (lines[i].contains("\"base64\"")) {
                Matcher m = content.matcher(lines[i]);
                assertThat(m.find()).isTrue();
                assertThat(Base64.getDecoder().decode(m.group(1))).isEqualTo(rec.content());
            }
        }
        assertThat(lines[records.size()]).isEqualTo("{\"kind\":\"notice\",\"code\":3,\"reason\":\"END\",\"text\":\"会话已结束！\"}");
        assertThat(expected.get(expected.size() - 1)).isEqualTo(Control.END);
    }

    @Test
    void exit_statuses_follow_tools_md() throws Exception {
        String p = String.valueOf(port);
        // 2: REFUSED ('5' for an unknown session)
        Run refused = run("play", "--host", "127.0.0.1", "--port", p, "--sid", "unknown-session", "--format", "jsonl");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.out()).contains("\"reason\":\"REFUSED\"");
        // 1: truncated mid-unit
        Run cut = run("play", "--host", "127.0.0.1", "--port", p, "--sid", "cut", "--format", "jsonl");
        assertThat(cut.status()).as(cut.err()).isEqualTo(1);
        assertThat(cut.out()).contains("\"reason\":\"TRUNCATED\"").contains("\"kind\":\"record\"");
        // 1: connect failure
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run down = run("play", "--host", "127.0.0.1", "--port", String.valueOf(closed), "--sid", "x", "--format", "jsonl");
        assertThat(down.status()).isEqualTo(1);
        assertThat(down.out()).contains("\"reason\":\"CONNECT_FAILED\"");
        // 2: a kick of a session the server does not know is refused ('5')
        Run kickRefused = run("kick", "--host", "127.0.0.1", "--port", p, "--sid", "unknown-session");
        assertThat(kickRefused.status()).as(kickRefused.out() + kickRefused.err()).isEqualTo(2);
        assertThat(kickRefused.out()).contains("refused");
        // 0: a kick of a SID the server serves a recording for is answered '3' (tools.md: "Kick of a known
        // SID"), whether or not anyone monitors it right now
        Run kickKnown = run("kick", "--host", "127.0.0.1", "--port", p, "--sid", "sample");
        assertThat(kickKnown.status()).as(kickKnown.out() + kickKnown.err()).isZero();
        assertThat(kickKnown.out()).contains("kicked sample");
        // 0: a replay that finished
        Run replay = run("replay", sample.toString(), "--format", "asciicast");
        assertThat(replay.status()).isZero();
        assertThat(replay.out().lines().findFirst().orElseThrow()).startsWith("{\"version\": 2, \"width\": 80, \"height\": 24, \"timestamp\": ");
        // 64: usage errors, one line on stderr
        for (String[] usage : List.of(new String[] {"frobnicate"}, new String[] {"play", "--port", p, "--host", "127.0.0.1", "--sid", "x", "--bogus"},
                new String[] {"replay", dir.resolve("missing.rec").toString()})) {
            Run u = run(usage);
            assertThat(u.status()).as(String.join(" ", usage)).isEqualTo(64);
            assertThat(u.err().strip().lines()).as(u.err()).hasSize(1);
        }
    }

    @Test
    void kick_of_a_live_session_ends_its_monitor_with_END_and_exits_0() throws Exception {
        // a second server paced in real time, so the session is live while we kick it
        Process live = start("fake-server", "--port", "0", "--recording", "slow=" + sample, "--realtime");
        String first = new BufferedReader(new InputStreamReader(live.getInputStream(), StandardCharsets.UTF_8)).readLine();
        String p = first.substring(first.lastIndexOf(':') + 1);
        Process watcher = start("play", "--host", "127.0.0.1", "--port", p, "--sid", "slow", "--format", "jsonl");
        var watched = readAsync(watcher.getInputStream());
        Thread.sleep(1500);
        Run kick = run("kick", "--host", "127.0.0.1", "--port", p, "--sid", "slow");
        assertThat(kick.status()).as(kick.out() + kick.err()).isZero();
        assertThat(kick.out()).contains("kicked");
        assertThat(watcher.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(watcher.exitValue()).isZero();
        assertThat(watched.get()).endsWith("{\"kind\":\"notice\",\"code\":3,\"reason\":\"END\",\"text\":\"会话已结束！\"}\n");
    }

    @Test
    void fake_server_serves_fast_paced_and_live_and_play_paced_plays_each_at_its_pace() throws Exception {
        Path three = dir.resolve("three.rec");
        long t0 = 1_700_000_000_000L;
        try (RecordingWriter w = RecordingWriter.create(three)) {
            w.write(TerminalData.ofText(t0, "one\r\n"));
            w.write(TerminalData.ofText(t0 + 300, "two\r\n"));
            w.write(TerminalData.ofText(t0 + 600, "three\r\n"));
        }
        Process server = start("fake-server", "--port", "0", "--recording", "fast=" + three, "--recording", "paced=" + three,
                "--recording", "live=" + three, "--serve", "paced=paced", "--serve", "live=live");
        String first = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        String p = first.substring(first.lastIndexOf(':') + 1);
        Pattern ts = Pattern.compile("\"ts\":(\\d+)");
        for (String sid : List.of("fast", "paced", "live")) {
            long before = System.currentTimeMillis();
            long started = System.nanoTime();
            Run r = run("play", "--host", "127.0.0.1", "--port", p, "--sid", sid, "--format", "jsonl", "--paced", "--speed", "2");
            long took = (System.nanoTime() - started) / 1_000_000;
            assertThat(r.status()).as(sid + ": " + r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).as(sid).hasSize(4);
            assertThat(lines.get(3)).contains("\"reason\":\"END\"");
            List<Long> stamps = new ArrayList<>();
            for (String line : lines.subList(0, 3)) {
                Matcher m = ts.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                stamps.add(Long.parseLong(m.group(1)));
            }
            if (sid.equals("live")) {
                assertThat(stamps).as("live: stamped when sent").allSatisfy(s -> assertThat(s).isBetween(before, System.currentTimeMillis()));
                assertThat(stamps.get(2) - before).isGreaterThanOrEqualTo(598);
            } else {
                assertThat(stamps).as(sid + ": the recorded stamps").containsExactly(t0, t0 + 300, t0 + 600);
            }
            assertThat(took).as(sid + ": 600 ms of session at 2x, after a JVM start").isGreaterThanOrEqualTo(299);
        }
    }

    @Test
    void an_invalid_session_id_exits_64_before_any_connection() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(500);
            for (String cmd : List.of("play", "kick", "record")) {
                List<String> args = new ArrayList<>(List.of(cmd, "--host", "127.0.0.1", "--port",
                        String.valueOf(listener.getLocalPort()), "--sid", "a&[flag]=1"));
                if (cmd.equals("record")) {
                    args.addAll(List.of("--out", dir.resolve("never.rec").toString()));
                }
                Run r = run(args.toArray(String[]::new));
                assertThat(r.status()).isEqualTo(64);
                assertThat(r.err().strip().lines()).hasSize(1);
                assertThat(r.err()).contains("'&'").contains("position 1");
            }
            try (Socket s = listener.accept()) {
                throw new AssertionError("a connection was made: " + s);
            } catch (SocketTimeoutException expected) {
                // no connection
            }
        }
        assertThat(dir.resolve("never.rec")).doesNotExist();
    }

    @Test
    void the_fake_server_accepts_the_legacy_request_bytes_arriving_in_pieces() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            for (String piece : new String[] {"[flag]=0&[sess", "ionid]=sam", "ple"}) {
                out.write(piece.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(5);
            }
            List<Unit> got = new ArrayList<>();
            StreamDecoder decoder = new StreamDecoder();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            int n;
            while (decoder.state() != StreamDecoder.State.TERMINATED && (n = in.read(buf)) > 0) {
                decoder.feed(ByteBuffer.wrap(buf, 0, n), got::add);
            }
            assertThat(got).isEqualTo(SampleSession.units());
        }
    }

    @Test
    void record_then_replay_gives_back_the_session() throws Exception {
        Path out = dir.resolve("recorded.rec");
        Run rec = run("record", "--host", "127.0.0.1", "--port", String.valueOf(port), "--sid", "sample", "--out", out.toString());
        assertThat(rec.status()).as(rec.err()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(SampleSession.bytes());
        Run replay = run("replay", out.toString(), "--speed", "16", "--format", "jsonl", "--idle-limit", "0.05");
        assertThat(replay.status()).isZero();
        assertThat(replay.out()).endsWith("\"reason\":\"END\",\"text\":\"会话已结束！\"}\n");
    }

    @Test
    void demo_plays_the_bundled_session_through_the_bridge() throws Exception {
        Run demo = run("demo", "--speed", "100");
        assertThat(demo.status()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("ls -lF").contains("报告");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
