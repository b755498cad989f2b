package io.github.sessionbridge.testkit;

/**
 * Entry point of the testkit's AssertJ assertions (AssertJ must be on the test classpath).
 *
 * <pre>{@code
 * import static io.github.sessionbridge.testkit.BridgeAssertions.assertThat;
 * }</pre>
 */
public final class BridgeAssertions {

    private BridgeAssertions() {
    }

    /**
     * Starts AssertJ assertions on what a recording sink received.
     *
     * @param sink the sink to check; a {@code null} sink is accepted here and fails the first assertion made
     * @return a new assertion object on {@code sink}; each of its methods returns it again for chaining
     */
    public static RecordingClientSinkAssert assertThat(RecordingClientSink sink) {
        return new RecordingClientSinkAssert(sink);
    }
}
