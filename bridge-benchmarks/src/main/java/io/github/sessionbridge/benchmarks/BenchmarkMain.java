package io.github.sessionbridge.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a benchmark and prints its figures as ratios against the baselines measured in the same run:
 * {@code java -jar bridge-benchmarks/target/benchmarks.jar versus|decoder|relay|timeline|scale|kick|search}. JMH's own main
 * is there too: {@code java -cp bridge-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main -h}.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "decoder";
        String[] rest = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[0];
        switch (which) {
            case "relay" -> RelayBenchmark.main(rest);
            case "timeline" -> TimelineBenchmark.main(rest);
            case "versus" -> VersusBenchmark.main(rest);
            case "scale" -> ScaleBenchmark.main(rest);
            case "kick" -> KickBenchmark.main(rest);
            case "search" -> SearchBenchmark.main(rest);
            case "decoder" -> decoder(rest.length > 0 && rest[0].equals("quick"));
            default -> {
                System.err.println("usage: java -jar benchmarks.jar [versus [--rounds R] [--scale F] [--node-tier DIR] [--only throughput,latency,cpu,heap,timeline] | decoder [quick] | relay [repeats] [MiB] [pacedSeconds] | timeline [pacedSeconds] [sessions] [dumpMiB] | scale [sessions] | kick [rounds] | search [MiB] [repeats]]");
                System.exit(64);
            }
        }
    }

    static void decoder(boolean quick) throws RunnerException {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(DecoderBenchmark.class.getSimpleName())
                .include(LargeRecordBenchmark.class.getSimpleName())
                .addProfiler(GCProfiler.class);
        if (quick) {
            opts.warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();

        // (mix, split) -> benchmark -> [ops/s, bytes allocated per op]
        Map<String, Map<String, double[]>> table = new LinkedHashMap<>();
        double[] large = new double[4]; // [1 MiB, 1 B], [1 MiB, 64 B], [16 MiB, 1 B], [16 MiB, 64 B]
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("feedLargeRecord")) {
                int i = ("1".equals(r.getParams().getParam("mib")) ? 0 : 2) + ("1".equals(r.getParams().getParam("chunk")) ? 0 : 1);
                large[i] = r.getPrimaryResult().getScore();
                continue;
            }
            String mix = r.getParams().getParam("mix");
            String split = r.getParams().getParam("split");
            String bench = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            table.computeIfAbsent(mix + " / " + split, k -> new LinkedHashMap<>())
                    .put(bench, new double[] {r.getPrimaryResult().getScore(), alloc == null ? Double.NaN : alloc.getScore()});
        }
        System.out.println();
        System.out.println("| mix / split | session-bridge MB/s | Netty MB/s | arraycopy MB/s | vs Netty | vs arraycopy | bytes allocated per record |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var row : table.entrySet()) {
            String[] ms = row.getKey().split(" / ");
            int streamBytes = "one".equals(ms[1]) ? DecoderBenchmark.STREAM_BYTES / 8 : DecoderBenchmark.STREAM_BYTES;
            byte[] stream = Streams.mix(ms[0], streamBytes);
            double mb = stream.length / 1e6;
            int records = Streams.recordCount(stream);
            double[] sb = row.getValue().get("sessionBridge");
            double[] netty = row.getValue().get("nettyLengthField");
            double[] copy = row.getValue().get("arraycopyCeiling");
            if (sb == null || netty == null || copy == null) {
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2fx | %.2fx | %.0f |%n", row.getKey(),
                    sb[0] * mb, netty[0] * mb, copy[0] * mb, sb[0] / netty[0], sb[0] / copy[0], sb[1] / records);
        }
        if (large[0] > 0 && large[2] > 0) {
            System.out.printf(Locale.ROOT, "%nlarge record fed 1 byte at a time: %.2f ns/byte for 1 MiB, %.2f ns/byte for 16 MiB (16 MiB / 1 MiB: %.2fx per byte)%n",
                    large[0] * 1e6 / (1 << 20), large[2] * 1e6 / (16 << 20), (large[2] / 16) / large[0]);
            System.out.printf(Locale.ROOT, "fed 64 bytes at a time: %.2f ns/byte for 1 MiB, %.2f ns/byte for 16 MiB; 1-byte / 64-byte feeding of 16 MiB: %.1fx%n",
                    large[1] * 1e6 / (1 << 20), large[3] * 1e6 / (16 << 20), large[2] / large[3]);
        }
    }
}
