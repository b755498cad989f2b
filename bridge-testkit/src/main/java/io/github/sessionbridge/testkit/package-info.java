/**
 * Testing a host application against the C side without a C server.
 *
 * <ul>
 *   <li>{@link io.github.sessionbridge.testkit.FakeCServer}: a real C server on loopback, programmed per
 *       session with a {@link io.github.sessionbridge.testkit.SessionScript}, capturing every request;
 *       {@link io.github.sessionbridge.testkit.FakeCServerExtension} starts one per test for JUnit Jupiter.</li>
 *   <li>{@link io.github.sessionbridge.testkit.RecordingClientSink}: a client sink that records what it is
 *       given and checks the sink contract; {@link io.github.sessionbridge.testkit.BridgeAssertions} makes
 *       AssertJ assertions on it.</li>
 *   <li>{@link io.github.sessionbridge.testkit.InMemoryCEndpoint}: a transport with no sockets, for the
 *       fastest unit tests.</li>
 * </ul>
 *
 * <p>JUnit Jupiter and AssertJ are optional dependencies: the extension and the assertions need them on
 * the test classpath, the rest does not.
 */
package io.github.sessionbridge.testkit;
