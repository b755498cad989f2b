package io.github.sessionbridge.core.playback;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A small terminal emulator model for tests (xterm's behaviour for what it knows): two screen buffers
 * of cells with attributes, the cursor and its pending wrap, scroll margins, origin mode, autowrap,
 * saved cursors per buffer, SGR colours, DEC modes and the title. Two streams that leave equal
 * {@link #snapshot()}s leave the same screen.
 */
final class Vt {
    final int width;
    final int height;
    private long[][] main;
    private long[][] alt;
    private boolean inAlt;
    private int x;
    private int y;
    private boolean pendingWrap;
    private long fg;
    private long bg;
    private int flags;
    private int top;
    private int bottom;
    private boolean origin;
    private boolean autowrap = true;
    private final int[][] saved = new int[2][];
    private final long[][] savedAttr = new long[2][];
    private final TreeMap<Integer, Boolean> modes = new TreeMap<>();
    private String title = "";

    // parser
    private int state;
    private final StringBuilder params = new StringBuilder();
    private final StringBuilder osc = new StringBuilder();
    private char inter;
    private int utfNeed;
    private int utfCp;

    Vt(int width, int height) {
        this.width = width;
        this.height = height;
        reset();
    }

    Vt() {
        this(80, 24);
    }

    private void reset() {
        main = blank();
        alt = blank();
        inAlt = false;
        x = 0;
        y = 0;
        pendingWrap = false;
        fg = 0;
        bg = 0;
        flags = 0;
        top = 0;
        bottom = height - 1;
        origin = false;
        autowrap = true;
        saved[0] = null;
        saved[1] = null;
        modes.clear();
        title = "";
    }

    private long[][] blank() {
        long[][] s = new long[height][width];
        for (long[] row : s) {
            Arrays.fill(row, ' ');
        }
        return s;
    }

    private long[][] screen() {
        return inAlt ? alt : main;
    }

    Vt feed(byte[] bytes) {
        for (byte b : bytes) {
            feed(b & 0xff);
        }
        return this;
    }

    private void feed(int c) {
        switch (state) {
            case 0 -> ground(c);
            case 1 -> escape(c);
            case 2 -> csi(c);
            case 3 -> {
                if (c == 7) {
                    state = 0;
                    oscEnd();
                } else if (c == 0x1b) {
                    oscEnd();
                    state = 1;
                    inter = 0;
                } else {
                    osc.append((char) c);
                }
            }
            case 4 -> { // ESC intermediate
                if (c >= 0x30 && c < 0x7f) {
                    state = 0;
                }
            }
            default -> {
            }
        }
    }

    private void ground(int c) {
        if (utfNeed > 0) {
            if ((c & 0xc0) == 0x80) {
                utfCp = (utfCp << 6) | (c & 0x3f);
                if (--utfNeed == 0) {
                    print(utfCp);
                }
                return;
            }
            utfNeed = 0;
            print(0xfffd);
        }
        if (c >= 0x80) {
            if (c >= 0xf0) {
                utfNeed = 3;
                utfCp = c & 0x07;
            } else if (c >= 0xe0) {
                utfNeed = 2;
                utfCp = c & 0x0f;
            } else if (c >= 0xc0) {
                utfNeed = 1;
                utfCp = c & 0x1f;
            } else {
                print(0xfffd);
            }
            return;
        }
        if (c >= 0x20 && c < 0x7f) {
            print(c);
            return;
        }
        control(c);
    }

    private void control(int c) {
        switch (c) {
            case 0x1b -> {
                state = 1;
                inter = 0;
            }
            case '\r' -> {
                x = 0;
                pendingWrap = false;
            }
            case '\n', 0x0b, 0x0c -> lineFeed();
            case '\b' -> {
                x = Math.max(0, x - 1);
                pendingWrap = false;
            }
            case '\t' -> {
                x = Math.min(width - 1, (x / 8 + 1) * 8);
                pendingWrap = false;
            }
            default -> {
            }
        }
    }

    private void print(int cp) {
        if (pendingWrap && autowrap) {
            x = 0;
            lineFeed();
        }
        pendingWrap = false;
        screen()[y][x] = cp | attr();
        if (x == width - 1) {
            pendingWrap = autowrap;
        } else {
            x++;
        }
    }

    private long attr() {
        return (fg << 24) | (bg << 44) | ((long) flags << 21);
    }

    private long erased() {
        return ' ' | (bg << 44);
    }

    private void lineFeed() {
        pendingWrap = false;
        if (y == bottom) {
            scrollUp(1);
        } else if (y < height - 1) {
            y++;
        }
    }

    private void scrollUp(int n) {
        long[][] s = screen();
        for (int k = 0; k < n; k++) {
            for (int r = top; r < bottom; r++) {
                s[r] = s[r + 1];
            }
            s[bottom] = new long[width];
            Arrays.fill(s[bottom], erased());
        }
    }

    private void scrollDown(int n) {
        long[][] s = screen();
        for (int k = 0; k < n; k++) {
            for (int r = bottom; r > top; r--) {
                s[r] = s[r - 1];
            }
            s[top] = new long[width];
            Arrays.fill(s[top], erased());
        }
    }

    private void escape(int c) {
        if (c < 0x20) {
            control(c);
            return;
        }
        if (c < 0x30) {
            state = 4;
            return;
        }
        state = 0;
        switch (c) {
            case '[' -> {
                state = 2;
                params.setLength(0);
                inter = 0;
            }
            case ']' -> {
                state = 3;
                osc.setLength(0);
            }
            case 'c' -> reset();
            case '7' -> save();
            case '8' -> restore();
            case 'D' -> lineFeed();
            case 'E' -> {
                x = 0;
                lineFeed();
            }
            case 'M' -> {
                pendingWrap = false;
                if (y == top) {
                    scrollDown(1);
                } else if (y > 0) {
                    y--;
                }
            }
            default -> {
            }
        }
    }

    private void csi(int c) {
        if (c < 0x20) {
            control(c);
            if (c == 0x1b) {
                return;
            }
            return;
        }
        if (c < 0x30) {
            inter = (char) c;
            return;
        }
        if (c < 0x40) {
            params.append((char) c);
            return;
        }
        state = 0;
        if (c < 0x7f) {
            dispatch((char) c);
        }
    }

    private int p(int i, int dflt) {
        String s = params.toString();
        if (s.startsWith("?") || s.startsWith(">")) {
            s = s.substring(1);
        }
        String[] parts = s.split(";", -1);
        if (i >= parts.length || parts[i].isEmpty()) {
            return dflt;
        }
        String v = parts[i].split(":")[0];
        if (v.isEmpty()) {
            return dflt;
        }
        int n = Integer.parseInt(v);
        return n == 0 && dflt == 1 ? 1 : n;
    }

    private int count() {
        String s = params.toString();
        return s.isEmpty() ? 1 : s.split(";", -1).length;
    }

    private void dispatch(char f) {
        boolean priv = params.length() > 0 && params.charAt(0) == '?';
        if (inter != 0 || (params.length() > 0 && params.charAt(0) == '>')) {
            return;
        }
        if (priv) {
            if (f == 'h' || f == 'l') {
                for (int i = 0; i < count(); i++) {
                    decMode(p(i, 0), f == 'h');
                }
            }
            return;
        }
        long[][] s = screen();
        switch (f) {
            case 'A' -> moveTo(x, Math.max(y - p(0, 1), y >= top ? top : 0));
            case 'B' -> moveTo(x, Math.min(y + p(0, 1), y <= bottom ? bottom : height - 1));
            case 'C' -> moveTo(Math.min(width - 1, x + p(0, 1)), y);
            case 'D' -> moveTo(Math.max(0, x - p(0, 1)), y);
            case 'G' -> moveTo(Math.min(width - 1, p(0, 1) - 1), y);
            case 'd' -> cup(p(0, 1), x + 1);
            case 'H', 'f' -> cup(p(0, 1), p(1, 1));
            case 'J' -> {
                int m = p(0, 0);
                if (m == 0) {
                    eraseLine(y, x, width);
                    for (int r = y + 1; r < height; r++) {
                        eraseLine(r, 0, width);
                    }
                } else if (m == 1) {
                    for (int r = 0; r < y; r++) {
                        eraseLine(r, 0, width);
                    }
                    eraseLine(y, 0, x + 1);
                } else if (m == 2) {
                    for (int r = 0; r < height; r++) {
                        eraseLine(r, 0, width);
                    }
                }
            }
            case 'K' -> {
                int m = p(0, 0);
                if (m == 0) {
                    eraseLine(y, x, width);
                } else if (m == 1) {
                    eraseLine(y, 0, x + 1);
                } else {
                    eraseLine(y, 0, width);
                }
            }
            case 'X' -> eraseLine(y, x, Math.min(width, x + p(0, 1)));
            case 'P' -> {
                int n = Math.min(p(0, 1), width - x);
                System.arraycopy(s[y], x + n, s[y], x, width - x - n);
                Arrays.fill(s[y], width - n, width, erased());
                pendingWrap = false;
            }
            case '@' -> {
                int n = Math.min(p(0, 1), width - x);
                System.arraycopy(s[y], x, s[y], x + n, width - x - n);
                Arrays.fill(s[y], x, x + n, erased());
                pendingWrap = false;
            }
            case 'L', 'M' -> {
                if (y >= top && y <= bottom) {
                    int saveTop = top;
                    top = y;
                    if (f == 'L') {
                        scrollDown(p(0, 1));
                    } else {
                        scrollUp(p(0, 1));
                    }
                    top = saveTop;
                    x = 0;
                    pendingWrap = false;
                }
            }
            case 'S' -> scrollUp(p(0, 1));
            case 'T' -> scrollDown(p(0, 1));
            case 'm' -> sgr();
            case 'r' -> {
                int t = p(0, 1) - 1;
                int b = Math.min(height, p(1, height)) - 1;
                if (t < b) {
                    top = t;
                    bottom = b;
                    cup(1, 1);
                }
            }
            case 's' -> save();
            case 'u' -> restore();
            default -> {
            }
        }
    }

    private void moveTo(int nx, int ny) {
        x = nx;
        y = ny;
        pendingWrap = false;
    }

    private void cup(int row, int col) {
        int r = row - 1 + (origin ? top : 0);
        r = Math.min(r, origin ? bottom : height - 1);
        moveTo(Math.min(width - 1, col - 1), r);
    }

    private void eraseLine(int r, int from, int to) {
        Arrays.fill(screen()[r], from, Math.max(from, to), erased());
        pendingWrap = false;
    }

    private void decMode(int n, boolean on) {
        switch (n) {
            case 6 -> {
                origin = on;
                cup(1, 1);
            }
            case 7 -> autowrap = on;
            case 47, 1047, 1049 -> {
                if (on && !inAlt) {
                    if (n == 1049) {
                        save();
                    }
                    inAlt = true;
                    if (n != 47) {
                        alt = blank();
                        for (long[] row : alt) {
                            Arrays.fill(row, erased());
                        }
                    }
                } else if (!on && inAlt) {
                    inAlt = false;
                    if (n == 1049) {
                        restore();
                    }
                }
            }
            case 1048 -> {
                if (on) {
                    save();
                } else {
                    restore();
                }
            }
            default -> modes.put(n, on);
        }
    }

    private void save() {
        int b = inAlt ? 1 : 0;
        saved[b] = new int[] {x, y, pendingWrap ? 1 : 0, flags, origin ? 1 : 0};
        savedAttr[b] = new long[] {fg, bg};
    }

    private void restore() {
        int b = inAlt ? 1 : 0;
        if (saved[b] == null) {
            x = 0;
            y = 0;
            pendingWrap = false;
            fg = 0;
            bg = 0;
            flags = 0;
            origin = false;
            return;
        }
        x = saved[b][0];
        y = saved[b][1];
        pendingWrap = saved[b][2] == 1;
        flags = saved[b][3];
        origin = saved[b][4] == 1;
        fg = savedAttr[b][0];
        bg = savedAttr[b][1];
    }

    private void sgr() {
        String s = params.toString();
        String[] parts = s.isEmpty() ? new String[] {"0"} : s.split(";", -1);
        for (int i = 0; i < parts.length; i++) {
            int n = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i].split(":")[0]);
            switch (n) {
                case 0 -> {
                    fg = 0;
                    bg = 0;
                    flags = 0;
                }
                case 1, 2, 3, 4, 5, 7, 8, 9 -> flags |= 1 << n;
                case 22 -> flags &= ~((1 << 1) | (1 << 2));
                case 23, 24, 25, 27, 28, 29 -> flags &= ~(1 << (n - 20));
                case 39 -> fg = 0;
                case 49 -> bg = 0;
                case 38, 48 -> {
                    long v = 0;
                    if (i + 2 < parts.length && parts[i + 1].equals("5")) {
                        v = 0x100 | Integer.parseInt(parts[i + 2]);
                        i += 2;
                    } else if (i + 4 < parts.length && parts[i + 1].equals("2")) {
                        v = 0x1000000L | (Long.parseLong(parts[i + 2]) << 16) | (Long.parseLong(parts[i + 3]) << 8)
                                | Long.parseLong(parts[i + 4]);
                        i += 4;
                    }
                    if (n == 38) {
                        fg = v & 0xfffff;
                    } else {
                        bg = v & 0xfffff;
                    }
                }
                default -> {
                    if (n >= 30 && n <= 37 || n >= 90 && n <= 97) {
                        fg = n;
                    } else if (n >= 40 && n <= 47 || n >= 100 && n <= 107) {
                        bg = n;
                    }
                }
            }
        }
    }

    private void oscEnd() {
        String s = osc.toString();
        if (s.startsWith("0;") || s.startsWith("2;")) {
            title = s.substring(2);
        }
    }

    /** The visible screen, cursor, attributes and modes as text. */
    String snapshot() {
        StringBuilder sb = new StringBuilder();
        sb.append("alt=").append(inAlt).append(" cursor=").append(x).append(',').append(y).append(" wrap=").append(pendingWrap)
                .append(" sgr=").append(fg).append('/').append(bg).append('/').append(flags)
                .append(" margins=").append(top).append('-').append(bottom).append(" origin=").append(origin)
                .append(" autowrap=").append(autowrap).append(" modes=").append(modes).append(" title=").append(title).append('\n');
        for (long[] row : screen()) {
            StringBuilder attrs = new StringBuilder();
            for (long cell : row) {
                sb.appendCodePoint((int) (cell & 0x1fffff));
                attrs.append(Long.toHexString(cell >>> 21)).append(' ');
            }
            sb.append(" | ").append(attrs.toString().strip()).append('\n');
        }
        return sb.toString();
    }

    /** The visible text only, rows joined by newlines, trailing blanks trimmed. */
    String text() {
        StringBuilder sb = new StringBuilder();
        for (long[] row : screen()) {
            StringBuilder line = new StringBuilder();
            for (long cell : row) {
                line.appendCodePoint((int) (cell & 0x1fffff));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
