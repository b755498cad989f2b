package io.github.sessionbridge.web.internal;

import io.github.sessionbridge.web.BrowserTransport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta WebSocket session's asynchronous remote: one outstanding send, as {@code RemoteEndpoint.Async}
 * allows (the connection never sends two at once). Used by the Jakarta adapter, and by the Spring adapter
 * over Spring's standard (Jakarta) sessions.
 */
public final class JakartaTransport implements BrowserTransport {
    private static final Logger LOG = LoggerFactory.getLogger(JakartaTransport.class);

    private final Session session;
    private final RemoteEndpoint.Async remote;

    /**
     * The transport of {@code session}.
     *
     * @param session an open WebSocket session
     */
    public JakartaTransport(Session session) {
        this.session = session;
        this.remote = session.getAsyncRemote();
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        remote.sendText(text, handler(done));
        return done;
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        remote.sendBinary(frame, handler(done));
        return done;
    }

    private static SendHandler handler(CompletableFuture<Void> done) {
        return result -> {
            if (result.isOK()) {
                done.complete(null);
            } else {
                done.completeExceptionally(result.getException());
            }
        };
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), closeReason(reason)));
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing WebSocket {}: {}", session.getId(), e.toString());
        }
    }

    /** At most 123 bytes of UTF-8, as a close frame allows. */
    public static String closeReason(String reason) {
        String r = reason;
        while (r.getBytes(StandardCharsets.UTF_8).length > 123) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
