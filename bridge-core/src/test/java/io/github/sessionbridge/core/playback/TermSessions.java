package io.github.sessionbridge.core.playback;

import io.github.sessionbridge.core.playback.internal.MediaTime;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generates realistic terminal sessions: a shell with colours and Chinese text, {@code clear}, a vim-like
 * editor and a top-like monitor on the alternate screen, status lines drawn between saved and restored
 * cursors, scroll regions, titles, long idle gaps; cut into records at random bytes (inside escape
 * sequences and UTF-8 characters too).
 */
final class TermSessions {
    static final long T0 = 1_700_000_000_000L;

    private TermSessions() {
    }

    static List<SessionRecord> generate(long seed, int actions) {
        Random rnd = new Random(seed);
        List<SessionRecord> out = new ArrayList<>();
        long[] ts = {T0};
        for (int a = 0; a < actions; a++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int kind = rnd.nextInt(20);
            if (kind < 8) {
                shell(rnd, b);
            } else if (kind < 10) {
                w(b, "\u001b[H\u001b[2J\u001b[3J");
                shell(rnd, b);
            } else if (kind < 12) {
                editor(rnd, b);
            } else if (kind < 14) {
                monitor(rnd, b, out, ts);
            } else if (kind < 15) {
                w(b, "\u001b7\u001b[1;60H\u001b[7m " + rnd.nextInt(100) + "% \u001b[m\u001b8");
            } else if (kind < 16) {
                w(b, "\u001b[3;20r\u001b[20;1H");
                for (int i = 0; i < 25; i++) {
                    w(b, "\r\nscrolling line " + i + " 滚动");
                }
                w(b, "\u001b[r");
            } else if (kind < 17) {
                w(b, "\u001b]0;user@host: ~/dir" + rnd.nextInt(9) + "\u0007");
            } else if (kind < 18) {
                w(b, "\u001b[?25l\u001b[5;5Hprogress " + rnd.nextInt(100) + "\u001b[?25h");
            } else if (kind < 19) {
                w(b, "\u001bc");
                shell(rnd, b);
            } else {
                out.add(InputEvent.ofText(ts[0], "ls -la " + rnd.nextInt(50)));
                ts[0] += 30;
                shell(rnd, b);
            }
            cut(rnd, b.toByteArray(), out, ts);
            if (rnd.nextInt(8) == 0) {
                ts[0] += 5_000 + rnd.nextInt(60_000); // idle
            }
        }
        return out;
    }

    private static void shell(Random rnd, ByteArrayOutputStream b) {
        w(b, "\u001b[1;32muser@host\u001b[0m:\u001b[1;34m~\u001b[0m$ ");
        int lines = 1 + rnd.nextInt(6);
        for (int i = 0; i < lines; i++) {
            int c = 31 + rnd.nextInt(7);
            w(b, "\u001b[" + c + "m" + word(rnd) + "\u001b[0m " + word(rnd) + " 报告" + i + " ✓ " + "x".repeat(rnd.nextInt(90)) + "\r\n");
        }
    }

    private static void editor(Random rnd, ByteArrayOutputStream b) {
        w(b, "\u001b[?1049h\u001b[22;0;0t\u001b[1;24r\u001b[?12h\u001b[?12l\u001b[27m\u001b[23m\u001b[29m\u001b[m\u001b[H\u001b[2J");
        for (int r = 1; r <= 23; r++) {
            w(b, "\u001b[" + r + ";1H" + (r % 5 == 0 ? "\u001b[34m~\u001b[m" : "line " + r + " 内容 " + word(rnd)));
        }
        w(b, "\u001b[24;1H\u001b[1m-- INSERT --\u001b[m\u001b[" + (1 + rnd.nextInt(20)) + ";" + (1 + rnd.nextInt(40)) + "H");
        w(b, "typed 中文" + word(rnd));
        w(b, "\u001b[?1049l\u001b[23;0;0t");
    }

    private static void monitor(Random rnd, ByteArrayOutputStream b, List<SessionRecord> out, long[] ts) {
        w(b, "\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J");
        cut(rnd, b.toByteArray(), out, ts);
        b.reset();
        int frames = 2 + rnd.nextInt(6);
        for (int f = 0; f < frames; f++) {
            ByteArrayOutputStream u = new ByteArrayOutputStream();
            w(u, "\u001b[H\u001b[7mtop - load " + rnd.nextInt(9) + "." + rnd.nextInt(99) + "\u001b[m\u001b[K\r\n");
            for (int i = 0; i < 10; i++) {
                w(u, "\u001b[" + (31 + (i % 7)) + "m" + (1000 + rnd.nextInt(9000)) + " proc" + i + "\u001b[m\u001b[K\r\n");
            }
            w(u, "\u001b[J");
            cut(rnd, u.toByteArray(), out, ts);
            ts[0] += 1_000 + rnd.nextInt(2_000);
        }
        w(b, "\u001b[?25h\u001b[?1049l");
    }

    private static String word(Random rnd) {
        String[] words = {"ls", "-la", "总计", "drwxr-xr-x", "cat", "日志.txt", "grep", "ERROR", "🚀", "ssh", "部署完成"};
        return words[rnd.nextInt(words.length)];
    }

    private static void w(ByteArrayOutputStream b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Cuts {@code bytes} into records at random points, 1..200 bytes each, 1..400 ms apart. */
    private static void cut(Random rnd, byte[] bytes, List<SessionRecord> out, long[] ts) {
        int i = 0;
        while (i < bytes.length) {
            int n = Math.min(bytes.length - i, 1 + rnd.nextInt(200));
            out.add(new TerminalData(ts[0], Arrays.copyOfRange(bytes, i, i + n)));
            ts[0] += 1 + rnd.nextInt(400);
            i += n;
        }
    }

    static Path write(Path file, List<? extends Unit> units) throws IOException {
        try (RecordingWriter w = RecordingWriter.create(file)) {
            for (Unit u : units) {
                w.write(u);
            }
            w.write(Control.END);
        }
        return file;
    }

    /** The terminal bytes of the records that play at or before {@code media} with {@code idleLimit}. */
    static byte[] straight(List<SessionRecord> records, long media, long idleLimit) {
        MediaTime tl = new MediaTime(idleLimit);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (SessionRecord r : records) {
            if (tl.advance(r.timestamp()) > media) {
                break;
            }
            if (r instanceof TerminalData) {
                b.writeBytes(r.content());
            }
        }
        return b.toByteArray();
    }

    static long duration(List<SessionRecord> records, long idleLimit) {
        MediaTime tl = new MediaTime(idleLimit);
        long m = 0;
        for (SessionRecord r : records) {
            m = tl.advance(r.timestamp());
        }
        return m;
    }
}
