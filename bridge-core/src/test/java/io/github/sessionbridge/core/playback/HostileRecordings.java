package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Recordings whose content an audited operator crafted to exhaust a player's memory. */
final class HostileRecordings {

    private HostileRecordings() {
    }

    /**
     * Issue 14's recording: {@code ESC [ ? n h} for n = 1..99,999 (and {@code l}), a screen clear and home every 16 KiB of
     * output, then the same with ANSI modes, thousands of SGR parameters, titles, an endless OSC and
     * alternate-screen toggles: about 2.9 MB, in 4 KiB records 10 ms apart.
     */
    static Path write(Path file) throws IOException {
        long[] ts = {TermSessions.T0};
        try (RecordingWriter w = RecordingWriter.create(file)) {
            Chunker c = new Chunker(w, ts);
            // (mode 69, left/right margins, would turn keyframes off at once: the operator skips it)
            for (int n = 1; n <= 99_999; n++) {
                c.add(n == 69 ? "" : "\u001b[?" + n + "h");
            }
            for (int n = 99_999; n >= 1; n--) {
                c.add(n == 69 ? "" : "\u001b[?" + n + "l");
            }
            for (int n = 1; n <= 20_000; n++) {
                c.add("\u001b[" + n + (n % 2 == 0 ? "h" : "l"));
                if (n % 100 == 0) {
                    c.add("\u001b]2;title " + "x".repeat(400) + n + "\u0007\u001b[?1049h\u001b[H\u001b[2J\u001b[1;1H");
                }
            }
            for (int n = 0; n < 200; n++) {
                c.add("\u001b[" + "1;".repeat(30) + (n % 8 + 30) + "m\u001b7");
            }
            c.add("\u001b]0;" + "endless ".repeat(30_000));
            c.add("\u0007\u001bc\u001b[?1049l");
            for (int n = 1; n <= 30_000; n++) {
                c.add("\u001b[?" + (n * 7 % 99_999 == 69 ? 70 : n * 7 % 99_999) + (n % 3 == 0 ? "l" : "h") + "\u001b[38;5;" + (n % 256) + "m");
            }
            c.flush();
            w.write(InputEvent.ofText(ts[0], "exit"));
            w.write(Control.END);
        }
        return file;
    }

    /** Cuts the stream into 4 KiB records, with a clear and home before every 16 KiB. */
    private static final class Chunker {
        private final RecordingWriter w;
        private final long[] ts;
        private final ByteArrayOutputStream record = new ByteArrayOutputStream();
        private long sinceClear;

        Chunker(RecordingWriter w, long[] ts) {
            this.w = w;
            this.ts = ts;
        }

        void add(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int i = 0;
            while (i < b.length) {
                if (sinceClear >= 16 * 1024) {
                    sinceClear = 0;
                    record.writeBytes("\u001b[H\u001b[2J".getBytes(StandardCharsets.US_ASCII));
                }
                int n = Math.min(b.length - i, 4096 - record.size());
                n = Math.max(1, n);
                record.write(b, i, n);
                i += n;
                sinceClear += n;
                if (record.size() >= 4096) {
                    flush();
                }
            }
        }

        void flush() throws IOException {
            if (record.size() > 0) {
                w.write(new TerminalData(ts[0], record.toByteArray()));
                record.reset();
                ts[0] += 10;
            }
        }
    }
}
