package io.github.sessionbridge.testkit.reliability;

import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Leak accounting: open file descriptors of this process ({@code /proc/self/fd}), live threads of
 * the bridge ({@code session-bridge-io*}) and of fake C servers ({@code fake-c-server*}), and the
 * registries of a {@link SessionBridge} and a {@link FakeCServer}.
 */
final class Leaks {
    static final String IO_THREADS = "session-bridge-io";
    static final String FAKE_THREADS = "fake-c-server";

    private Leaks() {
    }

    private static boolean warm;

    /**
     * Lets the JDK open, once, the descriptors it keeps for the JVM's life before anything is
     * counted: at the first socket read or write it opens a Unix socket pair and keeps one end (the
     * pre-close descriptor of {@code sun.nio.ch.FileDispatcherImpl}); selectors and UDP have their
     * own first-use costs. Runs a monitor, a kick and a UDP monitor end to end.
     */
    static synchronized void warmUpJdk() throws Exception {
        if (warm) {
            return;
        }
        try (FakeCServer fake = FakeCServer.builder().udp(true).start();
             SessionBridge tcp = SessionBridge.create(fake.bridgeConfig().build());
             SessionBridge udp = SessionBridge.create(fake.bridgeConfig(io.github.sessionbridge.core.CAddress.Transport.UDP).build())) {
            fake.session("warm-1").sendsText(1, "warm").then(Ending.END);
            io.github.sessionbridge.testkit.RecordingClientSink a = new io.github.sessionbridge.testkit.RecordingClientSink();
            io.github.sessionbridge.testkit.RecordingClientSink b = new io.github.sessionbridge.testkit.RecordingClientSink();
            tcp.monitor(io.github.sessionbridge.core.Caller.of("warm", "warm"), "SSH", "warm-1", a);
            udp.monitor(io.github.sessionbridge.core.Caller.of("warm", "warm"), "SSH", "warm-1", b);
            a.awaitNotice(Duration.ofSeconds(20));
            b.awaitNotice(Duration.ofSeconds(20));
            tcp.kick(io.github.sessionbridge.core.Caller.of("warm", "warm"), "SSH", "warm-1").toCompletableFuture().get();
        }
        warm = true;
    }

    /** What was open at one moment. */
    record Snapshot(Map<String, String> fds, long ioThreads, long fakeThreads) {
        int fdCount() {
            return fds.size();
        }

        @Override
        public String toString() {
            return fds.size() + " fds, " + ioThreads + " " + IO_THREADS + "* threads, " + fakeThreads + " " + FAKE_THREADS + "* threads";
        }
    }

    static Snapshot snapshot() {
        return new Snapshot(fds(), threads(IO_THREADS), threads(FAKE_THREADS));
    }

    /** Open descriptors by number, with what each points to (a socket, a pipe, a jar, ...). */
    static Map<String, String> fds() {
        Map<String, String> m = new TreeMap<>();
        String[] names = new java.io.File("/proc/self/fd").list();
        if (names == null) {
            throw new AssertionError("/proc/self/fd is not readable: the leak checks need Linux");
        }
        for (String n : names) {
            try {
                m.put(n, Files.readSymbolicLink(Path.of("/proc/self/fd", n)).toString());
            } catch (IOException | UnsupportedOperationException e) {
                // closed while listing (the listing's own descriptor, for one)
            }
        }
        return m;
    }

    /** Open descriptors, counted as {@link #fds()} does (without the one listing them). */
    static int fdCount() {
        return fds().size();
    }

    static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    /**
     * Waits until no more descriptors or threads are open than {@code before}, allowing {@code settle}
     * for sockets and threads that are closing.
     *
     * @return the number of leaked resources found (0), for the figures
     * @throws AssertionError naming what stayed open
     */
    static int assertNoneLeaked(Snapshot before, Duration settle, String what) {
        return assertNoneLeaked(before, 0, settle, what);
    }

    /** As {@link #assertNoneLeaked(Snapshot, Duration, String)}, allowing {@code extraFds} more descriptors. */
    static int assertNoneLeaked(Snapshot before, int extraFds, Duration settle, String what) {
        boolean ok = await(() -> fdCount() <= before.fdCount() + extraFds && threads(IO_THREADS) <= before.ioThreads()
                && threads(FAKE_THREADS) <= before.fakeThreads(), settle);
        if (!ok) {
            Snapshot after = snapshot();
            List<String> extra = new ArrayList<>();
            after.fds().forEach((fd, target) -> {
                if (!target.equals(before.fds().get(fd))) {
                    extra.add(fd + " -> " + target + describeSocket(target));
                }
            });
            throw new AssertionError(what + " leaked: before " + before + ", after " + after + "; descriptors not open before: "
                    + extra + "; threads: " + threadNames());
        }
        return 0;
    }

    /** For {@code socket:[inode]}: what /proc/net says it is (TCP or UDP with its addresses, a Unix socket). */
    static String describeSocket(String target) {
        if (!target.startsWith("socket:[")) {
            return "";
        }
        String inode = target.substring(8, target.length() - 1);
        for (String table : List.of("tcp", "tcp6", "udp", "udp6", "unix")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net", table))) {
                    String[] f = line.trim().split("\\s+");
                    boolean match = table.equals("unix") ? f.length > 6 && f[6].equals(inode) : f.length > 9 && f[9].equals(inode);
                    if (match) {
                        return table.equals("unix") ? " (unix socket)"
                                : " (" + table + " " + hexAddress(f[1]) + " -> " + hexAddress(f[2]) + ", state " + f[3] + ")";
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not there: try the next table
            }
        }
        return " (not in /proc/net)";
    }

    private static String hexAddress(String hex) {
        String[] ipPort = hex.split(":");
        if (ipPort[0].length() != 8) {
            return hex;
        }
        long ip = Long.parseLong(ipPort[0], 16);
        return (ip & 0xff) + "." + ((ip >> 8) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 24) & 0xff) + ":"
                + Integer.parseInt(ipPort[1], 16);
    }

    static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith(IO_THREADS) || n.startsWith(FAKE_THREADS)).sorted().toList();
    }

    /** The bridge's registries are empty: no live bridge, none by session or connection. */
    static void assertRegistriesEmpty(SessionBridge sb, String sessionId, String connectionId) {
        if (sb.activeCount() != 0 || !sb.bridges().isEmpty() || !sb.bridgesOfSession(sessionId).isEmpty()
                || !sb.bridgesOfConnection(connectionId).isEmpty() || sb.stats().active() != 0) {
            throw new AssertionError("the session bridge still holds bridges: activeCount " + sb.activeCount() + ", bridges "
                    + sb.bridges() + ", of session " + sb.bridgesOfSession(sessionId) + ", of connection "
                    + sb.bridgesOfConnection(connectionId) + ", stats " + sb.stats());
        }
    }

    static boolean await(BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return true;
    }

    static void awaitOrFail(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
        if (!await(condition, timeout)) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
        }
    }
}
