package io.github.sessionbridge.testkit.internal;

import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

// Over 400 lines: one job, the bundled sample session written out as data: most lines are the session's own
// units (prompt, ls, cat, top, editor, wall), kept in one place so the sample reads top to bottom.
/**
 * The bundled sample recordings, generated from code, deterministically (the same units and bytes on
 * every run), so nothing binary is committed and the sample can be regenerated and reviewed:
 * {@code java -cp bridge-cli.jar io.github.sessionbridge.testkit.internal.SampleSession sample.rec}
 * or {@code java -jar bridge-cli.jar sample --out sample.rec}.
 *
 * <p>{@link #units()} is a realistic SSH session of about 45 seconds, terminal only: a login banner,
 * a coloured bash prompt (with a window-title sequence), {@code ls -lF --color=auto} over Chinese file
 * names ({@code 报告.txt}, {@code 数据/}) typed with a typo fixed by backspaces, {@code cat} of a
 * Chinese report, a {@code top} screen refreshed four times with cursor addressing, a vi-like editor
 * on the alternate screen where the operator appends a Chinese line, a {@code wall} broadcast message,
 * an {@code echo} of Chinese text and an emoji, and {@code exit}. Keystrokes are echoed one record each,
 * Chinese text arrives as input-method commits, and several terminal-data records end in the middle
 * of a multi-byte UTF-8 character (Chinese, and one four-byte emoji) that the next record completes.
 * Every command the operator ran, and every key group in the editor, is an input event. It ends with
 * the control byte END.
 *
 * <p>{@link #graphicalUnits()} is a tiny graphical session (screen frames of small PNG images) for tests.
 */
public final class SampleSession {

    /** The session id the sample is meant to be served under. */
    public static final String SESSION_ID = "sample-ssh";
    /** The session id the graphical sample is meant to be served under. */
    public static final String GRAPHICAL_SESSION_ID = "sample-rdp";
    /** When the sample starts: 2026-03-09 09:15:21 +08:00, in ms since the epoch. */
    public static final long START = 1_773_018_921_000L;

    private static final String ESC = "\u001b";
    private static final String CSI = ESC + "[";
    private static final ZoneOffset ZONE = ZoneOffset.ofHours(8);
    private static final String PROMPT = ESC + "]0;ops@web-01: ~\u0007" + CSI + "01;32mops@web-01" + CSI + "00m:"
            + CSI + "01;34m~" + CSI + "00m$ ";
    private static final String REPORT = "报告.txt";
    private static final List<String> REPORT_LINES = List.of(
            "2026年3月第二周运维周报",
            "1. web-01 磁盘使用率 71%，已清理 /var/log 旧日志。",
            "2. 数据库每日备份正常，最近一次：03-09 02:00。");
    private static final String NEW_LINE = "3. 今天完成了服务器巡检，一切正常。";

    private SampleSession() {
    }

    /** The SSH sample's units, in order, ending with {@link Control#END}. */
    public static List<Unit> units() {
        return new SshScript().play();
    }

    /** Writes the SSH sample as a recording file (protocol §5) to {@code out}, which is not closed. */
    public static void write(OutputStream out) throws IOException {
        writeUnits(units(), out);
    }

    /** The SSH sample as the bytes of a recording file. */
    public static byte[] bytes() {
        return toBytes(units());
    }

    /** The SSH sample as a recording file to read. */
    public static InputStream openStream() {
        return new ByteArrayInputStream(bytes());
    }

    /**
     * The graphical sample's units: a full 64×32 screen frame, an input event (a mouse click), three
     * small update frames drawn at other places, and {@link Control#END}; about two seconds long.
     */
    public static List<Unit> graphicalUnits() {
        List<Unit> units = new ArrayList<>();
        long t = START;
        units.add(new ScreenFrame(t, 0, 0, 64, 32, png(64, 32, 0x1d2b53, 0x7e2553)));
        units.add(InputEvent.ofText(t + 480, "mouse click (20, 12)"));
        units.add(new ScreenFrame(t + 520, 16, 8, 16, 16, png(16, 16, 0x008751, 0xffffff)));
        units.add(new ScreenFrame(t + 1040, 32, 8, 16, 16, png(16, 16, 0xab5236, 0xffec27)));
        units.add(new ScreenFrame(t + 1800, 16, 16, 32, 16, png(32, 16, 0x29adff, 0x1d2b53)));
        units.add(Control.END);
        return Collections.unmodifiableList(units);
    }

