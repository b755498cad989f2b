package io.github.sessionbridge.protocol;

import static io.github.sessionbridge.protocol.Fixtures.ascii;
import static io.github.sessionbridge.protocol.Fixtures.bytes;
import static io.github.sessionbridge.protocol.Fixtures.concat;
import static io.github.sessionbridge.protocol.Fixtures.referenceUnits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.sessionbridge.protocol.ProtocolException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Protocol §5: {@code SESSREC1} followed by the units exactly as the C server sent them. */
class RecordingTest {

    static final byte[] MAGIC = ascii("SESSREC1");

    @TempDir
    Path dir;

    @Test
    void roundTripThroughAFile() throws IOException {
        Path file = dir.resolve("session.rec");
        List<Unit> units = referenceUnits();

        try (RecordingWriter writer = RecordingWriter.create(file)) {
            for (Unit u : units) {
                writer.write(u);
            }
            assertThat(writer.unitsWritten()).isEqualTo(units.size());
            assertThat(writer.bytesWritten()).isEqualTo(8 + Fixtures.referenceUnitBytes().length);
        }

        assertThat(Files.readAllBytes(file)).containsExactly(concat(MAGIC, Fixtures.referenceUnitBytes()));
        assertThat(RecordingReader.isRecording(file)).isTrue();
        try (RecordingReader reader = RecordingReader.open(file)) {
            assertThat(readAll(reader)).isEqualTo(units);
            assertThat(reader.offset()).isEqualTo(Files.size(file));
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void roundTripThroughByteStreams() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Unit> units = referenceUnits();
        try (RecordingWriter writer = new RecordingWriter(out)) {
            assertThat(out.toByteArray()).containsExactly(MAGIC);
            for (Unit u : units) {
                writer.write(u);
            }
        }

        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(readAll(reader)).isEqualTo(units);
        }
        try (RecordingReader reader = new RecordingReader(new TrickleInputStream(out.toByteArray()))) {
            assertThat(readAll(reader)).isEqualTo(units);
        }
    }

