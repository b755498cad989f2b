package io.github.sessionbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.FakeCServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fake-server} serving one recording the three ways of protocol §7 (fast, paced, live), on real sockets:
 * the server the command starts, read by a plain socket client.
 */
class FakeServerCommandTest {

    static final long T0 = 1_700_000_000_000L;
    /** Gaps of 200 ms and 400 ms from the first record. */
    static final List<TerminalData> RECORDS = List.of(TerminalData.ofText(T0, "one\r\n"),
            TerminalData.ofText(T0 + 200, "two\r\n"), TerminalData.ofText(T0 + 400, "three\r\n"));

    @TempDir
    Path dir;
    private FakeCServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** What a client got: the units and when each was decoded (nanoTime), and when it asked. */
    record Got(List<Unit> units, List<Long> arrivals, long asked) {
        long stamp(int i) {
            return ((SessionRecord) units.get(i)).timestamp();
        }

        long msFromRequest(int i) {
            return Duration.ofNanos(arrivals.get(i) - asked).toMillis();
        }

        long msFromFirst(int i) {
            return Duration.ofNanos(arrivals.get(i) - arrivals.get(0)).toMillis();
        }
    }

    @BeforeEach
    void start() throws Exception {
        Path rec = dir.resolve("three.rec");
        try (RecordingWriter w = RecordingWriter.create(rec)) {
            for (TerminalData d : RECORDS) {
                w.write(d);
            }
        }
        FakeServerCommand cmd = new FakeServerCommand();
        FakeServerCommand.Options options = cmd.options(cmd.parser().parse(List.of("--port", "0", "--split", "random:3",
                "--recording", "fast=" + rec, "--recording", "paced=" + rec, "--recording", "live=" + rec,
                "--serve", "paced=paced", "--serve", "live=live")));
        CliContext ctx = new CliContext(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), ReplayClock.system());
        server = FakeServerCommand.start(options, ctx);
        assertThat(server).isNotNull();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int port() {
        String first = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertThat(first).matches("listening tcp 127\\.0\\.0\\.1:\\d+");
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    private Got monitor(String sid) throws IOException {
        long asked = System.nanoTime();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(RequestLine.monitor(sid).encode());
            return read(s.getInputStream(), asked);
        }
    }

    private static Got read(InputStream in, long asked) throws IOException {
        List<Unit> units = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        StreamDecoder decoder = new StreamDecoder();
        byte[] buf = new byte[8192];
        int n;
        while (decoder.state() != StreamDecoder.State.TERMINATED && (n = in.read(buf)) > 0) {
            decoder.feed(ByteBuffer.wrap(buf, 0, n), u -> {
                units.add(u);
                arrivals.add(System.nanoTime());
            });
        }
        return new Got(units, arrivals, asked);
    }

    @Test
    void fastSendsTheRecordedSessionAtOnceWithItsTimestamps() throws Exception {
        Got g = monitor("fast");
        assertThat(g.units()).containsExactly(RECORDS.get(0), RECORDS.get(1), RECORDS.get(2), Control.END);
        assertThat(g.msFromFirst(2)).as("400 ms recorded, sent at once").isLessThan(300);
    }

    @Test
    void pacedSendsItAtItsRecordedPaceWithItsTimestamps() throws Exception {
        Got g = monitor("paced");
        assertThat(g.units()).containsExactly(RECORDS.get(0), RECORDS.get(1), RECORDS.get(2), Control.END);
        assertThat(g.msFromRequest(1)).isGreaterThanOrEqualTo(199);
        assertThat(g.msFromRequest(2)).isGreaterThanOrEqualTo(399);
        assertThat(g.msFromFirst(2)).isLessThan(400 + 1500);
    }

    @Test
    void liveSendsItAtItsRecordedPaceStampedWithTheTimeSent() throws Exception {
        long before = System.currentTimeMillis();
        Got g = monitor("live");
        long after = System.currentTimeMillis();
        assertThat(g.units()).hasSize(4).last().isEqualTo(Control.END);
        for (int i = 0; i < 3; i++) {
            SessionRecord r = (SessionRecord) g.units().get(i);
            assertThat(r.content()).isEqualTo(RECORDS.get(i).content());
            assertThat(r.timestamp()).as("record %d stamped now", i).isBetween(before, after);
        }
        // never before its due time, measured from the request (the first record may itself be stamped late)
        assertThat(g.stamp(1) - before).isGreaterThanOrEqualTo(198);
        assertThat(g.stamp(2) - before).isGreaterThanOrEqualTo(398);
        assertThat(g.msFromRequest(2)).isGreaterThanOrEqualTo(399);
    }

    @Test
    void aKickOfALiveSessionEndsItsMonitorWithEnd() throws Exception {
        Path rec = dir.resolve("slow.rec");
        try (RecordingWriter w = RecordingWriter.create(rec)) {
            w.write(TerminalData.ofText(T0, "now"));
            w.write(TerminalData.ofText(T0 + 30_000, "thirty seconds later"));
        }
        server.close();
        out.reset();
        FakeServerCommand cmd = new FakeServerCommand();
        server = FakeServerCommand.start(cmd.options(cmd.parser().parse(List.of("--port", "0", "--live", "--recording",
                "slow=" + rec))), new CliContext(InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), ReplayClock.system()));
        try (Socket m = new Socket(InetAddress.getLoopbackAddress(), port())) {
            m.setSoTimeout(10_000);
            long before = System.currentTimeMillis();
            m.getOutputStream().write(RequestLine.monitor("slow").encode());
            InputStream in = m.getInputStream();
            StreamDecoder decoder = new StreamDecoder();
            List<Unit> units = new ArrayList<>();
            byte[] buf = new byte[8192];
            while (units.isEmpty()) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                decoder.feed(ByteBuffer.wrap(buf, 0, n), units::add);
            }
            long kicked = System.nanoTime();
            try (Socket k = new Socket(InetAddress.getLoopbackAddress(), port())) {
                k.setSoTimeout(10_000);
                k.getOutputStream().write(RequestLine.kick("slow").encode());
                assertThat(k.getInputStream().readAllBytes()).containsExactly('3');
            }
            int n;
            while (decoder.state() != StreamDecoder.State.TERMINATED && (n = in.read(buf)) > 0) {
                decoder.feed(ByteBuffer.wrap(buf, 0, n), units::add);
            }
            assertThat(units).hasSize(2).last().isEqualTo(Control.END);
            assertThat(((SessionRecord) units.get(0)).timestamp()).isBetween(before, System.currentTimeMillis());
            assertThat(Duration.ofNanos(System.nanoTime() - kicked)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
