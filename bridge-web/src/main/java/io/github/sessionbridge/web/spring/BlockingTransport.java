package io.github.sessionbridge.web.spring;

import io.github.sessionbridge.web.BrowserTransport;
import io.github.sessionbridge.web.internal.JakartaTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/** Spring's blocking {@code sendMessage}, run on a small shared pool: for sessions with no Jakarta session underneath. */
final class BlockingTransport implements BrowserTransport {
    private static final ExecutorService SENDERS;

    static {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "session-bridge-web-send");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        SENDERS = pool;
    }

    private final WebSocketSession session;

    BlockingTransport(WebSocketSession session) {
        this.session = session;
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        return CompletableFuture.runAsync(() -> send(new TextMessage(text)), SENDERS);
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer frame) {
        return CompletableFuture.runAsync(() -> send(new BinaryMessage(frame)), SENDERS);
    }

    private void send(org.springframework.web.socket.WebSocketMessage<?> m) {
        try {
            session.sendMessage(m);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(new CloseStatus(code, JakartaTransport.closeReason(reason)));
        } catch (IOException e) {
            // already closed or broken: the close handler runs either way
        }
    }
}
