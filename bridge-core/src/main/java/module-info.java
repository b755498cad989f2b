/**
 * The bridge between browser connections and the C session server.
 *
 * <p>{@link io.github.sessionbridge.core.SessionBridge} is the entry point: it watches a session live,
 * kicks one off, records sessions while they are relayed (through
 * {@link io.github.sessionbridge.core.recording}) and (through {@link io.github.sessionbridge.core.playback})
 * plays recordings back.
 * {@link io.github.sessionbridge.core.ClientSink} is the browser side, supplied by the host;
 * {@link io.github.sessionbridge.core.CEndpoint} is the C side, by default the built-in {@code java.nio}
 * TCP/UDP transport. The {@code internal} packages are not exported.
 */
module io.github.sessionbridge.core {
    requires transitive io.github.sessionbridge.protocol;
    requires org.slf4j;

    exports io.github.sessionbridge.core;
    exports io.github.sessionbridge.core.playback;
    exports io.github.sessionbridge.core.recording;
}
