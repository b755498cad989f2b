package io.github.sessionbridge.web.spring;

import io.github.sessionbridge.web.BrowserBridge;
import io.github.sessionbridge.web.BrowserConnection;
import io.github.sessionbridge.web.BrowserTransport;
import io.github.sessionbridge.web.Handshake;
import io.github.sessionbridge.web.internal.JakartaTransport;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * The browser protocol as a Spring {@link WebSocketHandler}: register it and every browser WebSocket on its
 * path is served by the {@link BrowserBridge}.
 *
 * <pre>{@code
 * @Configuration @EnableWebSocket
 * class BridgeWeb implements WebSocketConfigurer {
 *     @Bean BrowserBridge browserBridge(SessionBridge sessions) {
 *         return BrowserBridge.builder(sessions).callers(CallerProvider.principal()).build();
 *     }
 *     public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
 *         registry.addHandler(new BridgeWebSocketHandler(browserBridge(null)), "/session-bridge");
 *     }
 * }
 * }</pre>
 *
 * <p>Sends go through the Jakarta session under Spring's standard one (Tomcat, Jetty, Undertow), one in
 * flight at a time and never blocking: Spring's own {@code sendMessage} may block. Where there is no Jakarta
 * session underneath, sends block on a small shared pool instead. Origins are checked by the
 * {@code BrowserBridge} (Spring's {@code setAllowedOrigins} may check them too); who the browser is comes from
 * its {@link io.github.sessionbridge.web.CallerProvider}, which sees Spring's principal and handshake
 * attributes.
 */
public class BridgeWebSocketHandler implements WebSocketHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeWebSocketHandler.class);
    private static final String CONNECTION = BrowserConnection.class.getName();

    private final BrowserBridge web;

    /**
     * A handler serving every WebSocket of its path.
     *
     * @param web the browser bridge
     * @throws NullPointerException if {@code web} is null
     */
    public BridgeWebSocketHandler(BrowserBridge web) {
        this.web = Objects.requireNonNull(web, "web");
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        int max = 4 * web.limits().maxRequestBytes();   // larger: refused by the server; smaller: TOO_LARGE
        session.setTextMessageSizeLimit(max);
        session.setBinaryMessageSizeLimit(max);
        Handshake handshake = new Handshake(session.getId(), session.getPrincipal(),
                session.getHandshakeHeaders().getOrigin(), session.getHandshakeHeaders().getFirst("Host"),
                session.getAttributes());
        BrowserConnection c = web.open(handshake, transport(session));
        session.getAttributes().put(CONNECTION, c);
    }

    private static BrowserTransport transport(WebSocketSession session) {
        if (session instanceof NativeWebSocketSession n && JAKARTA) {
            jakarta.websocket.Session s = n.getNativeSession(jakarta.websocket.Session.class);
            if (s != null) {
                return new JakartaTransport(s);
            }
        }
        return new BlockingTransport(session);
    }

    private static final boolean JAKARTA = present("jakarta.websocket.Session");

    private static boolean present(String className) {
        try {
            Class.forName(className, false, BridgeWebSocketHandler.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
        BrowserConnection c = (BrowserConnection) session.getAttributes().get(CONNECTION);
        if (c == null) {
            return;
        }
        if (message instanceof TextMessage t) {
            c.onText(t.getPayload());
        } else if (message instanceof BinaryMessage b) {
            c.onBinary(b.getPayloadLength());
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        LOG.debug("WebSocket {} failed: {}", session.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
        BrowserConnection c = (BrowserConnection) session.getAttributes().get(CONNECTION);
        if (c != null) {
            c.onClose();
        }
    }

    @Override
    public boolean supportsPartialMessages() {
        return false;
    }
}
