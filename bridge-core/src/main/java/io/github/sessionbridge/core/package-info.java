/**
 * The bridge between operators' browsers and the C session server: watch a session live, kick a
 * session off. The host application (a Java web server) owns the browser connections and hands each one
 * to the library; the library owns the C side.
 *
 * <pre>
 *  browser  &lt;-- WebSocket/SSE --&gt;  host server + SessionBridge  &lt;-- C-link (TCP/UDP) --&gt;  C server
 *  (ClientSink)                      (Bridge per monitor)                                (CEndpoint)
 * </pre>
 *
 * <h2>The parts</h2>
 *
 * <ul>
 *   <li>{@link io.github.sessionbridge.core.SessionBridge} is the entry point, one per application:
 *       {@link io.github.sessionbridge.core.SessionBridge#monitor monitor} opens a C connection, sends the
 *       request line {@code [flag]=0&[sessionid]=<SID>} and relays the session's records to a client;
 *       {@link io.github.sessionbridge.core.SessionBridge#kick kick} sends {@code [flag]=1&[sessionid]=<SID>}
 *       and returns the outcome as a {@link io.github.sessionbridge.core.KickOutcome}. It also lists the
 *       live bridges (by browser connection, by session) and counts what happened
 *       ({@link io.github.sessionbridge.core.BridgeStats}).</li>
 *   <li>{@link io.github.sessionbridge.core.Bridge} is one live monitor: the handle the host keeps for a
 *       browser connection and closes when that connection goes away.</li>
 *   <li>{@link io.github.sessionbridge.core.ClientSink} is the browser side, written by the host: it gets
 *       every record in stream order, then exactly one {@link io.github.sessionbridge.core.Notice} (code 3
 *       or 5, with its {@link io.github.sessionbridge.core.EndReason}) that tells the client how the
 *       session ended &mdash; none if the host closed the bridge because the client went away.</li>
 *   <li>{@link io.github.sessionbridge.core.CEndpoint} is the C side, the transport: by default
 *       {@link io.github.sessionbridge.core.CEndpoint#nio(int) java.nio TCP and UDP}; the testkit brings an
 *       in-memory one. Hosts only meet it, and {@link io.github.sessionbridge.core.CConnection}, when they
 *       write a transport.</li>
 *   <li>{@link io.github.sessionbridge.core.AccessPolicy} is the host's decision whether a
 *       {@link io.github.sessionbridge.core.Caller} may monitor or kick a session, asked before any C
 *       connection is opened; a denied monitor ends with {@code FORBIDDEN}.</li>
 *   <li>{@link io.github.sessionbridge.core.BridgeListener} observes every bridge and kick, for metrics and
 *       audit.</li>
 *   <li>{@link io.github.sessionbridge.core.BridgeConfig} holds it all: the C host, the port of each
 *       operations type (SSH, RDP, ...) over TCP or UDP, the timeouts, flow control, notice texts, the
 *       policy, the listener, the transport and recording
 *       ({@link io.github.sessionbridge.core.playback}).</li>
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * <p>The default transport runs every C connection on a small fixed set of selector threads (one unless
 * {@link io.github.sessionbridge.core.BridgeConfig.Builder#ioThreads ioThreads} says otherwise), named
 * {@code session-bridge-io-*}; there is no thread per session. Connection events, timers and, by default,
 * the {@code ClientSink} calls run there: for one bridge never concurrently and always in stream order. So a
 * sink must not block: it starts an asynchronous send and returns a stage that completes when the send has.
 * The next send waits for that stage (one send in flight, as Jakarta WebSocket requires), the end for the
 * last one. The bytes waiting or in flight count as queued for that client; above the high-water mark the
 * bridge stops reading its C connection until they fall to the low-water mark, and a client that keeps it
 * paused for the slow-client timeout ends with {@code CLIENT_TOO_SLOW}, so a slow client only ever slows
 * itself. A host whose sends block sets a
 * {@linkplain io.github.sessionbridge.core.BridgeConfig.Builder#callbackExecutor callback executor}: each
 * bridge's sink calls then run there, still one at a time and in order. The access policy runs on the thread
 * that called {@code monitor} or {@code kick}.
 *
 * <h2>Lifecycle</h2>
 *
 * <ol>
 *   <li>{@link io.github.sessionbridge.core.SessionBridge#create SessionBridge.create(config)} starts the
 *       transport.</li>
 *   <li>Each {@code monitor} checks the session id ({@code [A-Za-z0-9._:-]}, 1 to 128 characters) and the
 *       operations type before anything else and throws at once if they are wrong, asks the access policy,
 *       then connects. The bridge ends exactly once: on a control byte ({@code END}, {@code REFUSED}), when
 *       the C server closes or breaks the protocol, on an error or a timeout, or when the host closes it;
 *       its client is told once, except after {@link io.github.sessionbridge.core.Bridge#close()} (the
 *       client went away: {@code CLIENT_GONE}, no notice).
 *       {@link io.github.sessionbridge.core.Bridge#ended()} completes after the last call to the sink.</li>
 *   <li>Each {@code kick} completes its stage exactly once, never exceptionally: kicked, refused, or failed
 *       with its reason ({@code TIMEOUT} when the C server does not answer in time).</li>
 *   <li>{@link io.github.sessionbridge.core.SessionBridge#close()} ends every live bridge (each client told
 *       once, {@code SHUTDOWN}), fails pending kicks and releases every socket and thread.</li>
 * </ol>
 *
 * <h2>Example</h2>
 *
 * <p>Here {@code ws} stands for the host's browser connection, with a send that returns a
 * {@code CompletionStage}; {@code audit} is the host's own permission check.
 *
 * <pre>{@code
 * SessionBridge bridges = SessionBridge.create(BridgeConfig.builder()
 *         .host("10.0.0.5")                       // the C server
 *         .tcp("SSH", 9001)                       // operations type -> port
 *         .udp("VNC", 9103)
 *         .accessPolicy(req -> audit.mayWatch(req.caller().principal(), req.sessionId()))
 *         .build());
 *
 * // a browser connection asks to watch session s-42
 * ClientSink sink = new ClientSink() {
 *     @Override
 *     public CompletionStage<Void> send(SessionRecord record) {
 *         return ws.sendBinary(UnitEncoder.encode(record));    // asynchronous; never block here
 *     }
 *
 *     @Override
 *     public void end(Notice notice) {                         // at most once, after every send
 *         ws.sendText(notice.code() + " " + notice.reason() + " " + notice.text());
 *     }
 * };
 * Bridge bridge = bridges.monitor(Caller.of(user, ws.id()), "SSH", "s-42", sink);
 *
 * // the browser connection closed: the C connection closes promptly, no notice is sent
 * bridge.close();
 *
 * // kick a session off: the stage never fails, a failure is an outcome with its reason
 * bridges.kick(Caller.of(user, ws.id()), "SSH", "s-42")
 *         .thenAccept(outcome -> log.info("kick: {} ({})", outcome.status(), outcome.reason()));
 *
 * // the application stops: every client told SHUTDOWN, every socket and thread released
 * bridges.close();
 * }</pre>
 *
 * <p>The wire protocol these types implement is described in {@code docs/protocol.md}; recording,
 * playback and export are in {@link io.github.sessionbridge.core.playback}.
 */
package io.github.sessionbridge.core;
