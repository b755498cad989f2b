package io.github.sessionbridge.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import io.github.sessionbridge.web.WebLimits;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example console against hostile browsers and hostile recordings, over real Jetty and real WebSocket
 * clients on 127.0.0.1: DNS rebinding, a client that floods requests and never reads (bridge-web's limits, as the
 * console configures them), input events that would reorder or hide what the page shows, a recording with
 * 200,000 input events.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleHardeningTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long TS = 1_700_000_000_000L;

    @TempDir
    Path dir;
    SessionBridge bridges;
    SessionDirectory directory;
    ConsoleServer console;
    ServerSocket cServer;   // a C port that accepts and says nothing: nothing here watches live

    @BeforeEach
    void start() throws Exception {
        cServer = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        bridges = SessionBridge.create(BridgeConfig.builder().host("127.0.0.1").tcp("SSH", cServer.getLocalPort()).build());
        directory = new SessionDirectory();
        directory.add(new SessionDirectory.Session("s-1", "SSH", "alice", "web-01", Instant.ofEpochMilli(TS), true, null));
    }

    @AfterEach
    void stop() throws IOException {
        if (console != null) {
            console.close();
        }
        bridges.close();
        cServer.close();
    }

    private void serve() throws Exception {
        console = ConsoleServer.start("127.0.0.1", 0, bridges, directory, "test");
    }

    // ---- (a) DNS rebinding ----

    @Test
    void aRebindingHandshakeIsRefusedWhileTheConsolesOwnOriginsAreServed() throws Exception {
        serve();
        int p = console.port();
        try (RawClient evil = new RawClient(p, 64 * 1024)) {
            // evil.example resolves to 127.0.0.1 now: the browser sends its own name as Host and Origin
            assertThat(evil.handshake("evil.example:" + p, "http://evil.example:" + p)).isEqualTo(403);
        }
        try (RawClient evil = new RawClient(p, 64 * 1024)) {
            assertThat(evil.handshake("evil.example:" + p, null)).as("a Host that is not the console's").isEqualTo(403);
        }
        try (RawClient evil = new RawClient(p, 64 * 1024)) {
            assertThat(evil.handshake("127.0.0.1:" + p, "http://evil.example:" + p)).isEqualTo(403);
        }
        try (RawClient evil = new RawClient(p, 64 * 1024)) {
            assertThat(evil.handshake("127.0.0.1:" + (p + 1), "http://127.0.0.1:" + (p + 1))).as("another port").isEqualTo(403);
        }
        for (String host : List.of("127.0.0.1:" + p, "localhost:" + p, "LOCALHOST:" + p, "[::1]:" + p)) {
            try (RawClient page = new RawClient(p, 64 * 1024)) {
                assertThat(page.handshake(host, "http://" + host.toLowerCase())).as(host).isEqualTo(101);
                page.out.write(RawClient.textFrame("{\"op\":\"hello\",\"version\":1}"));
                assertThat(page.readText()).contains("\"type\":\"hello\"").contains("\"principal\":\"operator\"");
            }
        }
    }

    // ---- (b) flooding without reading ----

    @Test
    void aClientFloodingRequestsAndNeverReadingIsClosedWhileAnotherIsServed() throws Exception {
        serve();
        int p = console.port();
        try (RawClient flood = new RawClient(p, 4096)) {
            assertThat(flood.handshake("127.0.0.1:" + p, null)).isEqualTo(101);
            flood.out.write(RawClient.textFrame("{\"op\":\"hello\",\"version\":1}"));
            AtomicInteger sent = new AtomicInteger();
            CompletableFuture<Throwable> stopped = CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] frame = RawClient.textFrame("{\"op\":\"ping\"}");
                    for (int i = 0; i < 300_000; i++) {
                        flood.out.write(frame);
                        sent.incrementAndGet();
                    }
                    return null;   // the server read every one
                } catch (IOException e) {
                    return e;      // the server closed the connection
                }
            });
            // meanwhile, another tab works
            assertThat(new JdkClient(p).hello()).contains("\"type\":\"hello\"");
            Throwable t = stopped.get(90, TimeUnit.SECONDS);
            assertThat(t).as("the flooding connection was closed (after %d requests)", sent.get()).isNotNull();
            assertThat(sent.get()).isLessThan(300_000);
            assertThat(new JdkClient(p).hello()).contains("\"type\":\"hello\"");
        }
    }

    @Test
    void aConfiguredOriginIsAllowedAndOnlyIt() throws Exception {
        console = ConsoleServer.start("127.0.0.1", 0, bridges, directory, "test", List.of("https://console.example.org"));
        int p = console.port();
        try (RawClient proxied = new RawClient(p, 64 * 1024)) {
            assertThat(proxied.handshake("console.example.org", "https://console.example.org")).isEqualTo(101);
        }
        try (RawClient other = new RawClient(p, 64 * 1024)) {
            assertThat(other.handshake("console.example.org", "http://console.example.org")).isEqualTo(403);
        }
    }

    @Test
    void aClientWhoseOutputBacksUpIsGivenUpOnOnceItsPendingOutputPassesTheBound() throws Exception {
        // a C server whose session floods: 24 MB of terminal data, more than the sockets hold
        try (FakeCServer fake = FakeCServer.builder().ops("SSH").start();
             SessionBridge sessions = SessionBridge.create(fake.bridgeConfig().build())) {
            List<TerminalData> flood = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                flood.add(new TerminalData(TS + i, new byte[60_000]));
            }
            fake.session("s-big").sendsAll(flood).then(Ending.STALL);
            // requests not rate-limited here: what stops this client is the output it does not read
            WebLimits limits = new WebLimits(8, 4096, 1e9, 1_000_000_000, 64 * 1024, java.time.Duration.ofSeconds(1));
            console = ConsoleServer.start("127.0.0.1", 0, sessions, directory, "test", List.of(), limits);
            int p = console.port();
            try (RawClient stuck = new RawClient(p, 4096)) {
                assertThat(stuck.handshake("127.0.0.1:" + p, null)).isEqualTo(101);
                stuck.out.write(RawClient.textFrame("{\"op\":\"hello\",\"version\":1}"));
                stuck.out.write(RawClient.textFrame("{\"op\":\"watch\",\"view\":1,\"ops\":\"SSH\",\"session\":\"s-big\"}"));
                fake.awaitActiveConnections(1, java.time.Duration.ofSeconds(20));
                Thread.sleep(1000);   // the records back up in the sockets; the bridge stops reading the C side
                byte[] ping = RawClient.textFrame("{\"op\":\"ping\"}");   // each pong waits behind them
                for (int i = 0; i < 2000 && fake.activeConnections() > 0; i++) {
                    stuck.out.write(ping);
                }
                // the connection was given up on: its view, and so its C connection, closed
                fake.awaitActiveConnections(0, java.time.Duration.ofSeconds(20));
                // meanwhile, another tab is served
                assertThat(new JdkClient(p).hello()).contains("\"type\":\"hello\"");
            }
        }
    }

    // ---- (c) and defect 1: what a hostile recording's input events can do to the page and the heap ----

    @Test
    void replayedInputEventsAreNeutralisedAndTheirListIsBounded() throws Exception {
        Path rec = dir.resolve("hostile.rec");
        int events = 200_000;
        try (RecordingWriter w = RecordingWriter.create(rec)) {
            w.write(TerminalData.ofText(TS, "$ "));
            w.write(InputEvent.ofText(TS + 1, "rm -rf /tmp/x \u202Egnp.exe\u202C\u200B\u0085\u0007 # \u2066ok\u2069"));
            for (int i = 0; i < events; i++) {
                w.write(InputEvent.ofText(TS + 2 + i, "ls " + i));
            }
        }
        directory.add(new SessionDirectory.Session("hostile", "SSH", "mallory", "web-02", Instant.ofEpochMilli(TS), false, rec));
        serve();
        HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + console.port() + "/api/commands?session=hostile")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(got.body());
        JsonNode commands = list.path("commands");
        assertThat(commands.size()).isLessThanOrEqualTo(1000).isPositive();
        assertThat(list.path("total").asLong()).isEqualTo(events + 1L);
        String first = commands.get(0).path("text").asText();
        assertThat(first).doesNotContain("\u202E", "\u202C", "\u200B", "\u0085", "\u0007", "\u2066", "\u2069")
                .contains("\u27e8U+202E\u27e9gnp.exe\u27e8U+202C\u27e9\u27e8U+200B\u27e9\u27e8U+0085\u27e9^G # \u27e8U+2066\u27e9ok\u27e8U+2069\u27e9");
        assertThat(got.body().length()).as("the command list").isLessThan(1 << 20);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + console.port() + "/api/commands?session=s-1")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("a session without a recording").isEqualTo(404);
    }

    // ---- clients ----

    /** A WebSocket client on a bare socket: any Host and Origin, and it reads only when told to. */
    static final class RawClient implements AutoCloseable {
        final Socket socket = new Socket();
        final InputStream in;
        final OutputStream out;

        RawClient(int port, int receiveBuffer) throws IOException {
            socket.setReceiveBufferSize(receiveBuffer);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** Sends the upgrade request; returns the response's status, its headers read. */
        int handshake(String host, String origin) throws IOException {
            String request = "GET /ws HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            String status = head.toString(StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }

        static byte[] textFrame(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            if (payload.length > 125) {
                throw new IllegalArgumentException("short frames only");
            }
            byte[] mask = {0x12, 0x34, 0x56, 0x78};
            byte[] frame = new byte[6 + payload.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | payload.length);
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < payload.length; i++) {
                frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
            }
            return frame;
        }

        /** The next text message (unfragmented, as the console sends its short ones). */
        String readText() throws IOException {
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = (in.read() << 8) | in.read();
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) len);
                if ((b0 & 0x0f) == 1) {
                    return new String(payload, StandardCharsets.UTF_8);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The JDK's WebSocket client, as a well-behaved tab (no Origin: not a browser). */
    static final class JdkClient {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final WebSocket ws;

        JdkClient(int port) throws Exception {
            StringBuilder part = new StringBuilder();
            AtomicReference<WebSocket> self = new AtomicReference<>();
            ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            part.append(data);
                            if (last) {
                                messages.add(part.toString());
                                part.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
                            webSocket.request(1);
                            return null;
                        }
                    }).get(20, TimeUnit.SECONDS);
            self.set(ws);
        }

        String next() throws InterruptedException {
            String m = messages.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("a message within 20 s").isNotNull();
            return m;
        }

        /** Says hello; returns the server's answer. */
        String hello() throws Exception {
            send("{\"op\":\"hello\",\"version\":1}");
            return next();
        }

        List<String> firstMessages(int n) throws InterruptedException {
            String[] got = new String[n];
            for (int i = 0; i < n; i++) {
                got[i] = next();
            }
            return List.of(got);
        }

        void send(String text) throws Exception {
            ws.sendText(text, true).get(10, TimeUnit.SECONDS);
        }
    }
}