    /** Writes the graphical sample as a recording file to {@code out}, which is not closed. */
    public static void writeGraphical(OutputStream out) throws IOException {
        writeUnits(graphicalUnits(), out);
    }

    /** The graphical sample as the bytes of a recording file. */
    public static byte[] graphicalBytes() {
        return toBytes(graphicalUnits());
    }

    /**
     * A small valid PNG image (8-bit RGB, not interlaced): filled with {@code fill} (0xRRGGBB), with a
     * one-pixel border and a diagonal in {@code ink}. Encoded here (zlib from {@code java.util.zip}) so
     * that the testkit does not need {@code java.desktop}.
     */
    public static byte[] png(int width, int height, int fill, int ink) {
        if (width <= 0 || height <= 0 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException("image size must be 1..4096 square pixels, was " + width + "x" + height);
        }
        byte[] raw = new byte[height * (1 + 3 * width)];
        int i = 0;
        for (int y = 0; y < height; y++) {
            raw[i++] = 0; // filter type None
            for (int x = 0; x < width; x++) {
                boolean edge = x == 0 || y == 0 || x == width - 1 || y == height - 1 || x * height == y * width;
                int rgb = edge ? ink : fill;
                raw[i++] = (byte) (rgb >>> 16);
                raw[i++] = (byte) (rgb >>> 8);
                raw[i++] = (byte) rgb;
            }
        }
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
            z.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        pngChunk(out, "IHDR", ihdr.array());
        pngChunk(out, "IDAT", idat.toByteArray());
        pngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /**
     * Writes a sample recording file: {@code SampleSession [--graphical] FILE}.
     *
     * @throws IOException if the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        boolean graphical = args.length == 2 && args[0].equals("--graphical");
        if (args.length != (graphical ? 2 : 1)) {
            throw new IllegalArgumentException("usage: SampleSession [--graphical] FILE");
        }
        Files.write(Path.of(args[args.length - 1]), graphical ? graphicalBytes() : bytes());
    }

    private static void writeUnits(List<Unit> units, OutputStream out) throws IOException {
        RecordingWriter writer = new RecordingWriter(out);
        for (Unit u : units) {
            writer.write(u);
        }
        writer.flush(); // not closed: the caller owns out
    }

    private static byte[] toBytes(List<Unit> units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeUnits(units, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The SSH session, played out on a virtual clock with a seeded random number generator. */
    private static final class SshScript {

        private final List<Unit> units = new ArrayList<>();
        private final Random random = new Random(20260309L);
        private long t = START;

        List<Unit> play() {
            banner();
            think(1200, 1800);
            ls();
            think(1300, 1900);
            cat();
            think(1100, 1600);
            top();
            think(1200, 1800);
            vi();
            think(900, 1300);
            wall();
            think(1500, 2000);
            echo();
            think(1200, 1600);
            type("exit");
            enter("exit");
            outAfter(10, "logout\r\n");
            t += 25;
            units.add(Control.END);
            return Collections.unmodifiableList(units);
        }

        private void banner() {
            outChunked("Linux web-01 6.1.0-31-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.128-1 (2025-02-07) x86_64\r\n\r\n"
                    + CSI + "1;33m*** 本会话由运维审计系统全程录像，请遵守安全管理规定。***" + CSI + "0m\r\n\r\n"
                    + "Last login: Sun Mar  8 17:42:09 2026 from 10.20.30.40\r\n");
            outAfter(260, PROMPT);
        }

        private void ls() {
            type("ls -lF --colr");
            think(350, 600);
            for (int i = 0; i < 2; i++) {
                think(140, 260);
                out("\b" + CSI + "K");
            }
            type("lor=auto");
            enter("ls -lF --color=auto");
            String listing = "total 40\r\n"
                    + "-rw-r--r-- 1 ops ops 18734 Mar  2 11:47 " + CSI + "01;31mbackup-0302.tar.gz" + CSI + "0m\r\n"
                    + "-rwxr-xr-x 1 ops ops  1843 Mar  6 18:20 " + CSI + "01;32mdeploy.sh" + CSI + "0m*\r\n"
                    + "drwxr-xr-x 2 ops ops  4096 Mar  9 08:55 " + CSI + "01;34mlogs" + CSI + "0m/\r\n"
                    + "-rw-r--r-- 1 ops ops  2291 Mar  8 16:02 会议纪要.md\r\n"
                    + String.format(Locale.ROOT, "-rw-r--r-- 1 ops ops %5d Mar  9 09:05 %s\r\n", utf8Length(REPORT_LINES), REPORT)
                    + "drwxr-xr-x 3 ops ops  4096 Mar  7 10:31 " + CSI + "01;34m数据" + CSI + "0m/\r\n";
            think(15, 40);
            outCutInside(listing, "报");
            outAfter(3, PROMPT);
        }

        private void cat() {
            type("cat ");
            ime("报告");
            type(".txt");
            enter("cat " + REPORT);
            StringBuilder text = new StringBuilder();
            for (String line : REPORT_LINES) {
                text.append(line).append("\r\n");
            }
            think(8, 20);
            outCutInside(text.toString(), "备");
            outAfter(2, PROMPT);
        }

        private void top() {
            type("top");
            enter("top");
            think(60, 90);
            out(CSI + "?1049h" + CSI + "?25l" + CSI + "H" + CSI + "2J");
            for (int frame = 0; frame < 4; frame++) {
                if (frame > 0) {
                    t += 3000;
                }
                outChunked(topFrame(frame));
            }
            think(1200, 1600);
            input("q");
            outAfter(5, CSI + "24;1H" + CSI + "?25h" + CSI + "?1049l\r" + PROMPT);
        }

        private String topFrame(int frame) {
            LocalDateTime now = clock();
            String[] names = {"mysqld", "java", "nginx", "redis-server", "node", "sshd", "systemd", "rsyslogd",
                "top", "cron", "kworker/1:2-events", "containerd"};
            String[] users = {"mysql", "app", "www-data", "redis", "app", "root", "root", "root", "ops", "root", "root", "root"};
            int[] pids = {1287, 2214, 986, 1043, 2671, 812, 1, 604, 31877, 611, 30990, 702};
            int[][] kib = {{2411872, 412356, 36120}, {5873240, 963812, 28744}, {56212, 8412, 5680}, {172460, 98120, 10236},
                {1189324, 235960, 41288}, {15436, 9180, 7836}, {168104, 13216, 9012}, {222364, 6136, 4820},
                {11780, 5316, 3352}, {6684, 2748, 2476}, {0, 0, 0}, {1864520, 49856, 31524}};
            long[] cpuCentis = {5472417, 2103858, 186041, 92737, 310258, 1873, 4262, 2919, 1207, 311, 45, 58804};
            double[] base = {2.3, 4.0, 0.7, 0.3, 1.0, 0.3, 0.0, 0.0, 0.3, 0.0, 0.3, 0.3};
            double[] mem = {5.1, 11.8, 0.1, 1.2, 2.9, 0.1, 0.2, 0.1, 0.1, 0.0, 0.0, 0.6};
            double[] cpu = new double[names.length];
            Integer[] order = new Integer[names.length];
            for (int i = 0; i < names.length; i++) {
                cpu[i] = Math.round((base[i] + random.nextInt(12) / 3.0 * (base[i] > 0.5 ? 1 : 0.1)) * 10) / 10.0;
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(cpu[b], cpu[a]) != 0 ? Double.compare(cpu[b], cpu[a]) : a - b);
            double us = 2.5 + random.nextInt(20) / 10.0;
            double sy = 0.8 + random.nextInt(8) / 10.0;
            double wa = random.nextInt(4) / 10.0;
            double free = 812.4 - frame * 1.7;
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "top - %02d:%02d:%02d up 41 days,  3:%02d,  1 user,  load average: %.2f, %.2f, %.2f",
                    now.getHour(), now.getMinute(), now.getSecond(), 7 + now.getMinute() - 15, 0.42 + frame * 0.03, 0.37, 0.31));
            lines.add("Tasks: 143 total,   1 running, 142 sleeping,   0 stopped,   0 zombie");
            lines.add(String.format(Locale.ROOT, "%%Cpu(s):  %.1f us,  %.1f sy,  0.0 ni, %.1f id,  %.1f wa,  0.0 hi,  0.1 si,  0.0 st",
                    us, sy, 100.0 - us - sy - wa - 0.1, wa));
            lines.add(String.format(Locale.ROOT, "MiB Mem :   7951.2 total,   %6.1f free,   %6.1f used,   4017.9 buff/cache",
                    free, 7951.2 - 4017.9 - free));
            lines.add("MiB Swap:   2048.0 total,   2048.0 free,      0.0 used.   4503.6 avail Mem");
            lines.add("");
            String header = "    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND";
            lines.add(CSI + "7m" + header + " ".repeat(80 - header.length()) + CSI + "m");
            for (int row = 0; row < order.length; row++) {
                int i = order[row];
                long centis = cpuCentis[i] + frame * Math.round(cpu[i] * 3);
                String time = String.format(Locale.ROOT, "%d:%02d.%02d", centis / 6000, centis / 100 % 60, centis % 100);
                String line = String.format(Locale.ROOT, "%7d %-8s %3s %3d %7d %6d %6d %s %5.1f %5.1f %9s %s",
                        pids[i], users[i], "20", 0, kib[i][0], kib[i][1], kib[i][2], names[i].equals("top") ? "R" : "S",
                        cpu[i], mem[i], time, names[i]);
                line = line.substring(0, Math.min(line.length(), 80)); // top cuts the command to the screen width
                lines.add(names[i].equals("top") ? CSI + "1m" + line + CSI + "m" : line);
            }
            StringBuilder screen = new StringBuilder();
            for (int row = 0; row < lines.size(); row++) {
                screen.append(CSI).append(row + 1).append(";1H").append(lines.get(row)).append(CSI).append('K');
            }
            screen.append(CSI).append("J").append(CSI).append("7;1H");
            return screen.toString();
        }

