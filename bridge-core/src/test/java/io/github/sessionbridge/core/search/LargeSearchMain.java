package io.github.sessionbridge.core.search;

import io.github.sessionbridge.core.playback.Recording;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a JVM with a small heap ({@code -Xmx64m}) by {@link LargeSearchTest}: searches each file given for
 * its query and prints one line per search, {@code SEARCH file=... hits=... first=... last=... ms=...}, then
 * exports the text of the file given first, then prints {@code OK maxHeap=... peakHeap=...}. Hits are counted,
 * not kept.
 *
 * <p>Arguments: {@code TEXT_FILE} then {@code FILE QUERY [regex]} groups separated by {@code --}.
 */
public final class LargeSearchMain {

    private LargeSearchMain() {
    }

    public static void main(String[] args) throws Exception {
        String textFile = args[0];
        for (int i = 1; i < args.length; ) {
            String file = args[i++];
            String text = args[i++];
            boolean regex = i < args.length && args[i].equals("regex");
            if (regex) {
                i++;
            }
            if (i < args.length && args[i].equals("--")) {
                i++;
            }
            long[] count = {0};
            long[] firstLast = {-1, -1};
            String[] firstExcerpt = {""};
            long t0 = System.nanoTime();
            SearchResult r = RecordingSearch.find(Recording.open(Path.of(file)), regex ? SearchQuery.regex(text) : SearchQuery.text(text),
                    SearchOptions.builder().idleLimit(Duration.ofSeconds(2)).build(), hit -> {
                        if (count[0]++ == 0) {
                            firstLast[0] = hit.position().toMillis();
                            firstExcerpt[0] = hit.excerpt();
                        }
                        firstLast[1] = hit.position().toMillis();
                    });
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (r.hits() != count[0]) {
                throw new AssertionError("result says " + r.hits() + " hits, the listener had " + count[0]);
            }
            System.out.printf("SEARCH file=%s hits=%d first=%d last=%d ending=%s ms=%d excerpt=%s%n", Path.of(file).getFileName(),
                    count[0], firstLast[0], firstLast[1], r.ending(), ms, firstExcerpt[0].replace(' ', '_'));
        }
        long t0 = System.nanoTime();
        long[] bytes = {0};
        TerminalTextWriter.Result text = TerminalTextWriter.export(Recording.open(Path.of(textFile)), new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        });
        System.out.printf("TEXT lines=%d bytes=%d ms=%d%n", text.lines(), bytes[0], (System.nanoTime() - t0) / 1_000_000);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("OK maxHeap=%d peakHeap=%d%n", Runtime.getRuntime().maxMemory(), peak);
    }
}
