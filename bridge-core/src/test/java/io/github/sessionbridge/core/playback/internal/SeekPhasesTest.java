package io.github.sessionbridge.core.playback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seek alone, step by step through its phases, against a fake player. */
class SeekPhasesTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String CLEAR = "\u001b[H\u001b[2J";

    @TempDir
    Path dir;

    /** The player, as a seek sees it. */
    private final class Host implements Seek.Host {
        final List<SessionRecord> sent = new ArrayList<>();
        final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PlayReader reader;
        boolean behind;
        boolean finished;
        int again;

        @Override
        public void deliver(SessionRecord r) {
            sent.add(r);
            if (r instanceof TerminalData) {
                terminal.writeBytes(r.content());
            }
        }

        @Override
        public boolean finished() {
            return finished;
        }

        @Override
        public boolean clientBehind() {
            return behind;
        }

        @Override
        public boolean terminalSent() {
            return !sent.isEmpty();
        }

        @Override
        public void again() {
            again++;
        }

        @Override
        public boolean loadNext() {
            PlayReader.Read k = reader.read();
            finished |= k == PlayReader.Read.END;
            return k == PlayReader.Read.RECORD;
        }

        String text() {
            return terminal.toString(StandardCharsets.UTF_8);
        }
    }

    private final Host host = new Host();

    /** Record {@code i} plays at {@code i * 100} ms; record 100 clears the screen (a keyframe). */
    private static String content(int i) {
        return (i == 100 ? CLEAR : "") + String.format("r%03d ", i) + "x".repeat(990);
    }

    private static TerminalData record(int i) {
        return TerminalData.ofText(T0 + i * 100L, content(i));
    }

    private Recording file(int records) throws Exception {
        Path p = dir.resolve("s.rec");
        try (RecordingWriter w = RecordingWriter.create(p)) {
            for (int i = 0; i < records; i++) {
                w.write(record(i));
            }
            w.write(Control.END);
        }
        return Recording.open(p);
    }

    private Seek seek(Recording r, GrowingSource source, long target, long slice) throws Exception {
        Indexer indexer = new Indexer(r, source, new SeekIndex(MediaTime.NO_LIMIT), Runnable::run, slice, "test");
        host.reader = new PlayReader(r, source, indexer, MediaTime.NO_LIMIT);
        host.reader.open();
        return new Seek(target, 0, r, source, indexer, host.reader, MediaTime.NO_LIMIT, slice, host);
    }

    @Test
    void aSeekIndexesThenReplaysFromTheKeyframeInSlicesWaitsForTheClientAndPutsTheCursorAtTheResumePoint() throws Exception {
        Seek s = seek(file(200), GrowingSource.COMPLETE, 15_000, 20_000);
        assertThat(s.phase()).isEqualTo(Seek.Phase.INDEXING);
        int steps = 0;
        while (s.phase() == Seek.Phase.INDEXING) {
            assertThat(s.step()).as("posted again").isTrue();
            assertThat(host.again).isEqualTo(++steps);
        }
        assertThat(steps).as("~153 KB to index to 15 s, 20 KB a step").isBetween(7, 9);
        assertThat(s.phase()).isEqualTo(Seek.Phase.REPLAYING);
        assertThat(host.sent).as("the replay of 51 KB is sent in one chunk once read").isEmpty();
        host.behind = true; // the chunk goes out and the client is behind: the seek waits
        while (host.sent.isEmpty()) {
            assertThat(s.step()).isTrue();
            assertThat(s.phase()).isEqualTo(Seek.Phase.REPLAYING);
        }
        int posted = host.again;
        assertThat(s.step()).as("still behind").isTrue();
        assertThat(host.again).as("waiting for the client is not posting again").isEqualTo(posted);
        host.behind = false;
        assertThat(s.step()).as("done").isFalse();
        assertThat(s.phase()).isEqualTo(Seek.Phase.DONE);
        assertThat(s.position()).isEqualTo(15_000);

        // the screen: a reset, then the terminal's bytes from the clear to the target
        StringBuilder expected = new StringBuilder("\u001bc");
        for (int i = 100; i <= 150; i++) {
            expected.append(content(i));
        }
        assertThat(host.text()).isEqualTo(expected.toString());
        // and playing goes on right after the target
        assertThat(host.reader.read()).isEqualTo(PlayReader.Read.RECORD);
        assertThat(host.reader.nextMedia()).isEqualTo(15_100);
    }

    @Test
    void aSeekBackToTheStartOfAScreenAlreadyShownResetsIt() throws Exception {
        Seek s = seek(file(20), GrowingSource.COMPLETE, 0, 1 << 20);
        host.deliver(TerminalData.ofText(T0, "shown before"));
        host.terminal.reset();
        assertThat(s.step()).isFalse();
        assertThat(host.text()).isEqualTo("\u001bc" + content(0));
        assertThat(s.position()).isZero();
    }

    @Test
    void aForwardOnlyRecordingIsSeekedBySendingEveryRecordUpToTheTarget() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 20; i++) {
            b.writeBytes(UnitEncoder.encode(record(i)));
        }
        Recording r = Recording.ofStream(new ByteArrayInputStream(b.toByteArray()), "stdin");
        Seek s = seek(r, GrowingSource.COMPLETE, 550, 1 << 20);
        assertThat(s.phase()).isEqualTo(Seek.Phase.FORWARDING);
        host.behind = true;
        assertThat(s.step()).as("nothing goes to a client behind").isTrue();
        assertThat(host.sent).isEmpty();
        host.behind = false;
        assertThat(s.step()).isFalse();
        assertThat(s.phase()).isEqualTo(Seek.Phase.DONE);
        assertThat(host.sent).hasSize(6);
        assertThat(s.position()).isEqualTo(550);
        assertThat(host.reader.pending()).as("the first record after the target waits").isTrue();
        assertThat(host.reader.nextMedia()).isEqualTo(600);
    }

    @Test
    void aSeekPastTheReceivedEdgeOfAGrowingRecordingClampsToTheEdge() throws Exception {
        try (AppendedFile spool = new AppendedFile(dir.resolve("spool.rec"))) {
            for (int i = 0; i < 10; i++) {
                spool.append(record(i));
            }
            spool.publish();
            spool.append(record(10)); // written, not yet received
            Seek s = seek(spool.recording(), spool, 60_000, 1 << 20);
            assertThat(s.step()).isFalse();
            assertThat(s.phase()).isEqualTo(Seek.Phase.DONE);
            assertThat(s.position()).as("the last record received").isEqualTo(900);
            StringBuilder expected = new StringBuilder("\u001bc");
            for (int i = 0; i < 10; i++) {
                expected.append(content(i));
            }
            assertThat(host.text()).isEqualTo(expected.toString());
            assertThat(host.reader.read()).as("playing goes on at the edge").isEqualTo(PlayReader.Read.EDGE);
            spool.publish();
            assertThat(host.reader.read()).isEqualTo(PlayReader.Read.RECORD);
            assertThat(host.reader.nextMedia()).isEqualTo(1_000);
        }
    }
}
