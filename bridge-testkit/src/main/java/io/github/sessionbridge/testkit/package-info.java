/**
 * Testing a host application against the C side without a C server: the testkit of session-bridge,
 * to be added to a host's tests in test scope.
 *
 * <ul>
 *   <li>{@link io.github.sessionbridge.testkit.FakeCServer}: a real C server on loopback (what
 *       MockWebServer is to OkHttp), one TCP port per operations type and optionally one UDP port each.
 *       Each session is programmed from the test with a {@link io.github.sessionbridge.testkit.SessionScript}:
 *       records, whole recording files, pacing ({@link io.github.sessionbridge.testkit.Pacing}), split
 *       writes ({@link io.github.sessionbridge.testkit.Split}), and every way the C side can end or fail.
 *       Kicks are answered as a real C server does, or as a {@link io.github.sessionbridge.testkit.KickReply}
 *       says; {@link io.github.sessionbridge.testkit.AcceptBehavior} covers faults before any request.
 *       Every request and connection is captured ({@link io.github.sessionbridge.testkit.CapturedRequest},
 *       {@link io.github.sessionbridge.testkit.CapturedConnection}) for assertions, and the waiting
 *       methods put the server's whole state into their failure messages.</li>
 *   <li>{@link io.github.sessionbridge.testkit.FakeCServerExtension}: a JUnit Jupiter extension that
 *       starts a server for each test (or each class) and injects it as a parameter.</li>
 *   <li>{@link io.github.sessionbridge.testkit.RecordingClientSink}: a client sink that stands for the
 *       browser. It records what it is given, checks the sink contract as it goes (no concurrent calls,
 *       nothing after the end, at most one end) and lets the test wait for records, text or the end
 *       notice; it can also play a slow client.</li>
 *   <li>{@link io.github.sessionbridge.testkit.BridgeAssertions}: AssertJ assertions on a recording sink,
 *       such as {@code endedOnceWith(EndReason.TRUNCATED)} and {@code hasText(...)}.</li>
 *   <li>{@link io.github.sessionbridge.testkit.InMemoryCEndpoint}: a transport with no sockets at all,
 *       where a lambda plays the C server, for the fastest unit tests; give it to the bridge with
 *       {@code BridgeConfig.Builder.endpoint(...)}.</li>
 * </ul>
 *
 * <p>A typical test: the fake C server sends one terminal-data record, then dies in the middle of the
 * next, and the browser must be told exactly once.
 *
 * <pre>{@code
 * import static io.github.sessionbridge.testkit.BridgeAssertions.assertThat;   // for the sink
 * import static org.assertj.core.api.Assertions.assertThat;                  // for everything else
 *
 * @ExtendWith(FakeCServerExtension.class)
 * class WatchEndpointTest {
 *     @Test
 *     void the_browser_is_told_once_when_the_c_server_dies_mid_record(FakeCServer c) {
 *         c.session("s-1").sendsText(0, "$ ls\r\n").then(Ending.CLOSE_MID_BODY);
 *         try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
 *             RecordingClientSink browser = new RecordingClientSink();
 *             bridges.monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", browser);
 *             assertThat(browser).awaitingEnd(Duration.ofSeconds(5))
 *                     .endedOnceWith(EndReason.TRUNCATED)
 *                     .hasText("$ ls\r\n");
 *             assertThat(c.takeRequest(Duration.ofSeconds(5)).sessionId()).isEqualTo("s-1");
 *             c.awaitActiveConnections(0, Duration.ofSeconds(5));   // the bridge closed its C connection
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Dependencies.</b> JUnit Jupiter ({@code junit-jupiter-api}) and AssertJ ({@code assertj-core})
 * are optional dependencies of the testkit, declared {@code provided}: the testkit does not bring them,
 * the host's test classpath does, in the versions the host already uses. Only
 * {@link io.github.sessionbridge.testkit.FakeCServerExtension} needs JUnit Jupiter and only
 * {@link io.github.sessionbridge.testkit.BridgeAssertions} and
 * {@link io.github.sessionbridge.testkit.RecordingClientSinkAssert} need AssertJ; everything else
 * works with any test framework, or none. On the module path they are {@code requires static}.
 *
 * <p><b>Threads.</b> {@code FakeCServer}, {@code SessionScript}, {@code RecordingClientSink} and
 * {@code InMemoryCEndpoint} are thread-safe, {@code Split} and {@code Pacing} immutable;
 * {@code FakeCServer.Builder} is not thread-safe. A fake server does all its I/O on one thread of its
 * own, however many connections it has; a script may be changed while it runs.
 */
package io.github.sessionbridge.testkit;
