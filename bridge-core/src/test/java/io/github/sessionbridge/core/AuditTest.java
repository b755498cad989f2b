package io.github.sessionbridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.audit.AuditEvent;
import io.github.sessionbridge.core.audit.AuditEvent.AccessDenied;
import io.github.sessionbridge.core.audit.AuditEvent.KickAnswered;
import io.github.sessionbridge.core.audit.AuditEvent.KickRequested;
import io.github.sessionbridge.core.audit.AuditEvent.WatchEnded;
import io.github.sessionbridge.core.audit.AuditEvent.WatchStarted;
import io.github.sessionbridge.core.audit.AuditOptions;
import io.github.sessionbridge.core.audit.AuditTrail;
import io.github.sessionbridge.core.audit.EventLog;
import io.github.sessionbridge.protocol.Action;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every audit event of a bridge tier, on every path, exactly once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Caller ALICE = Caller.of("alice", "ws-1");

    private final EventLog log = new EventLog();
    private LoopbackCServer server;
    private SessionBridge bridge;
    private AuditTrail trail;

    @AfterEach
    void tearDown() throws IOException {
        if (bridge != null) {
            bridge.close();
        }
        if (trail != null) {
            trail.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private SessionBridge start(LoopbackCServer.Script script, AuditOptions options, BridgeConfig.Builder b) throws IOException {
        server = new LoopbackCServer(script);
        trail = AuditTrail.start(log, options);
        bridge = SessionBridge.create(b.tcp("SSH", server.port()).audit(trail).build());
        return bridge;
    }

    private SessionBridge start(LoopbackCServer.Script script) throws IOException {
        return start(script, AuditOptions.DEFAULT, BridgeConfig.builder());
    }

    @Test
    void a_watch_to_its_end_is_started_and_ended_once_with_its_counts_off_the_io_threads() throws Exception {
        start(c -> {
            c.send(TerminalData.ofText(1, "hello"), TerminalData.ofText(2, " world"), Control.END);
        });
        TestSink sink = new TestSink();
        Bridge b = bridge.monitor(ALICE, "SSH", "s-42", sink);
        sink.awaitEnd(WAIT);
        List<AuditEvent> events = log.await(2, WAIT);
        trail.close();
        assertThat(log.events()).hasSize(2);
        WatchStarted s = (WatchStarted) events.get(0);
        WatchEnded e = (WatchEnded) events.get(1);
        assertThat(s.caller()).isEqualTo(ALICE);
        assertThat(s.bridgeId()).isEqualTo(b.id());
        assertThat(s.opsType()).isEqualTo("SSH");
        assertThat(s.sessionId()).isEqualTo("s-42");
        assertThat(e.startId()).isEqualTo(s.id());
        assertThat(e.id()).isNotEqualTo(s.id());
        assertThat(e.reason()).isEqualTo(EndReason.END);
        assertThat(e.records()).isEqualTo(2);
        assertThat(e.bytes()).isEqualTo(11);
        assertThat(e.startedAt()).isEqualTo(b.openedAt());
        assertThat(e.at()).isAfterOrEqualTo(s.at());
        assertThat(log.threads()).containsOnly("session-bridge-audit");
        assertThat(trail.stats().delivered()).isEqualTo(2);
    }

    @Test
    void a_denied_watch_is_one_AccessDenied_and_nothing_else() throws Exception {
        start(c -> c.send(Control.END), AuditOptions.DEFAULT, BridgeConfig.builder().accessPolicy(r -> false));
        TestSink sink = new TestSink();
        bridge.monitor(ALICE, "SSH", "s-1", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.FORBIDDEN);
        bridge.close();
        trail.close();
        assertThat(log.events()).singleElement().isInstanceOfSatisfying(AccessDenied.class, d -> {
            assertThat(d.action()).isEqualTo(Action.MONITOR);
            assertThat(d.denial()).isEqualTo(AuditEvent.Denial.DENIED);
            assertThat(d.sessionId()).isEqualTo("s-1");
            assertThat(d.reason()).isEmpty();
        });
        assertThat(server.connectionCount()).isZero();
    }

    @Test
    void a_policy_that_throws_is_audited_as_POLICY_FAILED() throws Exception {
        start(c -> c.send(Control.END), AuditOptions.DEFAULT, BridgeConfig.builder().accessPolicy(r -> {
            throw new IllegalStateException("directory down");
        }));
        bridge.monitor(ALICE, "SSH", "s-1", new TestSink()).ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        bridge.kick(ALICE, "SSH", "s-1", "drill").toCompletableFuture().get(10, TimeUnit.SECONDS);
        bridge.close();
        trail.close();
        assertThat(log.events()).hasSize(2).allSatisfy(e -> assertThat(((AccessDenied) e).denial())
                .isEqualTo(AuditEvent.Denial.POLICY_FAILED));
        assertThat(log.of(AccessDenied.class).get(1).reason()).contains("drill");
    }

    @Test
    void a_watch_closed_by_the_host_ends_CLIENT_GONE_once() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        start(c -> {
            c.send(TerminalData.ofText(1, "x"));
            hold.await();
        });
        TestSink sink = new TestSink();
        Bridge b = bridge.monitor(ALICE, "SSH", "s-2", sink);
        server.awaitConnection(WAIT);
        b.close();
        b.close();
        b.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        hold.countDown();
        bridge.close();
        trail.close();
        assertThat(log.of(WatchStarted.class)).hasSize(1);
        assertThat(log.of(WatchEnded.class)).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo(EndReason.CLIENT_GONE));
        assertThat(log.events()).hasSize(2);
    }

    @Test
    void shutdown_ends_every_watch_and_fails_every_pending_kick_once_and_the_trail_delivers_them_after() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        start(c -> {
            hold.await();
        });
        TestSink a = new TestSink();
        TestSink b = new TestSink();
        bridge.monitor(ALICE, "SSH", "s-3", a);
        bridge.monitor(Caller.of("bob", "ws-2"), "SSH", "s-4", b);
        var kick = bridge.kick(ALICE, "SSH", "s-3", "suspicious sudo");
        server.awaitConnection(WAIT);
        log.await(3, WAIT);
        bridge.close();
        hold.countDown();
        assertThat(kick.toCompletableFuture().get(10, TimeUnit.SECONDS).reason()).isEqualTo(EndReason.SHUTDOWN);
        trail.close();
        assertThat(log.of(WatchStarted.class)).hasSize(2);
        assertThat(log.of(WatchEnded.class)).hasSize(2).allSatisfy(e -> assertThat(e.reason()).isEqualTo(EndReason.SHUTDOWN));
        assertThat(log.of(KickRequested.class)).singleElement().satisfies(r -> assertThat(r.reason()).contains("suspicious sudo"));
        assertThat(log.of(KickAnswered.class)).singleElement().satisfies(r -> {
            assertThat(r.outcome().reason()).isEqualTo(EndReason.SHUTDOWN);
            assertThat(r.reason()).contains("suspicious sudo");
            assertThat(r.startId()).isEqualTo(log.of(KickRequested.class).get(0).id());
        });
        assertThat(log.events()).hasSize(6);
    }

    @Test
    void a_kick_is_requested_with_its_reason_and_answered_with_its_outcome_once() throws Exception {
        start(c -> {
            c.send(Control.END);
        });
        KickOutcome o = bridge.kick(ALICE, "SSH", "s-5", "left a root shell open").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(o.kicked()).isTrue();
        bridge.kick(ALICE, "SSH", "s-6").toCompletableFuture().get(10, TimeUnit.SECONDS);
        bridge.close();
        trail.close();
        List<KickRequested> asked = log.of(KickRequested.class);
        List<KickAnswered> answered = log.of(KickAnswered.class);
        assertThat(asked).hasSize(2);
        assertThat(answered).hasSize(2);
        assertThat(asked.get(0).reason()).contains("left a root shell open");
        assertThat(asked.get(1).reason()).isEmpty();
        assertThat(answered).extracting(a -> a.outcome().status()).containsOnly(KickOutcome.Status.KICKED);
        assertThat(answered).extracting(KickAnswered::startId).containsExactlyInAnyOrder(asked.get(0).id(), asked.get(1).id());
        assertThat(log.events()).hasSize(4);
    }

    @Test
    void a_denied_kick_is_one_AccessDenied_with_the_reason() throws Exception {
        start(c -> c.send(Control.END), AuditOptions.DEFAULT,
                BridgeConfig.builder().accessPolicy(r -> r.action() != Action.KICK));
        KickOutcome o = bridge.kick(ALICE, "SSH", "s-7", "drill").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(o.reason()).isEqualTo(EndReason.FORBIDDEN);
        bridge.close();
        trail.close();
        assertThat(log.events()).singleElement().isInstanceOfSatisfying(AccessDenied.class, d -> {
            assertThat(d.action()).isEqualTo(Action.KICK);
            assertThat(d.reason()).contains("drill");
        });
    }

    @Test
    void a_connect_failure_is_still_started_and_ended() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        trail = AuditTrail.start(log);
        bridge = SessionBridge.create(BridgeConfig.builder().tcp("SSH", closedPort).audit(trail).build());
        bridge.monitor(ALICE, "SSH", "s-8", new TestSink()).ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        bridge.kick(ALICE, "SSH", "s-8").toCompletableFuture().get(10, TimeUnit.SECONDS);
        bridge.close();
        trail.close();
        assertThat(log.of(WatchEnded.class)).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo(EndReason.CONNECT_FAILED));
        assertThat(log.of(KickAnswered.class)).singleElement().satisfies(e -> assertThat(e.outcome().reason()).isEqualTo(EndReason.CONNECT_FAILED));
        assertThat(log.events()).hasSize(4);
    }

    @Test
    void a_bad_kick_reason_is_rejected_naming_what_is_wrong() throws Exception {
        start(c -> c.send(Control.END));
        assertThatThrownBy(() -> bridge.kick(ALICE, "SSH", "s-9", "two\nlines")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control characters").hasMessageContaining("U+000A");
        assertThatThrownBy(() -> bridge.kick(ALICE, "SSH", "s-9", "x".repeat(501))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 500");
        assertThatThrownBy(() -> bridge.kick(ALICE, "SSH", "s-9", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        bridge.close();
        trail.close();
        assertThat(log.events()).isEmpty();
    }

    @Test
    void a_failing_sink_under_DROP_is_counted_and_the_bridges_go_on() throws Exception {
        start(c -> {
            c.send(TerminalData.ofText(1, "x"), Control.END);
        });
        log.failNext(1);
        TestSink sink = new TestSink();
        bridge.monitor(ALICE, "SSH", "s-10", sink);
        assertThat(sink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(sink.records()).hasSize(1);
        log.await(1, WAIT);
        bridge.close();
        trail.close();
        assertThat(log.events()).singleElement().isInstanceOf(WatchEnded.class);
        assertThat(trail.stats().failed()).isEqualTo(1);
        assertThat(trail.stats().delivered()).isEqualTo(1);
    }

    @Test
    void a_failing_sink_under_BACK_PRESSURE_is_retried_until_every_event_is_taken_exactly_once() throws Exception {
        start(c -> {
            c.send(Control.END);
        }, AuditOptions.DEFAULT.withOverflow(AuditOptions.Overflow.BACK_PRESSURE), BridgeConfig.builder());
        log.failNext(3);
        bridge.monitor(ALICE, "SSH", "s-11", new TestSink()).ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        log.await(2, WAIT);
        bridge.close();
        trail.close();
        assertThat(log.events()).hasSize(2);
        assertThat(log.events().get(0)).isInstanceOf(WatchStarted.class);
        assertThat(log.events().get(1)).isInstanceOf(WatchEnded.class);
        assertThat(trail.stats().failed()).isEqualTo(3);
        assertThat(trail.stats().dropped()).isZero();
    }

    @Test
    void a_blocked_sink_never_blocks_a_bridge_and_under_BACK_PRESSURE_a_full_trail_refuses_new_requests() throws Exception {
        start(c -> {
            c.send(TerminalData.ofText(1, "x"), Control.END);
        }, new AuditOptions(2, AuditOptions.Overflow.BACK_PRESSURE, Duration.ofMillis(200), Duration.ofSeconds(5)),
                BridgeConfig.builder());
        log.block();
        // the first watch fills the queue (its start, held by the blocked sink, and its end beyond the capacity)
        TestSink firstSink = new TestSink();
        Bridge first = bridge.monitor(ALICE, "SSH", "s-0", firstSink);
        assertThat(firstSink.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        assertThat(firstSink.records()).hasSize(1);
        // its end is recorded just after its notice
        first.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(trail.stats().queued()).isEqualTo(2);
        long t0 = System.nanoTime();
        TestSink refused = new TestSink();
        bridge.monitor(ALICE, "SSH", "s-refused", refused);
        assertThat(refused.awaitEnd(WAIT).reason()).isEqualTo(EndReason.FORBIDDEN);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(bridge.kick(ALICE, "SSH", "s-1").toCompletableFuture().get(10, TimeUnit.SECONDS).reason())
                .isEqualTo(EndReason.FORBIDDEN);
        assertThat(trail.stats().refused()).isEqualTo(2);
        assertThat(server.connectionCount()).isEqualTo(1);
        log.unblock();
        bridge.close();
        trail.close();
        assertThat(log.of(WatchStarted.class)).hasSize(1);
        assertThat(log.of(WatchEnded.class)).hasSize(1);
        assertThat(log.of(AccessDenied.class)).hasSize(2).allSatisfy(d -> assertThat(d.denial()).isEqualTo(AuditEvent.Denial.AUDIT_FULL));
        assertThat(log.events()).hasSize(4);
        assertThat(trail.stats().dropped()).isZero();
    }

    @Test
    void under_DROP_a_full_trail_drops_and_counts_but_lets_requests_through() throws Exception {
        start(c -> {
            c.send(Control.END);
        }, new AuditOptions(1, AuditOptions.Overflow.DROP, Duration.ZERO, Duration.ofSeconds(5)), BridgeConfig.builder());
        log.block();
        for (int i = 0; i < 4; i++) {
            TestSink s = new TestSink();
            bridge.monitor(ALICE, "SSH", "s-" + i, s);
            assertThat(s.awaitEnd(WAIT).reason()).isEqualTo(EndReason.END);
        }
        log.unblock();
        bridge.close();
        trail.close();
        assertThat(trail.stats().refused()).isZero();
        assertThat(trail.stats().dropped()).isPositive();
        assertThat(trail.stats().delivered() + trail.stats().dropped()).isEqualTo(8);
        assertThat(log.events()).hasSize((int) trail.stats().delivered());
    }

    @Test
    void a_sink_that_never_recovers_is_given_up_on_close_and_counted() throws Exception {
        start(c -> {
            c.send(Control.END);
        }, new AuditOptions(10, AuditOptions.Overflow.BACK_PRESSURE, Duration.ZERO, Duration.ofMillis(300)),
                BridgeConfig.builder());
        log.failNext(Integer.MAX_VALUE);
        bridge.monitor(ALICE, "SSH", "s-12", new TestSink()).ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
        bridge.close();
        trail.close();
        assertThat(log.events()).isEmpty();
        assertThat(trail.stats().dropped()).isEqualTo(2);
        assertThat(trail.stats().failed()).isPositive();
        trail.record(new WatchStarted(AuditEvent.newId(), java.time.Instant.now(), ALICE, 1, "SSH", "late"));
        assertThat(trail.stats().dropped()).isEqualTo(3);
        assertThat(Optional.of(trail.stats().queued())).contains(0);
    }
}
