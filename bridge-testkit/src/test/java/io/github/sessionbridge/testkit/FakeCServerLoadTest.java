package io.github.sessionbridge.testkit;

import static io.github.sessionbridge.testkit.FakeCServerTest.WAIT;
import static io.github.sessionbridge.testkit.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many connections on one thread, and TCP flow control with a slow reader. */
class FakeCServerLoadTest {

    @Test
    void servesHundredsOfConcurrentConnectionsOnOneThread() throws Exception {
        int n = 600;
        Set<Thread> before = FakeCServerTest.liveThreadsOfMyGroup();
        List<CClient> clients = new ArrayList<>();
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("crowd").sendsText(T0, "hello");   // stays live
            try {
                for (int i = 0; i < n; i++) {
                    clients.add(CClient.monitor(server, "crowd"));
                }
                server.awaitRequests(n, Duration.ofSeconds(10));
                server.awaitActiveConnections(n, WAIT);
                for (CClient c : clients) {
                    assertThat(c.readUnits(1, WAIT).units()).containsExactly(TerminalData.ofText(T0, "hello"));
                }
                assertThat(server.liveMonitors("crowd")).isEqualTo(n);
                Set<Thread> during = new HashSet<>(FakeCServerTest.liveThreadsOfMyGroup());
                during.removeAll(before);
                assertThat(during).as("threads serving " + n + " connections").hasSize(1);

                try (CClient kicker = CClient.kick(server, "crowd")) {
                    assertThat(kicker.readAll(WAIT).bytes()).containsExactly('3');
                }
                for (CClient c : clients) {
                    CClient.Received r = c.readAll(WAIT);
                    assertThat(r.units()).containsExactly(TerminalData.ofText(T0, "hello"), Control.END);
                    assertThat(r.ending()).isEqualTo(CClient.Ending.EOF);
                }
                server.awaitActiveConnections(0, WAIT);
                assertThat(server.connectionCount()).isEqualTo(n + 1);
            } finally {
                for (CClient c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aSlowReaderIsServedWithBoundedMemoryThroughFlowControl(@TempDir Path dir) throws Exception {
        Path rec = dir.resolve("big.rec");
        byte[] chunk = new byte[16 * 1024];
        int records = 2048;   // 32 MiB of terminal data
        try (RecordingWriter w = RecordingWriter.create(rec)) {
            for (int i = 0; i < records; i++) {
                chunk[0] = (byte) i;
                w.write(new TerminalData(T0 + i, chunk));
            }
        }
        long streamBytes = Files.size(rec) - 8;
        try (FakeCServer server = FakeCServer.builder().start()) {
            server.session("big").streams(rec).then(Ending.END);
            try (CClient c = CClient.connect(server.host(), server.port(), 64 * 1024)) {
                c.send("[flag]=0&[sessionid]=big");
                Thread.sleep(500);   // the client reads nothing meanwhile
                CapturedConnection stuck = server.connections().get(0);
                assertThat(stuck.bytesQueued()).as("queued in the server").isPositive().isLessThanOrEqualTo(128 * 1024);
                assertThat(stuck.bytesSent()).as("written to the socket").isLessThan(streamBytes / 4);
                assertThat(stuck.state()).contains("streams big.rec");

                // now read it all, checking it is the file verbatim
                MessageDigest got = MessageDigest.getInstance("SHA-256");
                c.socket.setSoTimeout(5000);
                InputStream in = c.socket.getInputStream();
                byte[] buf = new byte[256 * 1024];
                long total = 0;
                for (int k; (k = in.read(buf)) >= 0; ) {
                    got.update(buf, 0, k);
                    total += k;
                }
                assertThat(total).isEqualTo(streamBytes + 1);
                MessageDigest want = MessageDigest.getInstance("SHA-256");
                try (InputStream f = Files.newInputStream(rec)) {
                    f.skipNBytes(8);
                    want.update(f.readAllBytes());
                }
                want.update((byte) '3');
                assertThat(got.digest()).isEqualTo(want.digest());
            }
        }
    }
}
