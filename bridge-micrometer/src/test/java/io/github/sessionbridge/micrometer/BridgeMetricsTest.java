package io.github.sessionbridge.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.core.audit.AuditTrail;
import io.github.sessionbridge.core.recording.RecordingPolicy;
import io.github.sessionbridge.core.recording.RecordingTap;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters without Spring: a real bridge tier against FakeCServer, counted into a SimpleMeterRegistry. */
class BridgeMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    Path dir;

    private static double count(MeterRegistry r, String name, String... tags) {
        var c = r.find(name).tags(tags).functionCounter();
        return c == null ? 0 : c.count();
    }

    @Test
    void every_meter_counts_with_low_cardinality_tags_in_registries_bound_before_and_after() throws Exception {
        MeterRegistry before = new SimpleMeterRegistry();
        BridgeMetrics metrics = new BridgeMetrics();
        metrics.bindTo(before);
        try (FakeCServer server = FakeCServer.builder().ops("SSH").start()) {
            server.session("s-1").sendsText(1, "hello").then(Ending.END);
            server.session("s-2").sendsText(1, "x").then(Ending.STALL);
            server.session("s-3").sendsUnknownType();
            SessionBridge bridge = SessionBridge.create(server.bridgeConfig().listener(metrics)
                    .accessPolicy(r -> !r.sessionId().equals("s-denied"))
                    .tap(RecordingTap.of(metrics.recording(RecordingPolicy.all(dir)))).build());
            try {
                RecordingClientSink a = new RecordingClientSink();
                bridge.monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", a);
                assertThat(a.awaitNotice(WAIT).reason()).isEqualTo(EndReason.END);
                RecordingClientSink live = new RecordingClientSink();
                bridge.monitor(Caller.of("alice", "ws-1"), "SSH", "s-2", live);
                live.awaitText("x", WAIT);
                RecordingClientSink denied = new RecordingClientSink();
                bridge.monitor(Caller.of("bob", "ws-2"), "SSH", "s-denied", denied);
                assertThat(denied.awaitNotice(WAIT).reason()).isEqualTo(EndReason.FORBIDDEN);
                RecordingClientSink broken = new RecordingClientSink();
                bridge.monitor(Caller.of("bob", "ws-2"), "SSH", "s-3", broken);
                assertThat(broken.awaitNotice(WAIT).reason()).isEqualTo(EndReason.PROTOCOL_ERROR);
                KickOutcome k = bridge.kick(Caller.of("alice", "ws-1"), "SSH", "s-2").toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(k.kicked()).isTrue();
                live.awaitNotice(WAIT);

                MeterRegistry after = new SimpleMeterRegistry();
                metrics.bindTo(after);
                for (MeterRegistry r : new MeterRegistry[] {before, after}) {
                    assertThat(count(r, "session.bridge.opened", "ops.type", "SSH", "kind", "monitor")).isEqualTo(3);
                    assertThat(count(r, "session.bridge.ended", "reason", "END")).isEqualTo(2);
                    assertThat(count(r, "session.bridge.ended", "reason", "FORBIDDEN")).isEqualTo(1);
                    assertThat(count(r, "session.bridge.ended", "reason", "PROTOCOL_ERROR")).isEqualTo(1);
                    assertThat(count(r, "session.bridge.bytes", "ops.type", "SSH")).isEqualTo(6);
                    assertThat(count(r, "session.bridge.records", "ops.type", "SSH")).isEqualTo(2);
                    assertThat(count(r, "session.bridge.kicks", "status", "KICKED")).isEqualTo(1);
                    assertThat(count(r, "session.bridge.protocol.errors", "ops.type", "SSH")).isEqualTo(1);
                    assertThat(r.get("session.bridge.active").tags("kind", "monitor", "ops.type", "SSH").gauge().value()).isZero();
                    assertThat(r.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().toString())
                            .doesNotContain("s-1", "s-2", "alice", "bob"));
                }
            } finally {
                bridge.close();
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (count(before, "session.bridge.recordings", "result", "completed") < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(count(before, "session.bridge.recordings", "result", "started")).isEqualTo(3);
            assertThat(count(before, "session.bridge.recordings", "result", "completed")).isEqualTo(3);
        }
    }

    @Test
    void a_recording_that_cannot_be_written_counts_as_failed() throws Exception {
        MeterRegistry r = new SimpleMeterRegistry();
        BridgeMetrics metrics = new BridgeMetrics();
        metrics.bindTo(r);
        try (FakeCServer server = FakeCServer.builder().ops("SSH").start()) {
            server.session("s-1").sendsText(1, "hello").then(Ending.END);
            SessionBridge bridge = SessionBridge.create(server.bridgeConfig().listener(metrics)
                    .tap(RecordingTap.of(metrics.recording(RecordingPolicy.all(dir.resolve("missing"))))).build());
            try {
                RecordingClientSink a = new RecordingClientSink();
                bridge.monitor(Caller.of("alice", "ws-1"), "SSH", "s-1", a);
                a.awaitNotice(WAIT);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (count(r, "session.bridge.recordings", "result", "failed") < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                bridge.close();
            }
            assertThat(count(r, "session.bridge.recordings", "result", "failed")).isEqualTo(1);
            assertThat(Files.exists(dir.resolve("missing"))).isFalse();
        }
    }

    @Test
    void the_audit_trail_meters_show_what_was_delivered_and_dropped() throws Exception {
        MeterRegistry r = new SimpleMeterRegistry();
        try (AuditTrail trail = AuditTrail.start(e -> {
            throw new java.io.IOException("down");
        })) {
            new AuditTrailMetrics(trail).bindTo(r);
            trail.record(new AuditEvent.WatchStarted(AuditEvent.newId(), Instant.now(), Caller.of("a", "c"), 1, "SSH", "s"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (trail.stats().failed() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(count(r, "session.bridge.audit.events", "result", "failed")).isEqualTo(1);
            assertThat(count(r, "session.bridge.audit.events", "result", "delivered")).isZero();
            assertThat(r.get("session.bridge.audit.queued").gauge().value()).isZero();
        }
    }
}
