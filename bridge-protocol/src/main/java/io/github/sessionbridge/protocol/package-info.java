/**
 * The C-link protocol (version 1, {@code docs/protocol.md}) as bytes in, values out: no sockets, no
 * threads, no clocks. Both sides use it: the bridge in {@code bridge-core}, which talks to the C
 * server, and anything that plays the C server's part (the test kit's fake C server, tools that
 * write or read recordings).
 *
 * <h2>Main types</h2>
 * <ul>
 *   <li>{@link io.github.sessionbridge.protocol.RequestLine} encodes and parses the request line
 *       {@code [flag]=<0|1>&[sessionid]=<SID>} ({@link io.github.sessionbridge.protocol.Action} is the flag),
 *       validating the session id before anything is sent, so no caller can inject a second parameter;
 *       {@link io.github.sessionbridge.protocol.RequestDecoder} parses it incrementally on the server side.</li>
 *   <li>{@link io.github.sessionbridge.protocol.StreamDecoder} is the reassembly buffer: feed it the
 *       C server's bytes however TCP split or merged them and it yields
 *       {@link io.github.sessionbridge.protocol.Unit}s &mdash; {@link io.github.sessionbridge.protocol.TerminalData},
 *       {@link io.github.sessionbridge.protocol.ScreenFrame}, {@link io.github.sessionbridge.protocol.InputEvent}
 *       and {@link io.github.sessionbridge.protocol.Control} &mdash; or one
 *       {@link io.github.sessionbridge.protocol.ProtocolException}. It checks a record's length from its
 *       header alone, so a peer that claims a huge record costs nothing.</li>
 *   <li>{@link io.github.sessionbridge.protocol.UnitEncoder} writes units back to bytes.</li>
 *   <li>{@link io.github.sessionbridge.protocol.RecordingWriter} and
 *       {@link io.github.sessionbridge.protocol.RecordingReader} stream recording files ({@code SESSREC1} + the
 *       units exactly as the C server sent them).</li>
 *   <li>{@link io.github.sessionbridge.protocol.Utf8StreamDecoder} turns terminal data into text, carrying a
 *       multi-byte character that a record boundary cut in two over to the next record.</li>
 * </ul>
 *
 * <p>Records ({@link io.github.sessionbridge.protocol.SessionRecord} and its three subclasses, one per
 * {@link io.github.sessionbridge.protocol.RecordType}) hold a timestamp in milliseconds since the Unix epoch
 * and their content, which they never share: a constructor copies it and {@code content()} hands out a copy.
 * The only errors the codec reports are {@link io.github.sessionbridge.protocol.ProtocolException} (a peer or a
 * file broke the protocol: its kind and byte offset say what and where) and
 * {@link io.github.sessionbridge.protocol.InvalidSessionIdException} (a caller's session id is not allowed).
 *
 * <p><b>Threads.</b> Value types (records, {@code RequestLine}, the enums) are immutable and can be shared
 * freely. Every other class (decoders, reader, writer) is not thread-safe: use one instance per stream, from
 * one thread at a time. {@code UnitEncoder} is stateless.
 */
package io.github.sessionbridge.protocol;
