package io.github.sessionbridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link FakeCServer} for a test and injects it as a parameter; closes it after the test.
 * A server asked for in a {@code @BeforeAll} method (or a per-class test instance's constructor)
 * lives for the whole class and is the one every test of the class gets.
 *
 * <pre>{@code
 * @ExtendWith(FakeCServerExtension.class)
 * class WatchEndpointTest {
 *     @Test
 *     void tells_the_browser_when_the_c_server_dies_mid_record(FakeCServer c) {
 *         c.session("s-1").sendsText(0, "$ ").then(Ending.CLOSE_MID_BODY);
 *         try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
 *             RecordingClientSink browser = new RecordingClientSink();
 *             bridges.monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", browser);
 *             assertThat(browser).awaitingEnd(Duration.ofSeconds(5)).endedOnceWith(EndReason.TRUNCATED);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>To configure the server, register an instance: {@code @RegisterExtension static
 * FakeCServerExtension c = new FakeCServerExtension(b -> b.ops("SSH", "RDP").udp(true));}.
 *
 * <p>Each server is named after the test's display name, which shows in its logs and failure
 * messages. If a server cannot be started, the test fails with a
 * {@link ParameterResolutionException} giving the cause.
 */
public final class FakeCServerExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeCServerExtension.class);
    private static final String KEY = "server";

    private final UnaryOperator<FakeCServer.Builder> configuration;

    /**
     * Servers with the defaults: one operations type, {@code SSH}, over TCP on loopback. This is the
     * constructor {@code @ExtendWith(FakeCServerExtension.class)} uses.
     */
    public FakeCServerExtension() {
        this(UnaryOperator.identity());
    }

    /**
     * Servers built by {@code configuration} applied to {@link FakeCServer#builder()}.
     *
     * @param configuration sets up the builder of each server, for example
     *                      {@code b -> b.ops("SSH", "RDP").udp(true)}; it gets a builder already named after the
     *                      test and returns the builder to start (normally the same one). Called once per server;
     *                      not null
     */
    public FakeCServerExtension(UnaryOperator<FakeCServer.Builder> configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeCServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            FakeCServer existing = c.getStore(NAMESPACE).get(KEY, FakeCServer.class);
            if (existing != null && !existing.isClosed()) {
                return existing;
            }
        }
        try {
            FakeCServer server = configuration.apply(FakeCServer.builder().name(context.getDisplayName())).start();
            context.getStore(NAMESPACE).put(KEY, server);
            return server;
        } catch (IOException e) {
            throw new ParameterResolutionException("cannot start a FakeCServer: " + e.getMessage(), new UncheckedIOException(e));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeIn(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeIn(context);
    }

    private static void closeIn(ExtensionContext context) {
        FakeCServer server = context.getStore(NAMESPACE).remove(KEY, FakeCServer.class);
        if (server != null) {
            server.close();
        }
    }
}
