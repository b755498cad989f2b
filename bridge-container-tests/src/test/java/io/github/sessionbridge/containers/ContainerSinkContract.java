package io.github.sessionbridge.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every web container must give the README's sink: each record in order, then the end notice; and
 * the SHUTDOWN notice when the bridge is closed before the server. A subclass starts one container
 * serving {@link WatchEndpoint} on loopback.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ContainerSinkContract {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int RECORDS = 3000;

    private FakeCServer fake;
    private SessionBridge bridges;
    private WsClient client;
    private boolean serving;

    /** Starts the container with {@link WatchEndpoint} on 127.0.0.1 and an ephemeral port; returns the port. */
    abstract int startServer() throws Exception;

    /** Stops the container, closing the connections it carries. */
    abstract void stopServer() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        fake = FakeCServer.builder().ops("SSH").start();
        bridges = SessionBridge.create(fake.bridgeConfig().build());
        WatchEndpoint.bridges = bridges;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        bridges.close();
        if (serving) {
            stopServer();
        }
        fake.close();
    }

    private int start() throws Exception {
        int port = startServer();
        serving = true;
        return port;
    }

    /** Records of many sizes (16 B to 8 KiB), each numbered in its content. */
    static List<TerminalData> records(int n) {
        List<TerminalData> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] content = new byte[16 + (i * 997) % 8192];
            Arrays.fill(content, (byte) ('a' + i % 26));
            byte[] number = String.format("record %08d ", i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(number, 0, content, 0, Math.min(number.length, content.length));
            out.add(new TerminalData(1_700_000_000_000L + i, content));
        }
        return out;
    }

    @Test
    void the_readme_sink_delivers_every_record_in_order_then_the_end_notice() throws Exception {
        List<TerminalData> records = records(RECORDS);
        fake.session("s-1").sendsAll(records).then(Ending.END);
        int port = start();
        client = new WsClient(port, "/sessions/SSH/s-1");
        String notice = client.firstText.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(notice).isEqualTo("{\"code\":3,\"reason\":\"END\",\"text\":\"会话已结束！\"}");
        List<byte[]> got = client.binary();
        assertThat(got).hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            assertThat(got.get(i)).as("record %d", i).isEqualTo(UnitEncoder.encode(records.get(i)));
        }
        assertThat(client.texts()).hasSize(1);
        assertThat(bridges.stats().endedByReason().get(EndReason.END)).isEqualTo(1);
        assertThat(bridges.stats().endedByReason().get(EndReason.CLIENT_GONE)).isZero();
    }

    @Test
    void closing_the_bridge_before_the_server_tells_the_client_SHUTDOWN() throws Exception {
        List<TerminalData> records = records(200);
        fake.session("s-2").sendsAll(records).then(Ending.STALL);
        int port = start();
        client = new WsClient(port, "/sessions/SSH/s-2");
        client.awaitBinary(200, WAIT);
        // the documented order: the bridge first, while the server still carries the connection ...
        bridges.close();
        // ... then the server
        stopServer();
        serving = false;
        String notice = client.firstText.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(notice).isEqualTo("{\"code\":5,\"reason\":\"SHUTDOWN\",\"text\":\"会话已结束！\"}");
        assertThat(client.binary()).hasSize(200);
        assertThat(bridges.stats().endedByReason().get(EndReason.SHUTDOWN)).isEqualTo(1);
    }
}
