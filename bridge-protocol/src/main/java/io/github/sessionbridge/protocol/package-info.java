/**
 * The C-link protocol as bytes in, values out: no sockets, no threads, no clocks.
 *
 * <ul>
 *   <li>{@link io.github.sessionbridge.protocol.RequestLine} encodes and parses the request line
 *       {@code [flag]=<0|1>&[sessionid]=<SID>}, validating the session id before anything is sent;
 *       {@link io.github.sessionbridge.protocol.RequestDecoder} parses it incrementally on the server side.</li>
 *   <li>{@link io.github.sessionbridge.protocol.StreamDecoder} is the reassembly buffer: feed it the
 *       C server's bytes however TCP split or merged them and it yields {@link io.github.sessionbridge.protocol.Unit}s
 *       &mdash; {@link io.github.sessionbridge.protocol.TerminalData}, {@link io.github.sessionbridge.protocol.ScreenFrame},
 *       {@link io.github.sessionbridge.protocol.InputEvent} and {@link io.github.sessionbridge.protocol.Control} &mdash;
 *       or one {@link io.github.sessionbridge.protocol.ProtocolException}.</li>
 *   <li>{@link io.github.sessionbridge.protocol.UnitEncoder} writes units back to bytes.</li>
 *   <li>{@link io.github.sessionbridge.protocol.RecordingWriter} and {@link io.github.sessionbridge.protocol.RecordingReader}
 *       stream recording files ({@code SESSREC1} + the units).</li>
 *   <li>{@link io.github.sessionbridge.protocol.Utf8StreamDecoder} turns terminal data into text, carrying a
 *       multi-byte character that a record boundary cut in two over to the next record.</li>
 * </ul>
 *
 * <p>Every class here is not thread-safe unless it says otherwise; value types are immutable.
 */
package io.github.sessionbridge.protocol;
