package io.github.sessionbridge.core.internal.nio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The selector loop survives whatever one connection's I/O throws; and should the loop itself die, every
 * bridge on it ends with a notice and new connects do not go to it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IoLoopFailureTest {
    private static final long TS = 1_700_000_000_000L;
    private static final Caller ALICE = Caller.of("alice", "ws-1");

    private ServerSocket server;
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private NioEndpoint endpoint;
    private SessionBridge bridge;

    @BeforeEach
    void setUp() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    accepted.add(s);
                } catch (IOException e) {
                    return;
                }
            }
        }, "io-loop-failure-test-server");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (bridge != null) {
            bridge.close();
        }
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private SessionBridge bridge(int ioThreads) {
        endpoint = new NioEndpoint(ioThreads);
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", server.getLocalPort()).endpoint(endpoint).build());
        return bridge;
    }

    private Socket accept() throws InterruptedException {
        Socket s = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("a connection from the bridge").isNotNull();
        return s;
    }

    private static void send(Socket s, byte[] bytes) throws IOException {
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
    }

    @Test
    void a_failure_in_one_connections_io_ends_that_bridge_only_and_the_loop_goes_on() throws Exception {
        SessionBridge sb = bridge(1);
        Sink a = new Sink();
        Sink b = new Sink();
        Bridge ba = sb.monitor(ALICE, "SSH", "s-a", a);
        Socket ca = accept();
        Bridge bb = sb.monitor(ALICE, "SSH", "s-b", b);
        Socket cb = accept();
        Thread.sleep(200); // both connected and idle

        AtomicBoolean armed = new AtomicBoolean(true);
        endpoint.loop(0).keyHook = c -> {
            if (armed.compareAndSet(true, false)) {
                throw new AssertionError("simulated bug in the transport");
            }
        };
        send(ca, UnitEncoder.encode(TerminalData.ofText(TS, "to a")));
        Notice na = a.awaitEnd();
        assertThat(na.reason()).isEqualTo(EndReason.INTERNAL_ERROR);
        assertThat(na.code()).isEqualTo(5);
        assertThat(ba.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.INTERNAL_ERROR);

        // the other bridge on the same loop still relays, and new monitors still connect
        send(cb, UnitEncoder.encode(TerminalData.ofText(TS, "to b")));
        send(cb, UnitEncoder.encode(Control.END));
        assertThat(b.awaitEnd().reason()).isEqualTo(EndReason.END);
        assertThat(b.text()).isEqualTo("to b");
        assertThat(bb.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.END);

        Sink c = new Sink();
        sb.monitor(ALICE, "SSH", "s-c", c);
        Socket cc = accept();
        send(cc, UnitEncoder.encodeAll(List.of(TerminalData.ofText(TS, "to c"), Control.END)));
        assertThat(c.awaitEnd().reason()).isEqualTo(EndReason.END);
        assertThat(sb.activeCount()).isZero();
    }

    @Test
    void a_dead_loop_ends_every_bridge_on_it_with_a_notice_and_fails_new_connects_at_once() throws Exception {
        SessionBridge sb = bridge(1);
        Sink a = new Sink();
        Sink b = new Sink();
        Bridge ba = sb.monitor(ALICE, "SSH", "s-a", a);
        accept();
        Bridge bb = sb.monitor(ALICE, "SSH", "s-b", b);
        accept();
        Thread.sleep(200);

        AtomicBoolean armed = new AtomicBoolean(true);
        endpoint.loop(0).turnHook = () -> {
            if (armed.compareAndSet(true, false)) {
                throw new AssertionError("simulated selector failure");
            }
        };
        endpoint.loop(0).selector.wakeup();

        assertThat(a.awaitEnd().reason()).isEqualTo(EndReason.INTERNAL_ERROR);
        assertThat(b.awaitEnd().reason()).isEqualTo(EndReason.INTERNAL_ERROR);
        assertThat(ba.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.INTERNAL_ERROR);
        assertThat(bb.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.INTERNAL_ERROR);
        assertThat(sb.activeCount()).isZero();

        // its only loop is dead: a new monitor is told at once, it does not hang
        Sink c = new Sink();
        long t0 = System.nanoTime();
        Bridge bc = sb.monitor(ALICE, "SSH", "s-c", c);
        assertThat(bc.ended().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CONNECT_FAILED);
        assertThat(c.notices).singleElement().satisfies(n -> assertThat(n.reason()).isEqualTo(EndReason.CONNECT_FAILED));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(sb.activeCount()).isZero();
    }

    @Test
    void new_connects_avoid_a_dead_loop_while_another_lives() throws Exception {
        SessionBridge sb = bridge(2);
        AtomicBoolean armed = new AtomicBoolean(true);
        endpoint.loop(0).turnHook = () -> {
            if (armed.compareAndSet(true, false)) {
                throw new AssertionError("simulated selector failure");
            }
        };
        endpoint.loop(0).selector.wakeup();
        assertThat(endpoint.loop(0).awaitTermination(5000)).isTrue();
        for (int i = 0; i < 4; i++) {
            Sink s = new Sink();
            sb.monitor(ALICE, "SSH", "s-" + i, s);
            Socket c = accept();
            send(c, UnitEncoder.encodeAll(List.of(TerminalData.ofText(TS, "x" + i), Control.END)));
            assertThat(s.awaitEnd().reason()).as("monitor %d", i).isEqualTo(EndReason.END);
            assertThat(s.text()).isEqualTo("x" + i);
        }
    }

    /** A sink that keeps what it got. */
    static final class Sink implements ClientSink {
        final List<SessionRecord> records = new CopyOnWriteArrayList<>();
        final List<Notice> notices = new CopyOnWriteArrayList<>();
        private final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public CompletionStage<Void> send(SessionRecord record) {
            records.add(record);
            return DONE;
        }

        @Override
        public void end(Notice notice) {
            notices.add(notice);
            ended.countDown();
        }

        Notice awaitEnd() throws InterruptedException {
            assertThat(ended.await(10, TimeUnit.SECONDS)).as("an end notice within 10 s").isTrue();
            return notices.get(0);
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (SessionRecord r : records) {
                sb.append(new String(r.content(), StandardCharsets.UTF_8));
            }
            return sb.toString();
        }
    }
}