        private void vi() {
            type("vi ");
            ime("报告");
            type(".txt");
            enter("vi " + REPORT);
            think(90, 140);
            StringBuilder screen = new StringBuilder(CSI + "?1049h" + CSI + "22;0;0t" + CSI + "H" + CSI + "2J");
            for (int row = 1; row <= 23; row++) {
                screen.append(CSI).append(row).append(";1H");
                if (row <= REPORT_LINES.size()) {
                    screen.append(REPORT_LINES.get(row - 1));
                } else {
                    screen.append(CSI).append("94m~").append(CSI).append("0m");
                }
            }
            screen.append(CSI).append("24;1H\"").append(REPORT).append("\" ").append(REPORT_LINES.size()).append("L, ")
                    .append(utf8Length(REPORT_LINES)).append("B").append(CSI).append("1;1H");
            outChunked(screen.toString());
            think(1000, 1400);
            input("G");
            out(CSI + "3;1H");
            think(500, 800);
            input("o");
            out(CSI + "4;1H" + CSI + "K" + CSI + "24;1H" + CSI + "1m-- INSERT --" + CSI + "0m" + CSI + "K" + CSI + "4;1H");
            think(600, 900);
            type("3. ");
            ime("今天完成了");
            ime("服务器巡检");
            ime("，");
            ime("一切正常");
            ime("。");
            input(NEW_LINE);
            think(700, 1000);
            input(ESC);
            out(CSI + "24;1H" + CSI + "K" + CSI + "4;" + Math.max(1, displayWidth(NEW_LINE) - 1) + "H");
            think(600, 900);
            input(":wq");
            out(CSI + "24;1H:");
            type("wq");
            think(200, 350);
            List<String> saved = new ArrayList<>(REPORT_LINES);
            saved.add(NEW_LINE);
            out("\r" + CSI + "K\"" + REPORT + "\" " + saved.size() + "L, " + utf8Length(saved) + "B written");
            outAfter(70, CSI + "?1049l" + CSI + "23;0;0t\r" + PROMPT);
        }

