package io.github.sessionbridge.core.internal.nio;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Cancellable;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop's timers: a cancelled timer keeps nothing reachable while it waits in the heap (it once held an
 * ended bridge until its deadline, which the soak saw as a leak), cancelled timers do not pile up, and the
 * ones not cancelled still run in deadline order.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IoLoopTimerTest {
    private final IoLoop loop = new IoLoop("io-loop-timer-test");

    @AfterEach
    void tearDown() throws InterruptedException {
        loop.shutdown();
        loop.awaitTermination(5_000);
    }

    @Test
    void a_cancelled_timer_lets_go_of_its_task_before_its_deadline() throws Exception {
        loop.start();
        // an earlier, live timer keeps the loop asleep past the moment of cancelling
        loop.schedule(() -> { }, 1, TimeUnit.HOURS);
        WeakReference<Object> held = scheduleHolding(loop);
        for (int i = 0; i < 50 && held.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(held.get()).as("what a cancelled timer's task captured").isNull();
    }

    private static WeakReference<Object> scheduleHolding(IoLoop loop) {
        Object payload = new byte[1 << 20];
        Cancellable c = loop.schedule(() -> payload.hashCode(), 1, TimeUnit.HOURS);
        c.cancel();
        return new WeakReference<>(payload);
    }

    @Test
    void timers_still_run_in_order_and_cancelled_ones_never_run() throws Exception {
        loop.start();
        List<Integer> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger cancelledRuns = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 1_000; i++) {
            // many cancelled timers, enough to make the loop purge its heap
            loop.schedule(cancelledRuns::incrementAndGet, 20 + i % 50, TimeUnit.MILLISECONDS).cancel();
        }
        loop.schedule(() -> ran.add(3), 90, TimeUnit.MILLISECONDS);
        loop.schedule(() -> ran.add(1), 30, TimeUnit.MILLISECONDS);
        loop.schedule(() -> ran.add(2), 60, TimeUnit.MILLISECONDS);
        loop.schedule(done::countDown, 150, TimeUnit.MILLISECONDS);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(ran).containsExactly(1, 2, 3);
        assertThat(cancelledRuns).hasValue(0);
    }
}
