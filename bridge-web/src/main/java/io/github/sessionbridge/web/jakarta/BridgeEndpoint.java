package io.github.sessionbridge.web.jakarta;

import io.github.sessionbridge.web.BrowserBridge;
import io.github.sessionbridge.web.BrowserConnection;
import io.github.sessionbridge.web.Handshake;
import io.github.sessionbridge.web.internal.JakartaTransport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser protocol as a Jakarta WebSocket endpoint: register it with the server's
 * {@code ServerContainer} and every browser WebSocket on that path is served by the {@link BrowserBridge}.
 *
 * <pre>{@code
 * ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
 * container.addEndpoint(BridgeEndpoint.config("/session-bridge", browserBridge));
 * }</pre>
 *
 * <p>The endpoint sets the session's text and binary buffers to four times
 * {@link io.github.sessionbridge.web.WebLimits#maxRequestBytes()} (larger frames are closed by the server with
 * 1009; smaller ones over the limit get error {@code TOO_LARGE}, then 1009), sends asynchronously with one send in flight, and
 * takes the {@code Origin} and {@code Host} headers of the upgrade for the origin check. Who the browser is
 * comes from the builder's {@link io.github.sessionbridge.web.CallerProvider}: the session's user principal,
 * by default. On Undertow, have it dispatch messages to worker threads
 * ({@code WebSocketDeploymentInfo.setDispatchToWorkerThread(true)}): a replay opens its file there.
 *
 * <p>A host may extend it (to register it with {@code @ServerEndpoint}-style configurators of its own, say);
 * each instance serves one WebSocket.
 */
public class BridgeEndpoint extends Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeEndpoint.class);
    private static final String ORIGIN = "io.github.sessionbridge.web.origin";
    private static final String HOST = "io.github.sessionbridge.web.host";

    private final BrowserBridge web;
    private volatile BrowserConnection connection;

    /**
     * An endpoint for one WebSocket.
     *
     * @param web the browser bridge serving it
     * @throws NullPointerException if {@code web} is null
     */
    public BridgeEndpoint(BrowserBridge web) {
        this.web = Objects.requireNonNull(web, "web");
    }

    /**
     * The configuration that registers the endpoint at {@code path}: one {@code BridgeEndpoint} per WebSocket,
     * the upgrade's {@code Origin} and {@code Host} kept for the origin check.
     *
     * @param path the WebSocket's path in the web application, such as {@code /session-bridge}
     * @param web  the browser bridge serving it
     * @return the configuration for {@code ServerContainer.addEndpoint}
     * @throws NullPointerException if an argument is null
     */
    public static ServerEndpointConfig config(String path, BrowserBridge web) {
        Objects.requireNonNull(web, "web");
        return ServerEndpointConfig.Builder.create(BridgeEndpoint.class, Objects.requireNonNull(path, "path"))
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request,
                            HandshakeResponse response) {
                        keep(sec.getUserProperties(), ORIGIN, first(request.getHeaders(), "Origin"));
                        keep(sec.getUserProperties(), HOST, first(request.getHeaders(), "Host"));
                    }

                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new BridgeEndpoint(web));
                    }
                })
                .build();
    }

    /** A header kept for {@link #onOpen}, or none: Tomcat's properties map takes no null (a client without Origin). */
    private static void keep(Map<String, Object> properties, String key, String value) {
        if (value == null) {
            properties.remove(key);
        } else {
            properties.put(key, value);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        // the server refuses frames far too large itself (1009); bridge-web tells the browser of the others
        int max = 4 * web.limits().maxRequestBytes();
        session.setMaxTextMessageBufferSize(max);
        session.setMaxBinaryMessageBufferSize(max);
        Map<String, Object> attributes = new HashMap<>();
        session.getUserProperties().forEach((k, v) -> {
            if (v != null && !k.equals(ORIGIN) && !k.equals(HOST)) {
                attributes.put(k, v);
            }
        });
        Handshake handshake = new Handshake(session.getId(), session.getUserPrincipal(),
                (String) session.getUserProperties().get(ORIGIN), (String) session.getUserProperties().get(HOST),
                attributes);
        BrowserConnection c = web.open(handshake, new JakartaTransport(session));
        connection = c;
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) c::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> c.onBinary(b.remaining()));
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        BrowserConnection c = connection;
        if (c != null) {
            c.onClose();
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        LOG.debug("WebSocket {} failed: {}", session.getId(), failure.toString());
    }
}
