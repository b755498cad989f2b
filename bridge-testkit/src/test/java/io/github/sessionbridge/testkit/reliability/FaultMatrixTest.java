package io.github.sessionbridge.testkit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.Bridge;
import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.FlowControl;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RequestLine;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import io.github.sessionbridge.testkit.AcceptBehavior;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.RecordingClientSink;
import io.github.sessionbridge.testkit.SessionScript;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix, end to end over real loopback sockets: every fault at every phase of a monitor
 * against a {@link FakeCServer}. Each cell asserts that the client gets exactly one end notice with
 * the right code and reason (none when it left itself), that exactly the whole records sent before
 * the fault arrive (no partial record, nothing after a control byte), and that nothing leaks: the
 * bridge's registries are empty, the fake C server has no open connection, and this process has no
 * more descriptors or bridge/fake threads than before the cell.
 *
 * <p>Phases, as the C stream stands when the fault hits: {@code BEFORE_CONNECT} (the C server is not
 * accepting: no listener, or its accept queue is full), {@code DURING_REQUEST} (the connection is up
 * and the request sent; the C server has answered nothing), {@code BETWEEN_RECORDS} (after {@value #K}
 * whole records), {@code MID_HEADER} (then 3 bytes of a record's 5-byte header), {@code MID_BODY}
 * (then its header, timestamp and 2 of its content bytes) and {@code AFTER_CONTROL} (then
 * {@code '3'}). Faults that send bytes (refusal, flood, garbage, bad length, unknown type) arrive in
 * the mid-unit phases together with the rest of the cut unit, after a pause: the bridge holds the
 * partial unit when they come. Every cell runs twice: with the client sink called on the I/O thread,
 * and on a host's callback executor. RELIABILITY.md has the table of outcomes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultMatrixTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** How soon an ended bridge must have released its descriptors: well before any connect timeout here. */
    static final Duration PROMPTLY = Duration.ofSeconds(10);
    /** The connect timeout of cells whose connect must stay pending until the client or the host ends it. */
    static final Duration LONG_CONNECT = Duration.ofSeconds(30);
    /** Whole records sent before the fault. */
    static final int K = 3;
    static final int SIZE = 64;
    static final int FLOOD = 2000;
    static final int FLOOD_SIZE = 1024;
    static final int SLOW_RECORDS = 64;

    enum Fault {
        C_REFUSES, C_NEVER_ANSWERS, C_RESETS, C_CLOSES, C_STALLS, C_FLOODS, C_GARBAGE, C_OVERSIZED_LENGTH, C_UNKNOWN_TYPE,
        CLIENT_CLOSES, CLIENT_SLOW, BRIDGE_SHUTDOWN, KICK_RACE
    }

    enum Phase { BEFORE_CONNECT, DURING_REQUEST, BETWEEN_RECORDS, MID_HEADER, MID_BODY, AFTER_CONTROL }

    /** Where the client sink is called: on the I/O thread (the default), or on a host's callback executor. */
    enum Mode { IO_THREAD, CALLBACK_EXECUTOR }

    /** Cells that cannot exist: before a connection exists, the C server cannot send, close or reset one. */
    static final Map<Fault, String> IMPOSSIBLE_BEFORE_CONNECT = new EnumMap<>(Map.of(
            Fault.C_RESETS, "a reset before the connection exists is the RST answering the SYN: the C_REFUSES cell",
            Fault.C_CLOSES, "there is no connection to close yet",
            Fault.C_FLOODS, "there is no connection to send on yet",
            Fault.C_GARBAGE, "there is no connection to send on yet",
            Fault.C_OVERSIZED_LENGTH, "there is no connection to send on yet",
            Fault.C_UNKNOWN_TYPE, "there is no connection to send on yet"));

    static final Figures FIGURES = new Figures("fault-matrix");
    static final Map<EndReason, Integer> REASONS = new EnumMap<>(EndReason.class);

    /** Every possible cell; {@code -Dmatrix.only=C_RESETS} (a fault, a phase, or {@code FAULT:PHASE}) runs some. */
    static Stream<Arguments> cells() {
        String only = System.getProperty("matrix.only", "");
        List<Arguments> l = new ArrayList<>();
        for (Fault f : Fault.values()) {
            for (Phase p : Phase.values()) {
                boolean wanted = only.isEmpty() || only.equals(f.name()) || only.equals(p.name()) || only.equals(f + ":" + p);
                if (wanted && (p != Phase.BEFORE_CONNECT || !IMPOSSIBLE_BEFORE_CONNECT.containsKey(f))) {
                    for (Mode m : Mode.values()) {
                        l.add(Arguments.of(f, p, m));
                    }
                }
            }
        }
        return l.stream();
    }

    @BeforeAll
    static void warmUp() throws Exception {
        // the JDK opens some descriptors lazily (selector pipes, the loopback resolver, class files):
        // let every kind of cell's machinery open them once before anything is counted
        Leaks.warmUpJdk();
        for (Mode m : Mode.values()) {
            for (Fault f : Fault.values()) {
                Cell c = new Cell(f, Phase.BETWEEN_RECORDS, m);
                c.checkLeaks = false;
                c.runAndClose();
            }
            for (Fault f : List.of(Fault.C_REFUSES, Fault.C_NEVER_ANSWERS)) {
                Cell c = new Cell(f, Phase.BEFORE_CONNECT, m);
                c.checkLeaks = false;
                c.runAndClose();
            }
        }
        FIGURES.put("cells run", 0L).put("faults injected", 0L).put("records checked", 0L).put("end notices checked", 0L);
    }

    @AfterAll
    static void report() {
        FIGURES.put("cells impossible by construction", IMPOSSIBLE_BEFORE_CONNECT.size());
        FIGURES.put("outcomes", REASONS.toString());
        FIGURES.put("leaks found", 0);
        FIGURES.write();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cells")
    void cell(Fault fault, Phase phase, Mode mode) throws Exception {
        Leaks.Snapshot before = Leaks.snapshot();
        Cell c = new Cell(fault, phase, mode);
        c.runAndClose();
        Leaks.assertNoneLeaked(before, WAIT, fault + " " + phase + " " + mode);
        synchronized (FIGURES) {
            FIGURES.add("cells run", 1).add("faults injected", c.faultsInjected).add("records checked", c.recordsChecked)
                    .add("end notices checked", 1);
            REASONS.merge(c.outcome, 1, Integer::sum);
        }
    }

    @Test
    void every_impossible_cell_says_why_and_every_other_cell_runs() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("matrix.only", "").isEmpty(), "a slice of the matrix");
        assertThat(cells().count()).isEqualTo(((long) Fault.values().length * Phase.values().length - IMPOSSIBLE_BEFORE_CONNECT.size())
                * Mode.values().length);
        assertThat(IMPOSSIBLE_BEFORE_CONNECT.values()).allSatisfy(why -> assertThat(why).isNotBlank());
    }

    /** One cell: sets the fault up, runs the monitor, checks the outcome, closes everything. */
    static final class Cell {
        final Fault fault;
        final Phase phase;
        final Mode mode;
        final ExecutorService callbacks;
        final String sid;
        final String ws;
        final List<SessionRecord> before;
        final TerminalData cutUnit;
        final byte[] cutWire;
        final int cut;

        FakeCServer fake;
        FullListener full;
        /** Before the monitor, with the fake, the listener and the session bridge up. */
        Leaks.Snapshot idle;
        SessionBridge sb;
        RecordingClientSink sink;
        Bridge bridge;
        Thread completer;
        volatile boolean completing = true;

        // expectations
        EndReason expected;
        final List<SessionRecord> expectedRecords = new ArrayList<>();
        boolean prefixOnly;
        int minRecords;
        boolean fakeSeesClose = true;
        long expectedCBytes = -1;

        /** Off for the warm-up, while the JDK still opens its lazy descriptors. */
        boolean checkLeaks = true;

        // results
        EndReason outcome;
        long recordsChecked;
        int faultsInjected = 1;

        Cell(Fault fault, Phase phase, Mode mode) {
            this.fault = fault;
            this.phase = phase;
            this.mode = mode;
            this.callbacks = mode == Mode.CALLBACK_EXECUTOR
                    ? Executors.newSingleThreadExecutor(r -> new Thread(r, "matrix-host-callbacks")) : null;
            this.sid = "s-" + fault.name().toLowerCase().replace('_', '-') + "." + phase.ordinal();
            this.ws = "ws-" + sid;
            this.before = Seq.records(sid, 0, K, SIZE);
            this.cutUnit = Seq.record(sid, K, SIZE);
            this.cutWire = UnitEncoder.encode(cutUnit);
            this.cut = phase == Phase.MID_HEADER ? 3 : 5 + 8 + 2;
        }

        boolean midUnit() {
            return phase == Phase.MID_HEADER || phase == Phase.MID_BODY;
        }

        void runAndClose() throws Exception {
            try {
                run();
            } finally {
                completing = false;
                if (completer != null) {
                    completer.join(10_000);
                }
                if (sb != null) {
                    sb.close();
                }
                if (fake != null) {
                    fake.close();
                }
                if (full != null) {
                    full.close();
                }
                if (callbacks != null) {
                    callbacks.shutdown();
                    callbacks.awaitTermination(10, TimeUnit.SECONDS);
                }
            }
        }

        void run() throws Exception {
            fake = FakeCServer.builder().start();
            BridgeConfig.Builder cfg = fake.bridgeConfig().connectTimeout(Duration.ofSeconds(5));
            sink = new RecordingClientSink();
            if (phase == Phase.BEFORE_CONNECT) {
                beforeConnect(cfg);
            } else {
                afterConnect(cfg);
            }
            checkOutcome();
        }

        // ---- BEFORE_CONNECT: the C server is not accepting

        void beforeConnect(BridgeConfig.Builder ignored) throws Exception {
            switch (fault) {
                case C_REFUSES, CLIENT_SLOW -> {
                    // nothing listens: the kernel answers the SYN with RST
                    if (fault == Fault.CLIENT_SLOW) {
                        sink = RecordingClientSink.manualCompletion();
                    }
                    start(BridgeConfig.builder().tcp("SSH", closedPort()));
                    expect(EndReason.CONNECT_FAILED);
                    sink.awaitNotice(WAIT);
                }
                case C_NEVER_ANSWERS -> {
                    full = new FullListener();
                    start(BridgeConfig.builder().tcp("SSH", full.port()).connectTimeout(Duration.ofMillis(500)));
                    expect(EndReason.CONNECT_FAILED);
                    sink.awaitNotice(WAIT);
                }
                case C_STALLS -> {
                    // the queue is full for a while, then drains: the SYN retransmission gets through
                    full = new FullListener();
                    start(BridgeConfig.builder().tcp("SSH", full.port()).connectTimeout(LONG_CONNECT));
                    Thread.sleep(300);
                    assertThat(bridge.isOpen()).isTrue();
                    List<Unit> answer = new ArrayList<>(before);
                    answer.add(Control.END);
                    full.drainAndServe(RequestLine.monitor(sid).encode().length, UnitEncoder.encodeAll(answer));
                    expect(EndReason.END, before);
                    sink.awaitNotice(WAIT);
                }
                case CLIENT_CLOSES, BRIDGE_SHUTDOWN -> {
                    full = new FullListener();
                    start(BridgeConfig.builder().tcp("SSH", full.port()).connectTimeout(LONG_CONNECT));
                    Thread.sleep(200);
                    assertThat(bridge.isOpen()).as("still connecting").isTrue();
                    if (fault == Fault.CLIENT_CLOSES) {
                        bridge.close();
                        expect(EndReason.CLIENT_GONE);
                    } else {
                        sb.close();
                        expect(EndReason.SHUTDOWN);
                    }
                }
                case KICK_RACE -> kickRaceFromTheStart();
                default -> throw new IllegalStateException(fault + " cannot happen before connect");
            }
        }

        void kickRaceFromTheStart() throws Exception {
            // monitor and kick leave together: whichever request the C server takes first decides, and
            // the two outcomes must agree
            fake.session(sid).sendsAll(before);
            start(fake.bridgeConfig());
            KickOutcome k = sb.kick(Caller.of("admin", "ws-admin"), "SSH", sid).toCompletableFuture().get(20, TimeUnit.SECONDS);
            faultsInjected = 1;
            if (k.status() == KickOutcome.Status.KICKED) {
                // the monitor was live: it ends with '3' after whatever records it had been sent
                expect(EndReason.END, before);
                prefixOnly = true;
                sink.awaitNotice(WAIT);
            } else {
                assertThat(k.status()).as("kick outcome %s", k).isEqualTo(KickOutcome.Status.REFUSED);
                // the kick came first, found no live monitor; the monitor goes on until the bridge closes
                sink.awaitRecords(K, WAIT);
                sb.close();
                expect(EndReason.SHUTDOWN, before);
            }
        }

        // ---- after connect: the C server accepts and runs a script

        void afterConnect(BridgeConfig.Builder cfg) throws Exception {
            SessionScript s = fake.session(sid);
            switch (fault) {
                case C_REFUSES -> {
                    prefix(s);
                    completeUnit(s);
                    s.then(Ending.REFUSE);
                    start(cfg);
                    expectAfterControlOr(EndReason.REFUSED);
                    sink.awaitNotice(WAIT);
                }
                case C_NEVER_ANSWERS -> {
                    fakeSeesClose = false;
                    if (phase == Phase.DURING_REQUEST) {
                        fake.onAccept(AcceptBehavior.NEVER_READ);
                    } else {
                        prefix(s);
                        s.stopsReading().then(Ending.STALL);
                    }
                    start(cfg);
                    if (phase == Phase.AFTER_CONTROL) {
                        expect(EndReason.END, before);
                        sink.awaitNotice(WAIT);
                    } else {
                        awaitPhase();
                        // no timeout ends a quiet TCP monitor (a watched session may idle for hours): it stays
                        // open and silent until its client leaves
                        assertThat(sink.staysWithoutNotice(Duration.ofMillis(300))).as("%s", sink).isTrue();
                        assertThat(bridge.isOpen()).isTrue();
                        bridge.close();
                        expect(EndReason.CLIENT_GONE, phase == Phase.DURING_REQUEST ? List.of() : before);
                    }
                }
                case C_RESETS -> {
                    prefix(s);
                    s.then(Ending.RESET);
                    start(cfg);
                    expectAfterControlOr(EndReason.IO_ERROR);
                    sink.awaitNotice(WAIT);
                }
                case C_CLOSES -> {
                    prefix(s);
                    s.then(Ending.CLOSE);
                    start(cfg);
                    expectAfterControlOr(midUnit() ? EndReason.TRUNCATED : EndReason.CLOSED);
                    sink.awaitNotice(WAIT);
                }
                case C_STALLS -> {
                    prefix(s);
                    s.waits(Duration.ofMillis(300));
                    if (midUnit()) {
                        s.sendsBytes(Arrays.copyOfRange(cutWire, cut, cutWire.length));
                    }
                    List<SessionRecord> after = Seq.records(sid, K + 1, K + 3, SIZE);
                    s.sendsAll(after).then(Ending.END);
                    start(cfg);
                    expectAfterControlOr(EndReason.END);
                    if (phase != Phase.AFTER_CONTROL) {
                        if (midUnit()) {
                            expectedRecords.add(cutUnit);
                        }
                        expectedRecords.addAll(after);
                    }
                    sink.awaitNotice(WAIT);
                }
                case C_FLOODS -> {
                    // an asynchronous client, completing its sends in batches, behind low water marks: the
                    // flood pauses and resumes reading many times and nothing may be lost
                    cfg.flowControl(FlowControl.DEFAULT.withWaterMarks(16 * 1024, 4 * 1024));
                    sink = RecordingClientSink.manualCompletion();
                    startCompleter();
                    prefix(s);
                    completeUnit(s);
                    List<SessionRecord> flood = Seq.records(sid, K + 1, K + 1 + FLOOD, FLOOD_SIZE);
                    s.sendsAll(flood).then(Ending.END);
                    start(cfg);
                    expectAfterControlOr(EndReason.END);
                    if (phase != Phase.AFTER_CONTROL) {
                        expectedRecords.addAll(flood);
                    }
                    sink.awaitNotice(WAIT);
                }
                case C_GARBAGE, C_OVERSIZED_LENGTH, C_UNKNOWN_TYPE -> {
                    prefix(s);
                    completeUnit(s);
                    switch (fault) {
                        case C_GARBAGE -> s.sendsGarbage(64, phase.ordinal());
                        case C_OVERSIZED_LENGTH -> s.sendsOversizedHeader(0xFFFF_FFFFL);
                        default -> s.sendsUnknownType();
                    }
                    // the C server stalls: only the bridge closing the connection at once ends it
                    s.then(Ending.STALL);
                    start(cfg);
                    expectAfterControlOr(EndReason.PROTOCOL_ERROR);
                    sink.awaitNotice(WAIT);
                }
                case CLIENT_CLOSES -> {
                    prefix(s);
                    liveOrStall(s);
                    start(cfg);
                    awaitPhase();
                    bridge.close();
                    expectAfterControlOr(EndReason.CLIENT_GONE);
                }
                case CLIENT_SLOW -> {
                    // a client that never completes a send: above the high-water mark for the slow-client timeout
                    cfg.flowControl(new FlowControl(8 * 1024, 2 * 1024, Duration.ofMillis(500)));
                    sink = RecordingClientSink.manualCompletion();
                    List<SessionRecord> flood = Seq.records(sid, K + 1, K + 1 + SLOW_RECORDS, FLOOD_SIZE);
                    if (phase == Phase.AFTER_CONTROL) {
                        // after '3' the records wait behind the one pending send; a client that has not taken
                        // it one slow-client timeout later is too slow, and what waited is dropped
                        prefix(s);
                        s.then(Ending.STALL);
                        start(cfg);
                        expect(EndReason.CLIENT_TOO_SLOW, before);
                        prefixOnly = true;
                        minRecords = 1;
                    } else {
                        if (phase != Phase.DURING_REQUEST) {
                            s.sendsAll(before);
                            expectedRecords.addAll(before);
                        }
                        s.sendsAll(flood);
                        expectedRecords.addAll(flood);
                        if (midUnit()) {
                            s.sendsBytes(Arrays.copyOf(cutWire, cut));
                        }
                        s.then(Ending.STALL);
                        start(cfg);
                        expected = EndReason.CLIENT_TOO_SLOW;
                        prefixOnly = true;
                        // one send in flight: a client that never completes one is handed exactly one record
                        minRecords = 1;
                    }
                    sink.awaitNotice(WAIT);
                }
                case BRIDGE_SHUTDOWN -> {
                    prefix(s);
                    liveOrStall(s);
                    start(cfg);
                    awaitPhase();
                    sb.close();
                    expectAfterControlOr(EndReason.SHUTDOWN);
                }
                case KICK_RACE -> {
                    prefix(s);
                    liveOrStall(s);
                    start(cfg);
                    awaitPhase();
                    KickOutcome k = sb.kick(Caller.of("admin", "ws-admin"), "SSH", sid).toCompletableFuture()
                            .get(20, TimeUnit.SECONDS);
                    if (phase == Phase.AFTER_CONTROL) {
                        // the session is over: nothing to kick
                        assertThat(k.status()).as("%s", k).isEqualTo(KickOutcome.Status.REFUSED);
                        expect(EndReason.END, before);
                    } else {
                        assertThat(k.status()).as("%s", k).isEqualTo(KickOutcome.Status.KICKED);
                        // the C server's '3' follows the bytes it has sent: inside a cut unit it is content,
                        // and the stream then ends inside that unit
                        expect(midUnit() ? EndReason.TRUNCATED : EndReason.END, phase == Phase.DURING_REQUEST ? List.of() : before);
                    }
                    sink.awaitNotice(WAIT);
                }
                default -> throw new IllegalStateException(String.valueOf(fault));
            }
        }

        /** What the C server sends before the fault, by phase; records the whole records among it. */
        void prefix(SessionScript s) {
            if (phase == Phase.DURING_REQUEST) {
                return;
            }
            s.sendsAll(before);
            expectedRecords.addAll(before);
            long bytes = before.stream().mapToLong(SessionRecord::encodedLength).sum();
            if (midUnit()) {
                s.sendsBytes(Arrays.copyOf(cutWire, cut));
                bytes += cut;
            } else if (phase == Phase.AFTER_CONTROL) {
                s.sends(Control.END);
                bytes += 1;
            }
            expectedCBytes = bytes;
        }

        /** In the mid-unit phases, the rest of the cut unit, after a pause: the bridge holds the partial unit meanwhile. */
        void completeUnit(SessionScript s) {
            if (midUnit()) {
                s.waits(Duration.ofMillis(50)).sendsBytes(Arrays.copyOfRange(cutWire, cut, cutWire.length));
                expectedRecords.add(cutUnit);
            }
        }

        void liveOrStall(SessionScript s) {
            if (phase == Phase.AFTER_CONTROL) {
                s.then(Ending.STALL);
            }
            // otherwise the script stays live: the connection stays open, as for a watched session
        }

        void start(BridgeConfig.Builder cfg) {
            if (callbacks != null) {
                cfg.callbackExecutor(callbacks);
            }
            sb = SessionBridge.create(cfg.build());
            idle = Leaks.snapshot();
            bridge = sb.monitor(Caller.of("alice", ws), "SSH", sid, sink);
        }

        void startCompleter() {
            RecordingClientSink s = sink;
            completer = new Thread(() -> {
                while (completing) {
                    s.completePending();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "matrix-client-completer");
            completer.start();
        }

        /** Waits until the C server has sent everything of the phase, and gives the bridge a moment to read it. */
        void awaitPhase() throws InterruptedException {
            fake.awaitConnections(1, WAIT);
            if (phase == Phase.DURING_REQUEST) {
                if (fakeSeesClose) {
                    fake.takeRequest(WAIT);
                }
            } else {
                sink.awaitRecords(K, WAIT);
                Leaks.awaitOrFail(() -> fake.connections().get(0).bytesSent() >= expectedCBytes, WAIT, fake::toString);
                if (phase == Phase.AFTER_CONTROL) {
                    sink.awaitNotice(WAIT);
                }
            }
            Thread.sleep(50);
        }

        void expect(EndReason reason) {
            expected = reason;
        }

        void expect(EndReason reason, List<SessionRecord> records) {
            expected = reason;
            expectedRecords.clear();
            expectedRecords.addAll(records);
        }

        /** After a control byte the outcome is END whatever follows; otherwise {@code reason}. */
        void expectAfterControlOr(EndReason reason) {
            if (phase == Phase.AFTER_CONTROL) {
                expect(EndReason.END, before);
            } else {
                expected = reason;
            }
        }

        void checkOutcome() throws Exception {
            String where = fault + " " + phase + " " + mode;
            EndReason r = bridge.ended().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            outcome = r;
            assertThat(r).as("%s: how the bridge ended; %s", where, sink).isEqualTo(expected);
            Leaks.assertRegistriesEmpty(sb, sid, ws);
            if (fakeSeesClose) {
                // the bridge closed its C connection (also where the C server would have kept it open)
                fake.awaitActiveConnections(0, WAIT);
            }
            // with the session bridge still running, the ended bridge (and any kick) holds no descriptor;
            // a C server that stopped reading cannot see the close and keeps its own end open
            if (checkLeaks) {
                Leaks.assertNoneLeaked(idle, fakeSeesClose ? 0 : 1, PROMPTLY, where + " (before shutdown)");
            }
            sb.close();
            // the transport's threads are gone, and the host's callback executor has run what it was
            // given: no notice can still be on its way
            if (callbacks != null) {
                callbacks.submit(() -> { }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            List<Notice> notices = sink.notices();
            if (expected.notifiesClient()) {
                assertThat(notices).as("%s: end notices; %s", where, sink)
                        .containsExactly(Notice.of(expected, BridgeConfig.DEFAULT_NOTICE_TEXT));
            } else {
                assertThat(notices).as("%s: a client that left is told nothing; %s", where, sink).isEmpty();
            }
            assertThat(sink.violations()).as("%s: sink contract", where).isEmpty();
            List<SessionRecord> got = sink.records();
            if (prefixOnly) {
                assertThat(got.size()).as("%s: records", where).isBetween(minRecords, expectedRecords.size());
                assertThat(got).as("%s: the records are whole, in order, the first ones sent", where)
                        .isEqualTo(expectedRecords.subList(0, got.size()));
            } else {
                assertThat(got).as("%s: exactly the whole records sent before the fault", where).isEqualTo(expectedRecords);
            }
            recordsChecked = got.size();
            assertThat(sb.stats().endedByReason().get(expected)).as("%s: stats", where).isEqualTo(1L);
            assertThat(sb.stats().records()).as("%s: records counted", where).isEqualTo(got.size());
        }

        static int closedPort() throws Exception {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
