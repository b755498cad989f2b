package io.github.sessionbridge.core.playback.internal;

import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.core.playback.RecordingSource;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.Unit;
import io.github.sessionbridge.protocol.UnitEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording file that a test appends to while it is played, as a timeline's spool: units are written to
 * the file first, then {@link #publish()} moves the edge over them and signals the player, as a spool
 * writer would once its bytes are on disk; {@link #end} ends it.
 */
public final class AppendedFile implements GrowingSource, AutoCloseable {
    private final Path file;
    private final FileChannel out;
    private volatile Edge edge;
    private volatile Runnable listener = () -> { };
    private final AtomicInteger signals = new AtomicInteger();
    private volatile long played;

    /** Creates {@code file} with the magic alone, the edge after it. */
    public AppendedFile(Path file) throws IOException {
        this.file = file;
        this.out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        write(RecordingWriter.MAGIC.getBytes(StandardCharsets.US_ASCII));
        this.edge = Edge.growing(out.size());
    }

    /** A recording reading the file (every player opens it again, as for any file). */
    public Recording recording() throws IOException {
        return Recording.of(RecordingSource.file(file), file.getFileName().toString());
    }

    /** Writes units to the file; the edge stays where it was until {@link #publish()}. */
    public AppendedFile append(Unit... units) {
        for (Unit u : units) {
            write(UnitEncoder.encode(u));
        }
        return this;
    }

    /** Writes raw bytes (part of a unit, say); the edge stays. */
    public AppendedFile appendBytes(byte[] bytes) {
        write(bytes);
        return this;
    }

    private void write(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's size now. */
    public long size() {
        try {
            return out.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the edge to {@code bytes} and signals. */
    public void publish(long bytes) {
        edge = Edge.growing(bytes);
        signal();
    }

    /** Moves the edge over everything written and signals. */
    public void publish() {
        publish(size());
    }

    /** Ends it after everything written, with {@code reason}, and signals. */
    public void end(EndReason reason) {
        edge = Edge.ended(size(), reason);
        signal();
    }

    private void signal() {
        signals.incrementAndGet();
        listener.run();
    }

    @Override
    public Edge edge() {
        return edge;
    }

    @Override
    public void listen(Runnable onChange) {
        listener = onChange;
    }

    @Override
    public void played(long offset) {
        played = offset;
    }

    /** How far the player said it played. */
    public long played() {
        return played;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
