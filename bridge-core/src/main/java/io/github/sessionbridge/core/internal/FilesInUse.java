package io.github.sessionbridge.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The recording files this JVM has open, to write (a file target) or to read (a file source, for a player,
 * an export, a scan): retention never deletes one of them. Each channel counts from its opening to its close.
 */
public final class FilesInUse {
    private static final ConcurrentHashMap<Path, Integer> OPEN = new ConcurrentHashMap<>();

    private FilesInUse() {
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /** Whether a channel of this JVM has {@code file} open. */
    public static boolean inUse(Path file) {
        return OPEN.containsKey(key(file));
    }

    /** {@code ch}, open on {@code file}, counted as in use until it is closed. */
    public static SeekableByteChannel track(FileChannel ch, Path file) {
        Path k = key(file);
        OPEN.merge(k, 1, Integer::sum);
        AtomicBoolean closed = new AtomicBoolean();
        return new SeekableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return ch.read(dst);
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                return ch.write(src);
            }

            @Override
            public long position() throws IOException {
                return ch.position();
            }

            @Override
            public SeekableByteChannel position(long p) throws IOException {
                ch.position(p);
                return this;
            }

            @Override
            public long size() throws IOException {
                return ch.size();
            }

            @Override
            public SeekableByteChannel truncate(long size) throws IOException {
                ch.truncate(size);
                return this;
            }

            @Override
            public boolean isOpen() {
                return ch.isOpen();
            }

            @Override
            public void close() throws IOException {
                try {
                    ch.close();
                } finally {
                    if (closed.compareAndSet(false, true)) {
                        OPEN.computeIfPresent(k, (p, n) -> n == 1 ? null : n - 1);
                    }
                }
            }
        };
    }
}
