package io.github.sessionbridge.testkit;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Units and recordings for the fake C server's tests. */
final class Samples {
    static final long T0 = 1_700_000_000_000L;

    private Samples() {
    }

    /** Records of every type, Chinese text cut inside a character, an empty record. */
    static List<Unit> units() {
        byte[] zhong = "中文".getBytes(StandardCharsets.UTF_8);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        return List.of(
                TerminalData.ofText(T0, "\u001b[32mls -la\u001b[0m\r\n"),
                new ScreenFrame(T0 + 40, 10, 20, 64, 32, png),
                InputEvent.ofText(T0 + 100, "ls -la"),
                new TerminalData(T0 + 120, Arrays.copyOf(zhong, 4)),
                new TerminalData(T0 + 121, Arrays.copyOfRange(zhong, 4, 6)),
                new TerminalData(T0 + 130, new byte[0]));
    }

    /** {@link #units()} and END. */
    static List<Unit> unitsThenEnd() {
        List<Unit> l = new ArrayList<>(units());
        l.add(Control.END);
        return l;
    }

    /** The wire bytes of {@code units}. */
    static byte[] wire(List<? extends Unit> units) {
        return UnitEncoder.encodeAll(units);
    }

    /** Writes a recording of {@code units} to {@code file}. */
    static Path record(Path file, List<? extends Unit> units) throws IOException {
        try (RecordingWriter w = RecordingWriter.create(file)) {
            for (Unit u : units) {
                w.write(u);
            }
        }
        return file;
    }
}
