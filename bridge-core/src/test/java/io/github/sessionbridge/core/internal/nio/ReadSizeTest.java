package io.github.sessionbridge.core.internal.nio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.CAddress;
import io.github.sessionbridge.core.CConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How much one stream read of the default transport takes, over real loopback sockets: up to 256 KiB when
 * the handler's {@link ReadBudget} allows it, never more than the budget once that is above 64 KiB, and
 * 64 KiB at most for a handler with no budget or one below 64 KiB (so what a read adds past a flow-control
 * mark is what it always was). Every byte arrives, in order, whatever the read size.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadSizeTest {
    private static final int TOTAL = 48 * 1024 * 1024;

    private NioEndpoint endpoint;
    private ServerSocket server;

    @AfterEach
    void tearDown() throws IOException {
        if (endpoint != null) {
            endpoint.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** What the handler saw: the largest read, the bytes, whether they came in order. */
    private static class Counting implements CConnection.Handler {
        final AtomicInteger largest = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong misordered = new AtomicLong();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void onConnected(CConnection c) {
        }

        private int calls;

        @Override
        public void onData(ByteBuffer data) {
            if (++calls % 32 == 0) {
                pause(); // now and then the socket fills while the handler works, as behind a busy client
            }
            largest.accumulateAndGet(data.remaining(), Math::max);
            long at = bytes.get();
            while (data.hasRemaining()) {
                if (data.get() != (byte) (at++ % 251)) {
                    misordered.incrementAndGet();
                }
            }
            bytes.set(at);
        }

        private static void pause() {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onEndOfStream() {
            ended.countDown();
        }

        @Override
        public void onConnectFailed(Exception cause) {
            ended.countDown();
        }

        @Override
        public void onError(Exception cause) {
            ended.countDown();
        }
    }

    private static final class Budgeted extends Counting implements ReadBudget {
        private final LongSupplier budget;

        Budgeted(LongSupplier budget) {
            this.budget = budget;
        }

        @Override
        public long readBudget() {
            return budget.getAsLong();
        }
    }

    /** Streams {@link #TOTAL} numbered bytes as fast as the socket takes them to {@code handler}, then closes. */
    private void stream(Counting handler) throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread writer = new Thread(() -> {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                byte[] chunk = new byte[251 * 4096];
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) (i % 251);
                }
                for (int sent = 0; sent < TOTAL; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, TOTAL - sent));
                }
            } catch (IOException e) {
                // the test's assertions say what went wrong
            }
        }, "read-size-test-writer");
        writer.setDaemon(true);
        writer.start();
        endpoint = new NioEndpoint(1);
        String loopback = InetAddress.getLoopbackAddress().getHostAddress();
        endpoint.connect(new CAddress(loopback, server.getLocalPort(), CAddress.Transport.TCP), Duration.ofSeconds(10), handler);
        assertThat(handler.ended.await(50, TimeUnit.SECONDS)).as("the stream ends").isTrue();
        assertThat(handler.bytes.get()).isEqualTo(TOTAL);
        assertThat(handler.misordered.get()).isZero();
    }

    @Test
    void a_handler_that_can_take_more_gets_reads_of_more_than_64_KiB_and_never_more_than_256_KiB() throws Exception {
        Budgeted h = new Budgeted(() -> Long.MAX_VALUE);
        stream(h);
        assertThat(h.largest.get()).isGreaterThan(64 * 1024).isLessThanOrEqualTo(256 * 1024);
    }

    @Test
    void a_budget_above_64_KiB_bounds_every_read() throws Exception {
        Budgeted h = new Budgeted(() -> 100_000);
        stream(h);
        assertThat(h.largest.get()).isGreaterThan(64 * 1024).isLessThanOrEqualTo(100_000);
    }

    @Test
    void a_handler_at_its_mark_or_without_a_budget_gets_reads_of_64_KiB_at_most() throws Exception {
        Budgeted atMark = new Budgeted(() -> -5);
        stream(atMark);
        assertThat(atMark.largest.get()).isLessThanOrEqualTo(64 * 1024);
        tearDown();
        Counting plain = new Counting();
        stream(plain);
        assertThat(plain.largest.get()).isLessThanOrEqualTo(64 * 1024);
    }
}
