/**
 * Test support for applications that embed session-bridge: a fake C server, a JUnit Jupiter
 * extension, a recording client sink with AssertJ assertions, and an in-memory C endpoint.
 *
 * <p>JUnit Jupiter and AssertJ are read only when present ({@code requires static}, not transitive,
 * so a test module that uses neither compiles without them): a test module that uses
 * {@code FakeCServerExtension} or {@code BridgeAssertions} requires {@code org.junit.jupiter.api} or
 * {@code org.assertj.core} itself, as it does for its own tests. The command-line tools live in a
 * package that is not exported. {@code BrowserTestClient} reads Jackson's {@code jackson-core} when present
 * (bridge-web brings it).
 */
module io.github.sessionbridge.testkit {
    requires transitive io.github.sessionbridge.core;
    requires org.slf4j;
    requires java.net.http;
    requires static com.fasterxml.jackson.core;
    requires static org.junit.jupiter.api;
    requires static org.assertj.core;

    exports io.github.sessionbridge.testkit;
}
