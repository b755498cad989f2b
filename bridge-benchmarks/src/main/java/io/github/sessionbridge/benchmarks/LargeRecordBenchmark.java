package io.github.sessionbridge.benchmarks;

import io.github.sessionbridge.protocol.StreamDecoder;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One large record (1 or 16 MiB) fed in {@code chunk}-byte pieces: feeding one byte at a time must stay
 * linear (the time per byte the same for 1 and 16 MiB), never quadratic; its cost against 64-byte
 * feeding is the per-call overhead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LargeRecordBenchmark {

    @Param({"1", "64"})
    public int chunk;

    /** The record's size in MiB: time per byte must not grow with it. */
    @Param({"1", "16"})
    public int mib;

    byte[] stream;
    ByteBuffer window;
    Consumer<Object> out;

    @Setup
    public void setUp(Blackhole bh) {
        stream = UnitEncoder.encode(new TerminalData(0, new byte[mib * 1024 * 1024 - 8]));
        window = ByteBuffer.wrap(stream);
        out = bh::consume;
    }

    @Benchmark
    public void feedLargeRecord() {
        StreamDecoder decoder = new StreamDecoder();
        ByteBuffer w = window;
        int n = stream.length;
        for (int pos = 0; pos < n; pos += chunk) {
            w.limit(Math.min(n, pos + chunk)).position(pos);
            decoder.feed(w, out);
        }
        w.clear();
    }
}
