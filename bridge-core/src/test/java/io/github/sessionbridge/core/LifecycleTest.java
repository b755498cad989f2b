package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Registry, shutdown, leaks, isolation and exactly-once endings. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LifecycleTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    static long ioThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("session-bridge-io")).count();
    }

    static void awaitCondition(java.util.function.BooleanSupplier cond, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void registry_finds_bridges_by_connection_and_session_and_close_tells_every_client_once() throws Exception {
        try (LoopbackCServer c = new LoopbackCServer(conn -> {
            conn.send(TerminalData.ofText(1, "live"));
            Thread.sleep(30_000);
        })) {
            SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("SSH", c.port()).build());
            TestSink s1 = new TestSink();
            TestSink s2 = new TestSink();
            TestSink s3 = new TestSink();
            Bridge b1 = sb.monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", s1);
            Bridge b2 = sb.monitor(Caller.of("alice", "ws-1"), "SSH", "s-2", s2);
            Bridge b3 = sb.monitor(Caller.of("bob", "ws-2"), "SSH", "s-1", s3);
            awaitCondition(() -> s1.records().size() == 1 && s2.records().size() == 1 && s3.records().size() == 1, WAIT);

            assertThat(sb.activeCount()).isEqualTo(3);
            assertThat(sb.bridges()).containsExactlyInAnyOrder(b1, b2, b3);
            assertThat(sb.bridgesOfConnection("ws-1")).containsExactlyInAnyOrder(b1, b2);
            assertThat(sb.bridgesOfSession("s-1")).containsExactlyInAnyOrder(b1, b3);
            assertThat(sb.bridgesOfSession("nope")).isEmpty();

            b2.close();
            awaitCondition(() -> sb.activeCount() == 2, WAIT);
            assertThat(sb.bridgesOfConnection("ws-1")).containsExactly(b1);

            sb.close();
            assertThat(s1.awaitEnd(WAIT)).isEqualTo(new Notice(5, EndReason.SHUTDOWN, "会话已结束！"));
            assertThat(s3.awaitEnd(WAIT).reason()).isEqualTo(EndReason.SHUTDOWN);
            assertThat(s2.notices()).isEmpty();
            assertThat(sb.activeCount()).isZero();
            assertThat(sb.isClosed()).isTrue();
            sb.close(); // idempotent
            assertThat(s1.notices()).hasSize(1);
            assertThatThrownBy(() -> sb.monitor(Caller.of("a", "b"), "SSH", "s-1", new TestSink()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void close_called_by_a_sink_on_the_io_thread_returns_at_once_and_still_ends_everything() throws Exception {
        try (LoopbackCServer c = new LoopbackCServer(conn -> {
            conn.send(TerminalData.ofText(1, "live"));
            Thread.sleep(30_000);
        })) {
            SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("SSH", c.port()).build());
            TestSink other = new TestSink();
            sb.monitor(Caller.of("bob", "ws-2"), "SSH", "s-2", other);
            awaitCondition(() -> other.records().size() == 1, WAIT);

            CompletableFuture<Long> closeNanos = new CompletableFuture<>();
            CompletableFuture<String> closeThread = new CompletableFuture<>();
            List<Notice> notices = new CopyOnWriteArrayList<>();
            sb.monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", new ClientSink() {
                @Override
                public CompletionStage<Void> send(SessionRecord record) {
                    long t0 = System.nanoTime();
                    closeThread.complete(Thread.currentThread().getName());
                    sb.close(); // the host's "log out" button, pressed from inside a send
                    closeNanos.complete(System.nanoTime() - t0);
                    return DONE;
                }

                @Override
                public void end(Notice notice) {
                    notices.add(notice);
                }
            });

            assertThat(closeThread.get(20, TimeUnit.SECONDS)).startsWith("session-bridge-io");
            // before the fix this waited 5 s for bridges that could only end on this thread, then 5 s more
            assertThat(Duration.ofNanos(closeNanos.get(20, TimeUnit.SECONDS))).isLessThan(Duration.ofSeconds(2));
            assertThat(sb.isClosed()).isTrue();
            assertThat(other.awaitEnd(WAIT).reason()).isEqualTo(EndReason.SHUTDOWN);
            awaitCondition(() -> notices.size() == 1, WAIT);
            assertThat(notices.get(0).reason()).isEqualTo(EndReason.SHUTDOWN);
            awaitCondition(() -> ioThreads() == 0 && closeThreads() == 0, WAIT);
            assertThat(sb.activeCount()).isZero();
            assertThat(other.notices()).hasSize(1);
        }
    }

    static long closeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("session-bridge-close")).count();
    }

    @Test
    void nothing_leaks_threads_or_file_descriptors() throws Exception {
        try (LoopbackCServer c = new LoopbackCServer(conn -> {
            int n = ThreadLocalRandom.current().nextInt(3);
            conn.send(TerminalData.ofText(1, "x"));
            if (n == 0) {
                conn.send(Control.END);
            } else if (n == 1) {
                conn.close();
            } else {
                Thread.sleep(2000);
            }
        })) {
            // warm up the JDK's own lazily opened descriptors
            runRound(c, 5);
            int fdsBefore = openFds();
            long threadsBefore = ioThreads();
            for (int round = 0; round < 3; round++) {
                runRound(c, 100);
            }
            awaitCondition(() -> ioThreads() == threadsBefore, WAIT);
            // the C server's own sockets close as their scripts end; allow the fake's sockets to settle
            try {
                awaitCondition(() -> openFds() <= fdsBefore + 2, WAIT);
            } catch (AssertionError e) {
                throw new AssertionError("open file descriptors: " + fdsBefore + " before, " + openFds() + " after", e);
            }
            assertThat(ioThreads()).isEqualTo(threadsBefore);
        }
    }

    private void runRound(LoopbackCServer c, int n) throws Exception {
        SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("SSH", c.port()).ioThreads(2).build());
        List<TestSink> sinks = new ArrayList<>();
        List<Bridge> bridges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestSink s = new TestSink();
            sinks.add(s);
            bridges.add(sb.monitor(Caller.of("u", "ws-" + i), "SSH", "s-" + i, s));
        }
        for (int i = 0; i < n; i += 3) {
            bridges.get(i).close();
        }
        Thread.sleep(50);
        sb.close();
        assertThat(sb.activeCount()).isZero();
        assertThat(ioThreads()).isZero();
        for (int i = 0; i < n; i++) {
            assertThat(sinks.get(i).notices()).hasSizeLessThanOrEqualTo(1);
            assertThat(sinks.get(i).violations()).isEmpty();
        }
    }

    @Test
    void hundreds_of_concurrent_monitors_each_get_exactly_their_own_session() throws Exception {
        int sessions = 300;
        int perSession = 40;
        try (LoopbackCServer c = new LoopbackCServer(conn -> {
            String sid = conn.request.substring(conn.request.indexOf("]=", 8) + 2);
            for (int i = 0; i < perSession; i++) {
                conn.send(TerminalData.ofText(i, sid + "#" + i + ";"));
                if (i % 10 == 0) {
                    Thread.sleep(1);
                }
            }
            conn.send(Control.END);
        })) {
            SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("SSH", c.port()).build());
            try {
                List<TestSink> sinks = new ArrayList<>();
                for (int s = 0; s < sessions; s++) {
                    TestSink sink = new TestSink();
                    sinks.add(sink);
                    sb.monitor(Caller.of("u", "ws-" + s), "SSH", "sess-" + s, sink);
                }
                for (int s = 0; s < sessions; s++) {
                    TestSink sink = sinks.get(s);
                    assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
                    StringBuilder expected = new StringBuilder();
                    for (int i = 0; i < perSession; i++) {
                        expected.append("sess-").append(s).append('#').append(i).append(';');
                    }
                    assertThat(sink.text()).isEqualTo(expected.toString());
                    assertThat(sink.violations()).isEmpty();
                }
                assertThat(sb.stats().records()).isEqualTo((long) sessions * perSession);
            } finally {
                sb.close();
            }
        }
    }

    @Test
    void the_end_notice_comes_exactly_once_whatever_races() throws Exception {
        // C closes, the client closes and the bridge shuts down at about the same moment, many times over
        CountDownLatch go = new CountDownLatch(1);
        try (LoopbackCServer c = new LoopbackCServer(conn -> {
            conn.send(TerminalData.ofText(1, "x"));
            go.await();
            if (ThreadLocalRandom.current().nextBoolean()) {
                conn.send(Control.END);
            } else {
                conn.close();
            }
        })) {
            for (int round = 0; round < 5; round++) {
                SessionBridge sb = SessionBridge.create(BridgeConfig.builder().tcp("SSH", c.port()).ioThreads(2).build());
                List<TestSink> sinks = new ArrayList<>();
                List<Bridge> bridges = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    TestSink s = new TestSink();
                    sinks.add(s);
                    bridges.add(sb.monitor(Caller.of("u", "ws"), "SSH", "s-" + i, s));
                }
                awaitCondition(() -> sinks.stream().allMatch(s -> s.records().size() == 1), WAIT);
                if (round == 0) {
                    go.countDown();
                }
                Thread closer = new Thread(() -> bridges.forEach(b -> {
                    if (ThreadLocalRandom.current().nextInt(4) == 0) {
                        b.close();
                    }
                }));
                closer.start();
                if (round % 2 == 1) {
                    sb.close();
                }
                closer.join();
                for (Bridge b : bridges) {
                    b.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
                sb.close();
                for (int i = 0; i < sinks.size(); i++) {
                    TestSink s = sinks.get(i);
                    EndReason r = bridges.get(i).ended().toCompletableFuture().get();
                    assertThat(s.violations()).isEmpty();
                    assertThat(s.notices()).hasSize(r == EndReason.CLIENT_GONE ? 0 : 1);
                }
            }
        }
    }
}
