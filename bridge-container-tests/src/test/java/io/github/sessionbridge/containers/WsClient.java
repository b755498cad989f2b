package io.github.sessionbridge.containers;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's): keeps every binary message, the text messages and the close. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    private final List<byte[]> binary = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final ByteArrayOutputStream partBinary = new ByteArrayOutputStream();
    private final StringBuilder partText = new StringBuilder();
    final CompletableFuture<String> firstText = new CompletableFuture<>();
    /** The close code, or -1 when the connection dropped without a close frame (what browsers call 1006). */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket ws;

    WsClient(int port, String path) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), this).get(20, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        synchronized (this) {
            partBinary.writeBytes(b);
            if (last) {
                binary.add(partBinary.toByteArray());
                partBinary.reset();
                notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (this) {
            partText.append(data);
            if (last) {
                String t = partText.toString();
                partText.setLength(0);
                texts.add(t);
                firstText.complete(t);
                notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
        firstText.completeExceptionally(error);
    }

    synchronized List<byte[]> binary() {
        return List.copyOf(binary);
    }

    synchronized List<String> texts() {
        return List.copyOf(texts);
    }

    synchronized void awaitBinary(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (binary.size() < n) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " binary messages within " + timeout + ", got " + binary.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }
}
