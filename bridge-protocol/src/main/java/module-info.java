/**
 * The C-link protocol codec, without I/O: bytes in, records and events out.
 *
 * <p>The only package, {@link io.github.sessionbridge.protocol}, holds the request line, the stream
 * decoder with its reassembly buffer, the encoder, the recording file format and a streaming UTF-8
 * decoder. Nothing in it opens a socket or starts a thread.
 */
module io.github.sessionbridge.protocol {
    exports io.github.sessionbridge.protocol;
}
