package io.github.sessionbridge.examples.console;

import io.github.sessionbridge.core.BridgeConfig;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import io.github.sessionbridge.testkit.KickReply;
import io.github.sessionbridge.testkit.Pacing;
import io.github.sessionbridge.testkit.internal.SampleSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's C side: an in-process {@link FakeCServer} (from bridge-testkit) serving the bundled sample
 * sessions over real loopback TCP, and the directory that lists them, so the console runs with nothing
 * else. SessionBridge talks to it exactly as to a real C server.
 *
 * <ul>
 *   <li>{@code sample-ssh}: the bundled SSH session (colours, {@code top}, an editor, Chinese text), live,
 *       at its recorded pace; recorded.
 *   <li>{@code sample-rdp}: a small graphical session of PNG screen frames, live; recorded.
 *   <li>{@code db-maint-7}: an SSH session following a database log for a long time: one to kick.
 *   <li>{@code s-0308-1742}: yesterday's session, over (the C server refuses to serve it); recorded.
 *   <li>{@code s-0307-2210}: an older session whose recording only the C server holds: it streams it as fast as
 *       TCP takes it when asked (protocol §7), and the console plays it as a timeline.
 * </ul>
 *
 * <p>The live sessions are served as a C server relays a session as it happens: at their pace (times the
 * demo's speed), each record stamped with the moment it is sent ({@code SessionScript.streamsLive}), so the
 * console's timelines follow them at the live edge.
 *
 * <p>Like a real C server, the fake answers a kick of a live session with {@code '3'} to the kicker and to
 * everyone watching it; once the directory marks a session ended, the fake forgets it, and watching it is
 * refused ({@code '5'}).
 */
final class DemoCServer implements AutoCloseable {

    private static final long START = SampleSession.START;
    private static final long MINUTE = 60_000;

    private final FakeCServer server;
    private final SessionDirectory directory = new SessionDirectory();

    private DemoCServer(FakeCServer server) {
        this.server = server;
    }

    /**
     * Starts the fake C server with the sample sessions paced {@code speed} times faster than recorded, and
     * writes their recordings into {@code recordings}.
     */
    static DemoCServer start(double speed, Path recordings) throws IOException {
        FakeCServer server = FakeCServer.builder().name("demo-c-server").ops("SSH").ops("RDP")
                .pacing(Pacing.realtime(speed)).start();
        DemoCServer demo = new DemoCServer(server);
        try {
            demo.addSessions(recordings);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        demo.directory.onEnded(s -> server.forgetSession(s.id()));
        return demo;
    }

    private void addSessions(Path dir) throws IOException {
        List<Unit> ssh = SampleSession.units();
        Path sshFile = write(dir.resolve(SampleSession.SESSION_ID + ".rec"), ssh);
        serveLive(SampleSession.SESSION_ID, sshFile, Ending.END);
        directory.add(new SessionDirectory.Session(SampleSession.SESSION_ID, "SSH", "ops", "web-01", Instant.ofEpochMilli(START),
                true, sshFile));

        List<Unit> rdp = repeat(SampleSession.graphicalUnits(), 6, 2_400);
        Path rdpFile = write(dir.resolve(SampleSession.GRAPHICAL_SESSION_ID + ".rec"), rdp);
        serveLive(SampleSession.GRAPHICAL_SESSION_ID, rdpFile, Ending.END);
        directory.add(new SessionDirectory.Session(SampleSession.GRAPHICAL_SESSION_ID, "RDP", "administrator", "win-app-02",
                Instant.ofEpochMilli(START + 3 * MINUTE), true, rdpFile));

        // not recorded by the console (no file in its list): what the C server relays of it is all there is
        Path dbmaint = write(Files.createDirectories(dir.resolve("c-side")).resolve("db-maint-7.rec"),
                logFollowing(START - 40 * MINUTE));
        serveLive("db-maint-7", dbmaint, Ending.STALL);   // live until kicked
        directory.add(new SessionDirectory.Session("db-maint-7", "SSH", "dba", "db-01", Instant.ofEpochMilli(START - 40 * MINUTE),
                true, null));

        // over: not served any more, but its recording replays
        directory.add(new SessionDirectory.Session("s-0308-1742", "SSH", "ops", "web-01", Instant.ofEpochMilli(START - 15 * 60 * MINUTE - 32 * MINUTE),
                false, write(dir.resolve("s-0308-1742.rec"), ssh)));

        // over, and held by the C server: it dumps the recording as fast as TCP takes it, then '3'
        Path held = write(dir.resolve("c-side").resolve("s-0307-2210.rec"), ssh);
        server.session("s-0307-2210").pacing(Pacing.fast()).streams(held).then(Ending.END);
        directory.add(new SessionDirectory.Session("s-0307-2210", "SSH", "ops", "web-01",
                Instant.ofEpochMilli(START - 36 * 60 * MINUTE - 50 * MINUTE), false, null, true));
    }

    /** Serves {@code recording} live to every monitor of {@code sid}, then {@code ending}; a kick ends it. */
    private void serveLive(String sid, Path recording, Ending ending) {
        server.session(sid).streamsLive(recording).onKick(KickReply.END).then(ending);
    }

    /** {@code times} copies of {@code units}' records, each {@code periodMs} later than the one before, then END. */
    private static List<Unit> repeat(List<Unit> units, int times, long periodMs) {
        List<Unit> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long shift = i * periodMs;
            for (Unit u : units) {
                if (u instanceof ScreenFrame f) {
                    out.add(new ScreenFrame(f.timestamp() + shift, f.x(), f.y(), f.width(), f.height(), f.content()));
                } else if (u instanceof InputEvent e) {
                    out.add(InputEvent.ofText(e.timestamp() + shift, e.text()));
                }
            }
        }
        out.add(Control.END);
        return out;
    }

    /** A DBA following a PostgreSQL log: a prompt, the command, and a line every 1.5 s for a long time. */
    private static List<Unit> logFollowing(long start) {
        String prompt = "\u001b[01;32mdba@db-01\u001b[00m:\u001b[01;34m~\u001b[00m$ ";
        String command = "sudo tail -f /var/log/postgresql/postgresql-15-main.log";
        List<Unit> units = new ArrayList<>();
        units.add(TerminalData.ofText(start, prompt));
        units.add(InputEvent.ofText(start + 900, command));
        units.add(TerminalData.ofText(start + 900, command + "\r\n"));
        String[] events = {
            "LOG:  checkpoint starting: time",
            "LOG:  checkpoint complete: wrote 412 buffers (2.5%); write=41.2 s, sync=0.004 s",
            "LOG:  automatic vacuum of table \"billing.public.invoices\": index scans: 1",
            "LOG:  duration: 1532.114 ms  statement: SELECT count(*) FROM orders WHERE created_at > now() - interval '1 day'",
            "LOG:  connection received: host=10.20.1.11 port=51544",
            "LOG:  connection authorized: user=app database=billing application_name=api",
        };
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'CST'", Locale.ROOT)
                .withZone(ZoneOffset.ofHours(8));
        for (int i = 0; i < 400; i++) {
            long t = start + 2_000 + i * 1_500L + (i * 137) % 400;
            units.add(TerminalData.ofText(t, clock.format(Instant.ofEpochMilli(t)) + " [" + (4100 + i % 7) + "] "
                    + events[i % events.length] + "\r\n"));
        }
        return units;
    }

    private static Path write(Path file, List<Unit> units) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            RecordingWriter w = new RecordingWriter(out);
            for (Unit u : units) {
                w.write(u);
            }
            w.flush();
        }
        return file;
    }

    /** The sessions it serves. */
    SessionDirectory directory() {
        return directory;
    }

    /** A bridge configuration reaching it, keeping the directory true ({@link SessionDirectory#tracker()}). */
    BridgeConfig.Builder bridgeConfig() {
        return server.bridgeConfig().listener(directory.tracker());
    }

    /** For the page header. */
    String describe() {
        return "demo C server (in-process) on " + server.host() + ":" + server.port("SSH") + "/" + server.port("RDP");
    }

    @Override
    public void close() {
        server.close();
    }
}
