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

    /** Assertions on what a recording sink received. */
    public static RecordingClientSinkAssert assertThat(RecordingClientSink sink) {
        return new RecordingClientSinkAssert(sink);
    }
}
