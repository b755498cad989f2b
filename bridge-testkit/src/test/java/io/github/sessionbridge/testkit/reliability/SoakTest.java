package io.github.sessionbridge.testkit.reliability;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The soak: a mixed workload ({@link Workload}: 60 concurrent monitors ending in every way there is,
 * kicks, slow and asynchronous clients, double watchers) for {@code -Dsoak.seconds} (default 45, as
 * in CI), checked session by session, with a leak checkpoint every 10 seconds. Reproduce a run with
 * {@code -Dsoak.seed}. The 10-minute run:
 *
 * <pre>
 * ./mvnw -B -pl bridge-testkit -am test -Dtest=SoakTest -Dsoak.seconds=600 -Dsurefire.failIfNoSpecifiedTests=false
 * cat bridge-testkit/target/reliability/soak.txt
 * </pre>
 */
class SoakTest {

    @Test
    void a_bounded_soak_loses_nothing_and_leaks_nothing() throws Exception {
        long seconds = Long.getLong("soak.seconds", 45);
        long seed = Long.getLong("soak.seed", System.currentTimeMillis());
        int concurrency = Integer.getInteger("soak.concurrency", 60);
        Duration epoch = Duration.ofSeconds(Math.max(5, Math.min(10, seconds / 4)));
        Leaks.warmUpJdk();
        Leaks.Snapshot before = Leaks.snapshot();
        long start = System.nanoTime();
        Workload w = new Workload("soak", seed, concurrency);
        String failure = null;
        try {
            // warm up, then the first checkpoint sets the baseline
            w.run(Duration.ofSeconds(3));
            w.checkpoint();
            long soakStart = System.nanoTime();
            while (System.nanoTime() - soakStart < Duration.ofSeconds(seconds).toNanos()) {
                w.run(epoch);
                w.checkpoint();
            }
        } catch (Throwable t) {
            failure = String.valueOf(t);
            throw new AssertionError("soak failed (reproduce with -Dsoak.seed=" + seed + "): " + t, t);
        } finally {
            w.close();
            w.figures(Duration.ofNanos(System.nanoTime() - start));
            if (failure != null) {
                w.figures.put("FAILED", failure);
            }
            w.figures.write();
        }
        Leaks.assertNoneLeaked(before, Workload.WAIT, "the soak");
    }
}
