package io.github.sessionbridge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * <p><b>Before a Spring context.</b> A context whose properties name the C server needs the server before the
 * context starts, that is before any test instance: {@link #server()} starts the class's server on first call
 * (from a {@code @DynamicPropertySource} method) and {@link #properties(String)} gives its address as
 * properties; the server is closed after the class's tests.
 * <pre>{@code
 * @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
 * class ConsoleTest {
 *     @RegisterExtension
 *     static FakeCServerExtension c = new FakeCServerExtension(b -> b.ops("SSH"));
 *
 *     @DynamicPropertySource
 *     static void cServer(DynamicPropertyRegistry registry) {
 *         c.properties("bastion.c").forEach((k, v) -> registry.add(k, () -> v));   // bastion.c.host, bastion.c.tcp.SSH
 *     }
 * }
 * }</pre>
 *
 * <p>Each server is named after the test's display name, which shows in its logs and failure
 * messages. If a server cannot be started, the test fails with a
 * {@link ParameterResolutionException} giving the cause.
 */
public final class FakeCServerExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeCServerExtension.class);
    private static final String KEY = "server";

    private final UnaryOperator<FakeCServer.Builder> configuration;
    private FakeCServer shared;   // guarded by this: the one server() started

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

    /**
     * The class's server, started on the first call: for code that runs before any test instance exists, such as
     * a {@code @DynamicPropertySource} method. Closed after the class's tests; test parameters of type
     * {@code FakeCServer} get this server once it is started.
     *
     * @return the running server
     * @throws UncheckedIOException if it cannot be started
     */
    public synchronized FakeCServer server() {
        if (shared == null || shared.isClosed()) {
            try {
                shared = configuration.apply(FakeCServer.builder().name("shared")).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a FakeCServer: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    /**
     * The address of {@link #server()} as properties: {@code PREFIX.host}, and {@code PREFIX.tcp.OPS} (and
     * {@code PREFIX.udp.OPS} where the server speaks UDP) for each of its operations types.
     *
     * @param prefix the properties' prefix, such as {@code bastion.c}
     * @return the properties, in a stable order; starts the server if it is not running
     */
    public Map<String, String> properties(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        FakeCServer server = server();
        Map<String, String> p = new LinkedHashMap<>();
        p.put(prefix + ".host", server.host());
        for (String ops : server.opsTypes()) {
            p.put(prefix + ".tcp." + ops, String.valueOf(server.port(ops)));
            if (server.hasUdp(ops)) {
                p.put(prefix + ".udp." + ops, String.valueOf(server.udpPort(ops)));
            }
        }
        return p;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeCServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        synchronized (this) {
            if (shared != null && !shared.isClosed()) {
                return shared;
            }
        }
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
        FakeCServer s;
        synchronized (this) {
            s = shared;
            shared = null;
        }
        if (s != null) {
            s.close();
        }
    }

    private static void closeIn(ExtensionContext context) {
        FakeCServer server = context.getStore(NAMESPACE).remove(KEY, FakeCServer.class);
        if (server != null) {
            server.close();
        }
    }
}
