package io.github.sessionbridge.benchmarks;

import io.github.sessionbridge.core.playback.AsciicastWriter;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.search.RecordingSearch;
import io.github.sessionbridge.core.search.SearchOptions;
import io.github.sessionbridge.core.search.SearchQuery;
import io.github.sessionbridge.core.search.TerminalTextWriter;
import io.github.sessionbridge.protocol.Control;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.TerminalData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code search [MiB] [repeats]}: search throughput on one large generated recording (a shell session: coloured
 * listings with Chinese names, prompts, screen clears, an editor on the alternate screen, input events; 512 MiB
 * unless told), as ratios against two baselines measured in the same run on the same file, from the page
 * cache: reading it (64 KiB reads of a {@link FileChannel}, the {@code cat}-speed ceiling) and exporting it as
 * asciicast ({@link AsciicastWriter#export}, to a counting stream). Each pass runs {@code repeats} times
 * (default 5) after one warm-up round, interleaved; medians are printed.
 */
public final class SearchBenchmark {

    private SearchBenchmark() {
    }

    /** A pass over the file; returns a number that depends on all of it (so nothing is optimised away). */
    @FunctionalInterface
    private interface Pass {
        long run(Path file) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path file = Files.createTempFile("search-benchmark", ".rec");
        try {
            long t0 = System.nanoTime();
            long needles = generate(file, (long) mib << 20);
            long size = Files.size(file);
            System.out.printf(Locale.ROOT, "generated %d bytes (%d needle lines) in %d ms%n", size, needles, (System.nanoTime() - t0) / 1_000_000);
            SearchOptions options = SearchOptions.builder().idleLimit(Duration.ofSeconds(2)).build();
            Map<String, Pass> passes = new LinkedHashMap<>();
            passes.put("read", SearchBenchmark::read);
            passes.put("asciicast export", f -> AsciicastWriter.export(Recording.open(f), new Counting(),
                    AsciicastWriter.options().idleLimit(Duration.ofSeconds(2)).build()).events());
            passes.put("text export", f -> {
                Counting c = new Counting();
                TerminalTextWriter.export(Recording.open(f), c);
                return c.count;
            });
            passes.put("search text", f -> RecordingSearch.find(Recording.open(f), SearchQuery.text("报告 needle"), options, h -> { }).hits());
            passes.put("search rare text", f -> RecordingSearch.find(Recording.open(f), SearchQuery.text("no such thing"), options, h -> { }).hits());
            passes.put("search regex", f -> RecordingSearch.find(Recording.open(f), SearchQuery.regex("rm -rf /srv/\\d+"), options, h -> { }).hits());
            Map<String, List<Long>> nanos = new LinkedHashMap<>();
            for (int round = 0; round <= repeats; round++) {
                for (Map.Entry<String, Pass> p : passes.entrySet()) {
                    long s = System.nanoTime();
                    long result = p.getValue().run(file);
                    long d = System.nanoTime() - s;
                    if (round > 0) {
                        nanos.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(d);
                    } else {
                        System.out.printf(Locale.ROOT, "warm-up %-18s %6d ms (result %d)%n", p.getKey(), d / 1_000_000, result);
                    }
                }
            }
            double read = median(nanos.get("read"));
            double export = median(nanos.get("asciicast export"));
            System.out.println();
            System.out.printf(Locale.ROOT, "| pass (%d MiB, medians of %d) | MB/s | vs read | vs asciicast export |%n", mib, repeats);
            System.out.println("| --- | ---: | ---: | ---: |");
            for (Map.Entry<String, List<Long>> e : nanos.entrySet()) {
                double m = median(e.getValue());
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.2fx | %.2fx |%n", e.getKey(), size / 1e6 / (m / 1e9), read / m, export / m);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    private static long read(Path file) throws IOException {
        long sum = 0;
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                sum += buf.remaining() + (buf.remaining() > 0 ? buf.get(buf.remaining() - 1) : 0);
                buf.clear();
            }
        }
        return sum;
    }

    /** The shell session; one needle line every 4096 records. Returns the number of needle lines. */
    static long generate(Path file, long size) throws IOException {
        Random rnd = new Random(7);
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            lines.add(("\u001b[3" + (i % 8) + "m" + i + " 报告 drwxr-xr-x 日志 \u001b[0m" + "x".repeat(rnd.nextInt(70)) + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] prompt = "\u001b]0;ops@web-01: ~\u0007\u001b[01;32mops@web-01\u001b[00m:\u001b[01;34m~\u001b[00m$ ".getBytes(StandardCharsets.UTF_8);
        long needles = 0;
        long ts = 1_700_000_000_000L;
        try (RecordingWriter w = RecordingWriter.create(file)) {
            long n = 0;
            while (w.bytesWritten() < size) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                if (n % 40 == 0) {
                    b.writeBytes("\u001b[H\u001b[2J\u001b[3J".getBytes(StandardCharsets.US_ASCII));
                }
                if (n % 97 == 0) {
                    b.writeBytes("\u001b[?1049h\u001b[H\u001b[2Jeditor\u001b[5;5Htext\u001b[?1049l".getBytes(StandardCharsets.US_ASCII));
                }
                int count = 40 + rnd.nextInt(80);
                for (int i = 0; i < count; i++) {
                    b.writeBytes(lines.get(rnd.nextInt(lines.size())));
                }
                if (n % 4096 == 1) {
                    b.writeBytes(("find me: 报告 needle\r\n$ rm -rf /srv/" + n + "\r\n").getBytes(StandardCharsets.UTF_8));
                    needles++;
                }
                b.writeBytes(prompt);
                w.write(new TerminalData(ts, b.toByteArray()));
                for (byte k : "ls -la".getBytes(StandardCharsets.US_ASCII)) {
                    ts += 30 + rnd.nextInt(90);
                    w.write(new TerminalData(ts, new byte[] {k}));
                }
                ts += 100;
                w.write(InputEvent.ofText(ts, "ls -la"));
                w.write(new TerminalData(ts, "\r\n".getBytes(StandardCharsets.US_ASCII)));
                ts += 20 + rnd.nextInt(100);
                if (n % 300 == 0) {
                    ts += 60_000;
                }
                n++;
            }
            w.write(Control.END);
        }
        return needles;
    }

    private static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            if (len > 0) {
                count += b[off + len - 1] & 1;
            }
        }
    }
}
