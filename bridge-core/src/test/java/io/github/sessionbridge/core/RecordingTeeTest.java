package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingTap;
import io.github.sessionbridge.core.recording.RecordingResult;
import io.github.sessionbridge.core.recording.RecordingTarget;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingReader;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Live monitors teed into recordings by the config's policy; a slow or full disk never touches the bridge. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecordingTeeTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final long TS = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private int server(Unit... units) throws IOException {
        LoopbackCServer s = new LoopbackCServer(conn -> {
            conn.awaitRequest();
            conn.send(units);
        });
        closeables.add(s);
        return s.port();
    }

    private SessionBridge bridge(int port, RecordingPolicy policy) {
        SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("SSH", port).tap(RecordingTap.of(policy, 64 * 1024)).build());
        closeables.add(0, sb);
        return sb;
    }

    /** A policy recording into {@code target} and telling how it finished. */
    private static final class Policy implements RecordingPolicy {
        final RecordingTarget target;
        final CompletableFuture<RecordingResult> result = new CompletableFuture<>();

        Policy(RecordingTarget target) {
            this.target = target;
        }

        @Override
        public Optional<RecordingTarget> target(Bridge bridge) {
            return Optional.of(target);
        }

        @Override
        public void finished(Bridge bridge, RecordingResult r) {
            result.complete(r);
        }
    }

    @Test
    void aRecordedBridgeWritesExactlyTheUnitsItRelaysThenItsEnd() throws Exception {
        List<Unit> units = List.of(TerminalData.ofText(TS, "$ ls\r\n"), InputEvent.ofText(TS + 5, "ls"),
                TerminalData.ofText(TS + 10, "报告.txt\r\n"), Control.END);
        Path file = dir.resolve("s-1.rec");
        Policy policy = new Policy(RecordingTarget.file(file));
        SessionBridge sb = bridge(server(units.toArray(Unit[]::new)), policy);
        TestSink sink = new TestSink();
        sb.monitor(Caller.of("alice", "ws"), "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        RecordingResult r = policy.result.get(10, TimeUnit.SECONDS);
        assertThat(r.complete()).isTrue();
        assertThat(r.units()).isEqualTo(4);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("SESSREC1".getBytes(StandardCharsets.US_ASCII));
        for (Unit u : units) {
            expected.writeBytes(UnitEncoder.encode(u));
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
        assertThat(r.bytes()).isEqualTo(expected.size());
        assertThat(Recording.open(file).info().records()).isEqualTo(3);
    }

    @Test
    void allRecordsEveryBridgeIntoADirectory() throws Exception {
        SessionBridge sb = bridge(server(TerminalData.ofText(TS, "x"), Control.REFUSED), RecordingPolicy.all(dir));
        TestSink sink = new TestSink();
        Bridge b = sb.monitor(Caller.of("alice", "ws"), "SSH", "s:42", sink);
        sink.awaitEnd(WAIT);
        sb.close(); // waits for the writer
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.toList();
        }
        assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName().toString())
                .matches("s_42-\\d{8}T\\d{6}\\.\\d{3}Z-[a-z0-9]{8}-" + b.id() + "\\.rec"));
        try (RecordingReader reader = RecordingReader.open(files.get(0))) {
            assertThat(reader.next()).isEqualTo(TerminalData.ofText(TS, "x"));
            assertThat(reader.next()).isEqualTo(Control.REFUSED);
        }
    }

    @Test
    void twoSessionBridgesRecordingTheSameSessionIntoOneDirectoryKeepTwoIntactFiles() throws Exception {
        // both number their bridges from 1; each C server streams its own content
        List<Unit> one = new ArrayList<>();
        List<Unit> two = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            one.add(TerminalData.ofText(TS + i, "one " + i + "\r\n"));
            two.add(TerminalData.ofText(TS + i, "two " + i + "\r\n"));
        }
        one.add(Control.END);
        two.add(Control.END);
        SessionBridge a = bridge(server(one.toArray(Unit[]::new)), RecordingPolicy.all(dir));
        SessionBridge b = bridge(server(two.toArray(Unit[]::new)), RecordingPolicy.all(dir));
        TestSink sa = new TestSink();
        TestSink sb = new TestSink();
        Bridge ba = a.monitor(Caller.of("alice", "ws-1"), "SSH", "s-9", sa);
        Bridge bb = b.monitor(Caller.of("bob", "ws-2"), "SSH", "s-9", sb);
        assertThat(ba.id()).isEqualTo(bb.id());
        assertThat(sa.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sb.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        a.close();
        b.close();
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSize(2);
        List<List<Unit>> recorded = new ArrayList<>();
        for (Path f : files) {
            List<Unit> units = new ArrayList<>();
            try (RecordingReader reader = RecordingReader.open(f)) {
                for (Unit u = reader.next(); u != null; u = reader.next()) {
                    units.add(u);
                }
            }
            recorded.add(units);
        }
        assertThat(recorded).containsExactlyInAnyOrder(one, two);
    }

    @Test
    void aSlowDiskStopsTheRecordingNotTheBridge() throws Exception {
        CountDownLatch disk = new CountDownLatch(1);
        Policy policy = new Policy(() -> new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                try {
                    disk.await(); // the disk hangs
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                int n = src.remaining();
                src.position(src.limit());
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        });
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            units.add(new TerminalData(TS + i, new byte[4096]));
        }
        units.add(Control.END);
        SessionBridge sb = bridge(server(units.toArray(Unit[]::new)), policy);
        TestSink sink = new TestSink();
        sb.monitor(Caller.of("alice", "ws"), "SSH", "s-2", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.records()).hasSize(200);
        disk.countDown();
        RecordingResult r = policy.result.get(10, TimeUnit.SECONDS);
        assertThat(r.complete()).isFalse();
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("fell more than 65536 bytes behind"));
    }

    @Test
    void aFullDiskStopsTheRecordingNotTheBridge() throws Exception {
        Policy policy = new Policy(() -> new WritableByteChannel() {
            long written;

            @Override
            public int write(ByteBuffer src) throws IOException {
                if (written > 100) {
                    throw new IOException("No space left on device");
                }
                int n = src.remaining();
                written += n;
                src.position(src.limit());
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        });
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            units.add(TerminalData.ofText(TS + i, "line " + i + "\r\n"));
        }
        units.add(Control.END);
        SessionBridge sb = bridge(server(units.toArray(Unit[]::new)), policy);
        TestSink sink = new TestSink();
        sb.monitor(Caller.of("alice", "ws"), "SSH", "s-3", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.records()).hasSize(50);
        RecordingResult r = policy.result.get(10, TimeUnit.SECONDS);
        assertThat(r.complete()).isFalse();
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("No space left on device"));
    }

    @Test
    void thePolicyChoosesPerBridge() throws Exception {
        int port = server(TerminalData.ofText(TS, "x"), Control.END);
        SessionBridge sb = bridge(port, bridge -> bridge.sessionId().startsWith("audit-")
                ? Optional.of(RecordingTarget.file(dir.resolve(bridge.sessionId() + ".rec"))) : Optional.empty());
        TestSink a = new TestSink();
        TestSink b = new TestSink();
        sb.monitor(Caller.of("alice", "ws"), "SSH", "audit-1", a);
        sb.monitor(Caller.of("alice", "ws"), "SSH", "other", b);
        a.awaitEnd(WAIT);
        b.awaitEnd(WAIT);
        sb.close();
        assertThat(dir.resolve("audit-1.rec")).exists();
        assertThat(dir.resolve("other.rec")).doesNotExist();
    }
}