    @Test
    void recordsLargerThanTheReadBufferRoundTrip() throws IOException {
        byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) '3');
        List<Unit> units = List.of(new TerminalData(1, big), new ScreenFrame(2, 3, 4, 5, 6, big), InputEvent.ofText(3, "q"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingWriter writer = new RecordingWriter(out)) {
            for (Unit u : units) {
                writer.write(u);
            }
        }

        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(readAll(reader)).isEqualTo(units);
        }
    }

    @Test
    void aCapturedStreamPrefixedWithTheMagicIsARecording() throws IOException {
        // §5: any captured stream can be saved by prefixing the magic; bytes after the control byte are ignored
        byte[] file = concat(MAGIC, Fixtures.referenceStream());

        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(file))) {
            assertThat(readAll(reader)).isEqualTo(referenceUnits());
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void readingStopsAfterAControlByte() throws IOException {
        byte[] record = Fixtures.record('d', 1, ascii("a"));
        byte[] file = concat(MAGIC, record, bytes('5'), record, bytes('?', '?'));
        CountingInputStream in = new CountingInputStream(new TrickleInputStream(file));

        try (RecordingReader reader = new RecordingReader(in)) {
            assertThat(reader.next()).isEqualTo(TerminalData.ofText(1, "a"));
            assertThat(reader.next()).isEqualTo(Control.REFUSED);
            long readAfterControl = in.count;
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
            assertThat(in.count).as("bytes read after the control byte").isEqualTo(readAfterControl);
        }
    }

    @Test
    void emptyRecordingHasNoUnits() throws IOException {
        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(MAGIC))) {
            assertThat(reader.next()).isNull();
            assertThat(reader.offset()).isEqualTo(8);
        }
    }

    @Test
    void writerRejectsUnitsAfterAControlByte() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingWriter writer = new RecordingWriter(out)) {
            writer.write(TerminalData.ofText(1, "x"));
            writer.write(Control.END);

            assertThatIllegalStateException().isThrownBy(() -> writer.write(TerminalData.ofText(2, "y")))
                    .withMessageContaining("control byte");
            assertThatIllegalStateException().isThrownBy(() -> writer.write(Control.END));
            assertThat(writer.unitsWritten()).isEqualTo(2);
        }
        assertThat(out.toByteArray()).containsExactly(concat(MAGIC, Fixtures.record('d', 1, ascii("x")), bytes('3')));
    }

    // ---------------------------------------------------------------- bad files

    @Test
    void wrongMagicIsBadMagic() {
        byte[] file = concat(ascii("SESSREC2"), Fixtures.referenceUnitBytes());

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> new RecordingReader(new ByteArrayInputStream(file)));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.BAD_MAGIC);
        assertThat(e.offset()).isZero();
        assertThat(e.getMessage()).contains("not a recording file").contains("\"SESSREC2\"").contains("SESSREC1");
    }

    @Test
    void aBareCapturedStreamIsBadMagic() {
        byte[] file = Fixtures.referenceUnitBytes();

        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> new RecordingReader(new ByteArrayInputStream(file)));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.BAD_MAGIC);
        // non-printable bytes are not dumped raw into the message
        assertThat(e.getMessage()).doesNotContain("\u001b").contains("?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "S", "SESS", "SESSREC"})
    void tooShortFileIsBadMagic(String content) throws IOException {
        Path file = dir.resolve("short.rec");
        Files.write(file, ascii(content));

        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> RecordingReader.open(file));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.BAD_MAGIC);
        assertThat(e.getMessage()).contains("(" + content.length() + " bytes)").contains("SESSREC1");
        assertThat(RecordingReader.isRecording(file)).isFalse();
    }

    @Test
    void fileCutInsideAnyUnitIsTruncatedAfterTheWholeUnits() throws IOException {
        byte[] units = Fixtures.referenceRecordBytes();
        List<Integer> boundaries = new ArrayList<>();
        int pos = 0;
        for (Unit u : Fixtures.referenceRecords()) {
            boundaries.add(pos);
            pos += u.encodedLength();
        }
        boundaries.add(pos);

        for (int cut = 0; cut <= units.length; cut++) {
            byte[] file = concat(MAGIC, Arrays.copyOf(units, cut));
            int whole = 0;
            while (whole + 1 < boundaries.size() && boundaries.get(whole + 1) <= cut) {
                whole++;
            }
            List<Unit> read = new ArrayList<>();
            ProtocolException e;
            try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(file))) {
                e = catchThrowableOfType(ProtocolException.class, () -> {
                    for (Unit u = reader.next(); u != null; u = reader.next()) {
                        read.add(u);
                    }
                });
                assertThat(read).as("cut at %d", cut).isEqualTo(Fixtures.referenceRecords().subList(0, whole));
                if (boundaries.contains(cut)) {
                    assertThat(e).as("cut at unit boundary %d", cut).isNull();
                } else {
                    assertThat(e).as("cut at %d", cut).isNotNull();
                    assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
                    assertThat(e.offset()).isEqualTo(8 + boundaries.get(whole));
                    assertThat(e.getMessage()).contains("ends inside a unit");
                    ProtocolException first = e;
                    assertThatThrownBy(reader::next).as("a truncated recording stays failed").isSameAs(first);
                }
            }
        }
    }

    @Test
    void unitsBeforeAProtocolErrorInTheFileAreReadFirst() throws IOException {
        byte[] record = Fixtures.record('i', 4, ascii("cmd"));
        byte[] file = concat(MAGIC, record, record, bytes('X'), record);

        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(file))) {
            assertThat(reader.next()).isEqualTo(InputEvent.ofText(4, "cmd"));
            assertThat(reader.next()).isEqualTo(InputEvent.ofText(4, "cmd"));
            ProtocolException e = catchThrowableOfType(ProtocolException.class, reader::next);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_TYPE);
            assertThat(e.getMessage()).contains("'X'");
            // a file offset, magic included, like offset() and TRUNCATED
            assertThat(e.offset()).isEqualTo(8 + 2L * record.length);
            assertThat(e.getMessage()).startsWith("UNKNOWN_TYPE at offset " + (8 + 2 * record.length) + ": ");
            assertThatThrownBy(reader::next).isSameAs(e);
        }
    }

    @Test
    void readerHonoursTheMaximumRecordSize() throws IOException {
        byte[] file = concat(MAGIC, Fixtures.record('d', 1, new byte[100]));

        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(file), 64)) {
            ProtocolException e = catchThrowableOfType(ProtocolException.class, reader::next);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.LENGTH_TOO_LARGE);
        }
        try (RecordingReader reader = new RecordingReader(new ByteArrayInputStream(file), 108)) {
            assertThat(reader.next()).isEqualTo(new TerminalData(1, new byte[100]));
        }
    }

    @Test
    void isRecordingLooksAtTheMagicOnly(@TempDir Path other) throws IOException {
        Path yes = other.resolve("yes");
        Path no = other.resolve("no");
        Files.write(yes, concat(MAGIC, bytes('?')));
        Files.write(no, ascii("SESSREC0"));

        assertThat(RecordingReader.isRecording(yes)).isTrue();
        assertThat(RecordingReader.isRecording(no)).isFalse();
    }

    static List<Unit> readAll(RecordingReader reader) throws IOException {
        List<Unit> units = new ArrayList<>();
        for (Unit u = reader.next(); u != null; u = reader.next()) {
            units.add(u);
        }
        return units;
    }

    /** Returns at most 3 bytes per read, like a slow pipe. */
    static final class TrickleInputStream extends ByteArrayInputStream {
        TrickleInputStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 3));
        }
    }

    static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