        private void wall() {
            String when = clock().format(DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH));
            outCutInside("\r\n\u0007\r\nBroadcast message from root@web-01 (pts/1) (" + when + "):\r\n\r\n"
                    + "请在 09:30 前完成巡检并退出会话。\r\n\r\n", "巡");
            think(1800, 2400);
            out("\r\n" + PROMPT);
        }

        private void echo() {
            type("echo \"");
            ime("巡检完成");
            ime("，");
            ime("准备退出");
            type(" ");
            ime("🚀");
            type("\"");
            enter("echo \"巡检完成，准备退出 🚀\"");
            think(3, 8);
            outCutInside("巡检完成，准备退出 🚀\r\n", "🚀");
            outAfter(2, PROMPT);
        }

        /** Types ASCII keys one at a time, each echoed in its own record. */
        private void type(String keys) {
            for (int i = 0; i < keys.length(); i++) {
                think(70, 190);
                out(String.valueOf(keys.charAt(i)));
            }
        }

        /**
         * An input method commits {@code text} at once; the echo of a multi-character commit arrives
         * in two records cut inside a character.
         */
        private void ime(String text) {
            think(450, 950);
            int[] cps = text.codePoints().toArray();
            if (cps.length >= 2 || Character.charCount(cps[0]) == 2) {
                outCutInside(text, new String(Character.toChars(cps[cps.length - 1])));
            } else {
                out(text);
            }
        }

        /** The operator presses Enter on {@code command}: its input event, then the echoed newline. */
        private void enter(String command) {
            think(180, 420);
            input(command);
            out("\r\n");
        }

        private void input(String text) {
            units.add(InputEvent.ofText(t, text));
        }

        private void think(int minMillis, int maxMillis) {
            t += minMillis + random.nextInt(maxMillis - minMillis + 1);
        }

        private void out(String text) {
            units.add(TerminalData.ofText(t, text));
        }

        private void outAfter(long millis, String text) {
            t += millis;
            out(text);
        }

        /** {@code text} in records of 48 to 400 bytes, cut wherever that falls (inside characters too). */
        private void outChunked(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 48 + random.nextInt(353));
                units.add(new TerminalData(t, Arrays.copyOfRange(bytes, at, at + n)));
                at += n;
                t += random.nextInt(2);
            }
        }

        /** {@code text} in two records, the first ending one byte into the first {@code character}. */
        private void outCutInside(String text, String character) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int cut = text.substring(0, text.indexOf(character)).getBytes(StandardCharsets.UTF_8).length + 1;
            units.add(new TerminalData(t, Arrays.copyOfRange(bytes, 0, cut)));
            t += 1;
            units.add(new TerminalData(t, Arrays.copyOfRange(bytes, cut, bytes.length)));
        }

        private LocalDateTime clock() {
            return LocalDateTime.ofInstant(Instant.ofEpochMilli(t), ZONE);
        }
    }

    private static int utf8Length(List<String> lines) {
        int n = 0;
        for (String line : lines) {
            n += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return n;
    }

    /** Terminal columns: East Asian wide characters take two. */
    private static int displayWidth(String text) {
        return text.codePoints().map(cp -> cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf)
                || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f)
                || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x1f300) ? 2 : 1).sum();
    }
}
