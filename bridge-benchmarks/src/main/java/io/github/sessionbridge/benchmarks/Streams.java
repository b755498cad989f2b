package io.github.sessionbridge.benchmarks;

import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The input mixes and split patterns the benchmarks share. */
final class Streams {
    private Streams() {
    }

    /** About {@code totalBytes} of records of one mix, encoded. */
    static byte[] mix(String mix, int totalBytes) {
        SplittableRandom rnd = new SplittableRandom(42);
        List<Unit> units = new ArrayList<>();
        long ts = 1_700_000_000_000L;
        int size = 0;
        while (size < totalBytes) {
            Unit u = switch (mix) {
                case "interactive" -> new TerminalData(ts++, content(rnd, 64));
                case "bulk" -> new TerminalData(ts++, content(rnd, 4096));
                case "frames" -> new ScreenFrame(ts++, 0, 0, 1280, 800, content(rnd, 256 * 1024));
                default -> throw new IllegalArgumentException("unknown mix " + mix);
            };
            units.add(u);
            size += u.encodedLength();
        }
        return UnitEncoder.encodeAll(units);
    }

    static int recordCount(byte[] stream) {
        int n = 0;
        int pos = 0;
        while (pos < stream.length) {
            int len = ((stream[pos + 1] & 0xff) << 24) | ((stream[pos + 2] & 0xff) << 16) | ((stream[pos + 3] & 0xff) << 8) | (stream[pos + 4] & 0xff);
            pos += 5 + len;
            n++;
        }
        return n;
    }

    private static byte[] content(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (32 + rnd.nextInt(95));
        }
        return b;
    }

    /** Chunk lengths that cover {@code length} bytes, as TCP might deliver them. */
    static int[] splits(String pattern, int length) {
        List<Integer> sizes = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(7);
        int left = length;
        while (left > 0) {
            int n = switch (pattern) {
                case "whole" -> left;
                case "mss1460" -> 1460;
                case "read64k" -> 65536;
                case "random" -> rnd.nextInt(1, 8193);
                case "one" -> 1;
                default -> throw new IllegalArgumentException("unknown split " + pattern);
            };
            n = Math.min(n, left);
            sizes.add(n);
            left -= n;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
