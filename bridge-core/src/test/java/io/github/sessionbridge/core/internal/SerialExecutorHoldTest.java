package io.github.sessionbridge.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A held queue runs nothing until released, then the sequel first and the tasks given meanwhile in order. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerialExecutorHoldTest {
    final ExecutorService pool = Executors.newFixedThreadPool(2);
    final List<String> ran = new CopyOnWriteArrayList<>();
    final SerialExecutor queue = new SerialExecutor(pool, 32, new SerialExecutor.Hooks() {
        @Override
        public boolean rejected(RejectedExecutionException e, SerialExecutor q) {
            return false;
        }

        @Override
        public boolean failed(Throwable t, SerialExecutor q) {
            return false;
        }

        @Override
        public void taskFailed(Throwable t) {
            ran.add("failed " + t);
        }
    });

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void tasksGivenWhileHeldWaitThenRunAfterTheSequelInOrder() throws Exception {
        queue.execute(() -> {
            ran.add("begin");
            queue.hold();
        });
        queue.execute(() -> ran.add("a")); // given before the hold took effect: waits too
        awaitRan(1);
        queue.execute(() -> ran.add("b"));
        Thread.sleep(200);
        assertThat(ran).containsExactly("begin");
        CountDownLatch done = new CountDownLatch(1);
        queue.execute(done::countDown);
        queue.release(() -> ran.add("sequel"));
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("begin", "sequel", "a", "b");
    }

    @RepeatedTest(200)
    void aReleaseRacingTheHoldingTaskStillRunsTheSequelNextAndLosesNothing() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        queue.execute(() -> {
            ran.add("begin");
            queue.hold();
            pool.execute(() -> queue.release(() -> ran.add("sequel"))); // may release before this task returns
        });
        for (int i = 0; i < 5; i++) {
            int n = i;
            queue.execute(() -> ran.add("t" + n));
        }
        queue.execute(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("begin", "sequel", "t0", "t1", "t2", "t3", "t4");
    }

    private void awaitRan(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ran.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
