package io.github.sessionbridge.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A browser for tests: speaks bridge-web's browser protocol ({@code docs/browser-protocol.md}) over a real
 * WebSocket (the JDK's client) to the host's server, and feeds each view into a {@link RecordingClientSink},
 * so the same assertions check what crossed the wire as check a sink in process.
 *
 * <pre>{@code
 * try (BrowserTestClient browser = BrowserTestClient.connect(URI.create("ws://127.0.0.1:" + port + "/session-bridge"))) {
 *     RecordingClientSink view = browser.watch("SSH", "s-1");
 *     assertThat(view).awaitingEnd(Duration.ofSeconds(5)).endedOnceWith(EndReason.END).hasText("$ ls\r\n");
 *     KickOutcome kicked = browser.kick("SSH", "s-2", "audit test").toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>It sends {@code Origin: http://HOST:PORT} of the URI (the server's own origin). Needs Jackson's
 * {@code jackson-core} on the test class path (bridge-web brings it). Thread-safe.
 */
public final class BrowserTestClient implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Duration CONNECT = Duration.ofSeconds(10);

    private final Listener listener = new Listener();
    private final WebSocket ws;
    private final Map<Integer, RecordingClientSink> views = new HashMap<>();                  // guarded by this
    private final Map<Integer, CompletableFuture<Map<String, Object>>> answers = new HashMap<>(); // guarded by this
    private final List<Map<String, Object>> messages = new ArrayList<>();                     // guarded by this
    private final CompletableFuture<Map<String, Object>> hello = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private int nextView = 1;   // guarded by this
    private int nextId = 1;     // guarded by this

    private BrowserTestClient(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        String origin = "http://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        try {
            WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CONNECT).header("Origin", origin);
            headers.forEach(b::header);
            ws = b.buildAsync(uri, listener).get(CONNECT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot open a WebSocket to " + uri + ": " + e, e);
        }
    }

    /**
     * Connects and completes the handshake (protocol version 1).
     *
     * @param uri the adapter's WebSocket, such as {@code ws://127.0.0.1:8080/session-bridge}
     * @return a client whose {@code hello} has been answered
     * @throws IOException          if the WebSocket cannot be opened, or the server refused the handshake (the
     *                              message says why)
     * @throws InterruptedException if interrupted while waiting
     */
    public static BrowserTestClient connect(URI uri) throws IOException, InterruptedException {
        return connect(uri, Map.of());
    }

    /**
     * Connects with extra headers on the upgrade request (such as {@code Authorization}, for a server behind
     * Spring Security's HTTP Basic) and completes the handshake.
     *
     * @param uri     the adapter's WebSocket
     * @param headers header name to value, sent besides {@code Origin}
     * @return a client whose {@code hello} has been answered
     * @throws IOException          if the WebSocket cannot be opened, or the server refused the handshake (the
     *                              message says why)
     * @throws InterruptedException if interrupted while waiting
     */
    public static BrowserTestClient connect(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        BrowserTestClient c = new BrowserTestClient(Objects.requireNonNull(uri, "uri"), Map.copyOf(headers));
        try {
            c.send("{\"op\":\"hello\",\"version\":1,\"client\":\"bridge-testkit\"}");
        } catch (java.util.concurrent.CompletionException e) {
            // the server refused and closed first: its error (or the close) fails the hello below
        }
        try {
            c.hello.get(CONNECT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            c.close();
            throw new IOException("the handshake with " + uri + " failed: " + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        return c;
    }

    /**
     * Who the server says this connection is.
     *
     * @return the principal of the server's {@code hello}
     */
    public String principal() {
        return String.valueOf(hello.join().get("principal"));
    }

    /**
     * Watches session {@code sessionId} live.
     *
     * @param opsType   the operations type
     * @param sessionId the session
     * @return a sink receiving the view's records and its one notice as they arrive (a view the server
     *         refused ends with no notice; {@link #messages()} holds its error)
     */
    public RecordingClientSink watch(String opsType, String sessionId) {
        return open("{\"op\":\"watch\",\"ops\":" + quote(opsType) + ",\"session\":" + quote(sessionId));
    }

    /**
     * Replays the recording the host names {@code recording}.
     *
     * @param recording the name the host's catalog resolves
     * @return a sink receiving the replay's records and its notice
     */
    public RecordingClientSink replay(String recording) {
        return open("{\"op\":\"replay\",\"recording\":" + quote(recording));
    }

    private RecordingClientSink open(String request) {
        int view;
        RecordingClientSink sink = new RecordingClientSink();
        synchronized (this) {
            view = nextView++;
            views.put(view, sink);
        }
        send(request + ",\"view\":" + view + "}");
        return sink;
    }

    /**
     * Kicks a session.
     *
     * @param opsType   the operations type
     * @param sessionId the session
     * @param reason    the audit reason, or {@code null}
     * @return the outcome; fails with an {@link IllegalStateException} carrying the server's error
     */
    public CompletionStage<KickOutcome> kick(String opsType, String sessionId, String reason) {
        return request("{\"op\":\"kick\",\"ops\":" + quote(opsType) + ",\"session\":" + quote(sessionId)
                + (reason == null ? "" : ",\"reason\":" + quote(reason)) + "}")
                .thenApply(m -> new KickOutcome(KickOutcome.Status.valueOf((String) m.get("status")),
                        EndReason.valueOf((String) m.get("reason")), String.valueOf(m.get("detail"))));
    }

    /**
     * Sends any request (for bad-input tests), with an {@code id} added.
     *
     * @param json one JSON object, such as {@code {"op":"ping"}}
     * @return the message answering it (an {@code error} message fails the stage)
     */
    public CompletionStage<Map<String, Object>> request(String json) {
        int id;
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        synchronized (this) {
            id = nextId++;
            answers.put(id, answer);
        }
        String body = json.trim();
        send("{\"id\":" + id + (body.equals("{}") ? "}" : "," + body.substring(1)));
        return answer;
    }

    /**
     * Sends a text frame as it is.
     *
     * @param text the frame
     */
    public void send(String text) {
        ws.sendText(text, true).join();
    }

    /**
     * Every message the server sent, in order.
     *
     * @return each message's fields (strings, numbers, booleans, null; nested objects left out)
     */
    public synchronized List<Map<String, Object>> messages() {
        return List.copyOf(messages);
    }

    /**
     * The WebSocket's close code, once closed.
     *
     * @return completes with the close code, or -1 when the connection dropped without a close frame
     */
    public CompletionStage<Integer> closed() {
        return closed;
    }

    /** Closes the WebSocket (1000). */
    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : Objects.requireNonNull(s).toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static Map<String, Object> parse(String text) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object: " + text);
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (v) {
                    case VALUE_STRING -> m.put(name, p.getText());
                    case VALUE_NUMBER_INT -> m.put(name, p.getLongValue());
                    case VALUE_NUMBER_FLOAT -> m.put(name, p.getDoubleValue());
                    case VALUE_TRUE, VALUE_FALSE -> m.put(name, p.getBooleanValue());
                    case VALUE_NULL -> m.put(name, null);
                    default -> p.skipChildren();
                }
            }
        }
        return m;
    }

    private void onMessage(String text) {
        Map<String, Object> m;
        try {
            m = parse(text);
        } catch (IOException e) {
            m = Map.of("type", "NOT JSON", "text", text);
        }
        RecordingClientSink view;
        CompletableFuture<Map<String, Object>> answer = null;
        synchronized (this) {
            messages.add(m);
            view = m.get("view") instanceof Long l ? views.get(l.intValue()) : null;
            if (m.get("id") instanceof Long l) {
                answer = answers.remove(l.intValue());
            }
        }
        String type = String.valueOf(m.get("type"));
        switch (type) {
            case "hello" -> hello.complete(m);
            case "notice" -> {
                if (view != null) {
                    view.end(new Notice(((Long) m.get("code")).intValue(), EndReason.valueOf((String) m.get("reason")),
                            (String) m.get("text")));
                }
            }
            case "error" -> {
                IllegalStateException e = new IllegalStateException(m.get("code") + ": " + m.get("message"));
                if (answer != null) {
                    answer.completeExceptionally(e);
                } else if (!hello.isDone()) {
                    hello.completeExceptionally(e);
                }
            }
            default -> {
                if (answer != null) {
                    answer.complete(m);
                }
            }
        }
    }

    private void onRecord(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        int view = b.getInt();
        RecordingClientSink sink;
        synchronized (this) {
            sink = views.get(view);
        }
        if (sink == null) {
            return;
        }
        List<Unit> units = new ArrayList<>(1);
        new StreamDecoder().feed(b, units::add);
        for (Unit u : units) {
            if (u instanceof SessionRecord r) {
                sink.send(r);
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String t = text.toString();
                text.setLength(0);
                onMessage(t);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                byte[] frame = binary.toByteArray();
                binary.reset();
                onRecord(frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            hello.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
            hello.completeExceptionally(error);
        }
    }
}
