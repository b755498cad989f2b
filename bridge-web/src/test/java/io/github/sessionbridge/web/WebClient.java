package io.github.sessionbridge.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client (the JDK's) speaking the browser protocol: every message and record, in arrival order. */
final class WebClient implements WebSocket.Listener, AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(20);

    /** A record frame: its view and the C-link unit's bytes. */
    record Rec(int view, byte[] unit) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Rec r && r.view == view && Arrays.equals(r.unit, unit);
        }

        @Override
        public int hashCode() {
            return view * 31 + Arrays.hashCode(unit);
        }
    }

    private final List<Object> events = new ArrayList<>();   // JsonNode or Rec; guarded by this
    private final ByteArrayOutputStream partBinary = new ByteArrayOutputStream();
    private final StringBuilder partText = new StringBuilder();
    /** The close code, or -1 when the connection dropped without a close frame. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile String closeReason;
    private final WebSocket ws;
    private int nextId;
    /** When false the client stops reading (the server's sends back up, as for a browser that does not read). */
    volatile boolean reading = true;

    private WebClient(URI uri, String origin) throws Exception {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            b.header("Origin", origin);
        }
        ws = b.buildAsync(uri, this).get(20, TimeUnit.SECONDS);
    }

    static WebClient connect(int port, String path) throws Exception {
        return new WebClient(URI.create("ws://127.0.0.1:" + port + path), "http://127.0.0.1:" + port);
    }

    static WebClient connect(int port, String path, String origin) throws Exception {
        return new WebClient(URI.create("ws://127.0.0.1:" + port + path), origin);
    }

    /** Connects and says hello; returns the client once the server's hello arrived. */
    static WebClient ready(int port, String path) throws Exception {
        WebClient c = connect(port, path);
        c.send("{\"op\":\"hello\",\"version\":1}");
        c.await(m -> m.path("type").asText().equals("hello"));
        return c;
    }

    void send(String text) {
        ws.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Sends {@code json} with a fresh {@code id} added; returns the id. */
    synchronized int request(String json) {
        int id = ++nextId;
        send("{\"id\":" + id + "," + json.substring(1));
        return id;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        synchronized (this) {
            partBinary.writeBytes(b);
            if (last) {
                byte[] all = partBinary.toByteArray();
                partBinary.reset();
                int view = ByteBuffer.wrap(all).getInt();
                events.add(new Rec(view, Arrays.copyOfRange(all, 4, all.length)));
                notifyAll();
            }
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (this) {
            partText.append(data);
            if (last) {
                String t = partText.toString();
                partText.setLength(0);
                try {
                    events.add(JSON.readTree(t));
                } catch (Exception e) {
                    events.add(JSON.createObjectNode().put("type", "NOT JSON").put("text", t));
                }
                notifyAll();
            }
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        synchronized (this) {
            notifyAll();
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    synchronized List<Object> events() {
        return List.copyOf(events);
    }

    synchronized List<JsonNode> messages() {
        return events.stream().filter(JsonNode.class::isInstance).map(JsonNode.class::cast).toList();
    }

    synchronized List<JsonNode> messages(String type) {
        return messages().stream().filter(m -> m.path("type").asText().equals(type)).toList();
    }

    synchronized List<byte[]> records(int view) {
        return events.stream().filter(Rec.class::isInstance).map(Rec.class::cast).filter(r -> r.view == view)
                .map(Rec::unit).toList();
    }

    /** The first message matching {@code p}, waiting for it. */
    JsonNode await(Predicate<JsonNode> p) throws InterruptedException {
        return await(p, WAIT);
    }

    synchronized JsonNode await(Predicate<JsonNode> p, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Object e : events) {
                if (e instanceof JsonNode m && p.test(m)) {
                    return m;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such message within " + timeout + "; got " + messages());
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    JsonNode awaitType(String type) throws InterruptedException {
        return await(m -> m.path("type").asText().equals(type));
    }

    JsonNode awaitType(String type, int view) throws InterruptedException {
        return await(m -> m.path("type").asText().equals(type) && m.path("view").asInt() == view);
    }

    /** The error answering request {@code id}. */
    JsonNode awaitError(int id) throws InterruptedException {
        return await(m -> m.path("type").asText().equals("error") && m.path("id").asInt() == id);
    }

    synchronized void awaitRecords(int view, int n) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (records(view).size() < n) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " records of view " + view + ", got " + records(view).size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    int awaitClose() throws Exception {
        return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }
}
