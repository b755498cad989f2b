package io.github.sessionbridge.benchmarks;

import io.github.sessionbridge.protocol.StreamDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
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
 * Decoder throughput: session-bridge's {@link StreamDecoder} vs Netty's {@link LengthFieldBasedFrameDecoder}
 * (in an embedded pipeline, each frame turned into a timestamp and a content array, as a bridge needs) vs
 * {@code System.arraycopy} of the same chunks into a reused buffer (the memory-bandwidth ceiling).
 *
 * <p>One operation decodes the whole prepared stream (about 4 MiB, fed in the chosen split pattern);
 * the score is streams per second: multiply by the stream size for MB/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecoderBenchmark {

    /** Stream size per operation. */
    static final int STREAM_BYTES = 4 * 1024 * 1024;

    @Param({"interactive", "bulk", "frames"})
    public String mix;

    @Param({"whole", "mss1460", "read64k", "random", "one"})
    public String split;

    byte[] stream;
    int[] chunks;
    ByteBuffer window;
    byte[] sink;

    java.util.function.Consumer<Object> out;

    @Setup
    public void setUp(Blackhole bh) {
        out = bh::consume;
        int bytes = "one".equals(split) ? STREAM_BYTES / 8 : STREAM_BYTES;
        stream = Streams.mix(mix, bytes);
        chunks = Streams.splits(split, stream.length);
        window = ByteBuffer.wrap(stream);
        sink = new byte[stream.length];
    }

    @Benchmark
    public void sessionBridge(Blackhole bh) {
        StreamDecoder decoder = new StreamDecoder();
        ByteBuffer w = window;
        int pos = 0;
        for (int len : chunks) {
            w.limit(pos + len).position(pos);
            decoder.feed(w, out);
            pos += len;
        }
        w.clear();
    }

    @Benchmark
    public void nettyLengthField(Blackhole bh) {
        EmbeddedChannel ch = new EmbeddedChannel(
                new LengthFieldBasedFrameDecoder(StreamDecoder.DEFAULT_MAX_RECORD_SIZE + 5, 1, 4, 0, 0),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf frame = (ByteBuf) msg;
                        try {
                            // what the bridge needs from a frame: type, timestamp and the content as an array
                            byte type = frame.readByte();
                            frame.skipBytes(4);
                            long ts = frame.readLong();
                            byte[] content = new byte[frame.readableBytes()];
                            frame.readBytes(content);
                            bh.consume(type);
                            bh.consume(ts);
                            bh.consume(content);
                        } finally {
                            frame.release();
                        }
                    }
                });
        int pos = 0;
        for (int len : chunks) {
            ch.writeInbound(Unpooled.wrappedBuffer(stream, pos, len));
            pos += len;
        }
        ch.finishAndReleaseAll();
    }

    @Benchmark
    public void arraycopyCeiling(Blackhole bh) {
        byte[] dst = sink;
        int pos = 0;
        for (int len : chunks) {
            System.arraycopy(stream, pos, dst, pos, len);
            pos += len;
        }
        bh.consume(dst);
    }
}
