package io.github.sessionbridge.spring.sample;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.spring.boot.autoconfigure.CallerResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A deliberately minimal browser endpoint for the test only, standing in for bridge-web's Spring adapter
 * (issue 17) until that is merged: text commands {@code watch <ops> <sid>} and {@code kick <ops> <sid> <reason>};
 * it answers {@code data:<text>}, {@code end:<reason>:<code>} and {@code kick:<status>:<reason>}.
 */
final class MinimalBrowserEndpoint extends TextWebSocketHandler {
    private final SessionBridge bridge;
    private final CallerResolver callers;
    private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();

    MinimalBrowserEndpoint(SessionBridge bridge, CallerResolver callers) {
        this.bridge = bridge;
        this.callers = callers;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        sessions.put(session.getId(), new ConcurrentWebSocketSessionDecorator(session, 5000, 1 << 20));
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) throws IOException {
        WebSocketSession ws = sessions.get(raw.getId());
        Caller caller = callers.resolve(raw.getPrincipal(), raw.getId()).orElse(null);
        if (caller == null) {
            ws.close(CloseStatus.POLICY_VIOLATION);
            return;
        }
        String[] w = message.getPayload().split(" ", 4);
        if (w[0].equals("watch")) {
            bridge.monitor(caller, w[1], w[2], new Sink(ws));
        } else if (w[0].equals("kick")) {
            bridge.kick(caller, w[1], w[2], w[3]).thenAccept(o -> send(ws, "kick:" + o.status() + ":" + o.reason()));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        sessions.remove(session.getId());
        List<Bridge> of = bridge.bridgesOfConnection(session.getId());
        of.forEach(Bridge::close);
    }

    private static void send(WebSocketSession ws, String text) {
        try {
            ws.sendMessage(new TextMessage(text));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Sink(WebSocketSession ws) implements ClientSink {
        @Override
        public CompletionStage<Void> send(SessionRecord record) {
            try {
                if (record instanceof TerminalData) {
                    MinimalBrowserEndpoint.send(ws, "data:" + new String(record.content(), StandardCharsets.UTF_8));
                }
                return DONE;
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void end(Notice notice) {
            MinimalBrowserEndpoint.send(ws, "end:" + notice.reason() + ":" + notice.code());
        }
    }
}
