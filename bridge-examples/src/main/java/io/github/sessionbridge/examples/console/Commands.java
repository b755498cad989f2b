package io.github.sessionbridge.examples.console;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingReader;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.Unit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The input events of a recording file, as the page's command list shows them: selecting one seeks the replay
 * to it. What the console keeps of a recording is bounded, however many events it holds (a hostile recording
 * may hold millions): the first {@code max}, and how many there are.
 *
 * @param listed the first events, at most the {@code max} given to {@link #of}, their text made {@link Printable}
 * @param total  how many the recording has
 */
record Commands(List<Command> listed, long total) {

    /**
     * One input event of a recording.
     *
     * @param offsetMs when, from the first record
     * @param text     what the operator typed or ran, {@link Printable}
     */
    record Command(long offsetMs, String text) {
    }

    /**
     * The first {@code max} input events of {@code recording}, read in one streaming pass that counts the rest.
     *
     * @throws IOException if it cannot be read, or is not a recording
     */
    static Commands of(Path recording, int max) throws IOException {
        List<Command> commands = new ArrayList<>();
        long total = 0;
        long start = Long.MIN_VALUE;
        try (RecordingReader reader = RecordingReader.open(recording)) {
            for (Unit u = reader.next(); u != null && !(u instanceof Control); u = reader.next()) {
                SessionRecord r = (SessionRecord) u;
                if (start == Long.MIN_VALUE) {
                    start = r.timestamp();
                }
                if (r instanceof InputEvent e) {
                    total++;
                    if (commands.size() < max) {
                        commands.add(new Command(e.timestamp() - start, Printable.of(e.text())));
                    }
                }
            }
        }
        return new Commands(List.copyOf(commands), total);
    }
}
