package io.github.sessionbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.StreamDecoder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The library as a modular application uses it: the three published jars and slf4j-api on the module
 * path, nothing on the class path. A consumer module is compiled against them with {@code javac} and run
 * with {@code java -m}; it watches a session of a fake C server over real sockets and kicks another. A
 * second consumer that imports an {@code internal} package must not compile. Runs after {@code package}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JpmsIT {
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    /** protocol, core, testkit (the packaged jar of this module) and slf4j-api. */
    static String modulePath() throws IOException {
        Path testkitJar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            testkitJar = files.filter(p -> p.getFileName().toString().matches("bridge-testkit-\\d[^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("the testkit jar is built by 'package'"));
        }
        List<String> path = new ArrayList<>();
        path.add(testkitJar.toString());
        path.add(location(SessionBridge.class));
        path.add(location(StreamDecoder.class));
        path.add(location(LoggerFactory.class));
        return String.join(File.pathSeparator, path);
    }

    static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles the module in {@code src} to {@code out}; returns javac's status and diagnostics. */
    static Compiled javac(String modulePath, Path src, Path out) throws IOException {
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror",
                "--module-path", modulePath, "-d", out.toString()));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        return new Compiled(status, diagnostics.toString(StandardCharsets.UTF_8));
    }

    record Compiled(int status, String diagnostics) {
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aConsumerModuleCompilesAgainstTheExportedApiAndWatchesAndKicksOverRealSockets() throws Exception {
        String mp = modulePath();
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), """
                module example.consumer {
                    requires io.github.sessionbridge.testkit;
                }
                """);
        write(src.resolve("example/consumer/Main.java"), """
                package example.consumer;

                import io.github.sessionbridge.core.Caller;
                import io.github.sessionbridge.core.KickOutcome;
                import io.github.sessionbridge.core.Notice;
                import io.github.sessionbridge.core.SessionBridge;
                import io.github.sessionbridge.testkit.Ending;
                import io.github.sessionbridge.testkit.FakeCServer;
                import io.github.sessionbridge.testkit.RecordingClientSink;
                import java.lang.module.ModuleDescriptor;
                import java.time.Duration;
                import java.util.TreeSet;
                import java.util.concurrent.TimeUnit;

                public final class Main {
                    public static void main(String[] args) throws Exception {
                        for (Class<?> c : new Class<?>[] {io.github.sessionbridge.protocol.StreamDecoder.class,
                                SessionBridge.class, FakeCServer.class}) {
                            Module m = c.getModule();
                            TreeSet<String> exports = new TreeSet<>();
                            for (ModuleDescriptor.Exports e : m.getDescriptor().exports()) {
                                exports.add(e.source() + (e.isQualified() ? " to " + e.targets() : ""));
                            }
                            System.out.println("module " + m.getName() + " exports " + exports);
                        }
                        try (FakeCServer c = FakeCServer.builder().start()) {
                            c.session("s-1").sendsText(1_700_000_000_000L, "hello from the module path").then(Ending.END);
                            try (SessionBridge bridges = SessionBridge.create(c.bridgeConfig().build())) {
                                RecordingClientSink browser = new RecordingClientSink();
                                bridges.monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", browser);
                                Notice notice = browser.awaitNotice(Duration.ofSeconds(10));
                                System.out.println("text " + browser.text());
                                System.out.println("notice " + notice.reason());
                                KickOutcome kick = bridges.kick(Caller.of("bob", "ws-2"), "SSH", "s-2")
                                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                                System.out.println("kick " + kick.status());
                            }
                        }
                    }
                }
                """);
        Path out = dir.resolve("out");
        Compiled compiled = javac(mp, src, out);
        assertThat(compiled.status()).as(compiled.diagnostics()).isZero();

        Process p = new ProcessBuilder(JAVA, "--module-path", mp + File.pathSeparator + out,
                "-m", "example.consumer/example.consumer.Main").redirectErrorStream(false).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("stdout:\n%s\nstderr:\n%s", stdout, stderr).isZero();
        assertThat(stdout.lines()).containsExactly(
                "module io.github.sessionbridge.protocol exports [io.github.sessionbridge.protocol]",
                "module io.github.sessionbridge.core exports [io.github.sessionbridge.core,"
                        + " io.github.sessionbridge.core.playback, io.github.sessionbridge.core.recording]",
                "module io.github.sessionbridge.testkit exports [io.github.sessionbridge.testkit]",
                "text hello from the module path",
                "notice END",
                "kick REFUSED");
    }

    @Test
    void aConsumerModuleCannotCompileAgainstAnInternalPackage() throws Exception {
        String mp = modulePath();
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), """
                module example.sneaky {
                    requires io.github.sessionbridge.testkit;
                }
                """);
        write(src.resolve("example/sneaky/Main.java"), """
                package example.sneaky;

                public final class Main {
                    public static void main(String[] args) {
                        System.out.println(io.github.sessionbridge.core.internal.DefaultSessionBridge.class);
                    }
                }
                """);
        Compiled compiled = javac(mp, src, dir.resolve("out"));
        assertThat(compiled.status()).as(compiled.diagnostics()).isNotZero();
        assertThat(compiled.diagnostics())
                .contains("package io.github.sessionbridge.core.internal is not visible")
                .contains("does not export it");
    }
}
