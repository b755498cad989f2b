package io.github.sessionbridge.containers;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.UnitEncoder;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnOpen;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The README's Jakarta WebSocket endpoint ("Using it in your server"), its sink word for word; only the
 * caller differs (the test clients do not log in) and the bridges come from the test.
 */
@ServerEndpoint("/sessions/{ops}/{sid}")
public class WatchEndpoint {
    /** The SessionBridge of the test that runs. */
    static volatile SessionBridge bridges;

    private Bridge bridge;

    @OnOpen
    public void open(Session ws, @PathParam("ops") String ops, @PathParam("sid") String sid) {
        RemoteEndpoint.Async remote = ws.getAsyncRemote();
        ClientSink sink = new ClientSink() {
            @Override
            public CompletionStage<Void> send(SessionRecord record) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                // binary frame: the record as it came from the C server (type, length, timestamp, content)
                remote.sendBinary(ByteBuffer.wrap(UnitEncoder.encode(record)), result -> {
                    if (result.isOK()) done.complete(null); else done.completeExceptionally(result.getException());
                });
                return done;
            }

            @Override
            public void end(Notice notice) {   // exactly once: code 3 (END/REFUSED) or 5 (with its reason)
                remote.sendText("{\"code\":" + notice.code() + ",\"reason\":\"" + notice.reason()
                        + "\",\"text\":\"" + notice.text() + "\"}");
            }
        };
        bridge = bridges.monitor(Caller.of("auditor", ws.getId()), ops, sid, sink);
    }

    @OnClose
    public void close() {
        bridge.close();   // the C connection closes promptly; no notice is sent to a client that left
    }
}
