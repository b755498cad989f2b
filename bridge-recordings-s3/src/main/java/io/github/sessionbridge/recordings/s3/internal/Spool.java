package io.github.sessionbridge.recordings.s3.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local spool of one store: its directory (locked, so one store at a time uses it), the entries in it,
 * and the bytes they hold against the limit. Writers write to it with plain file writes; a write that would
 * take the spool over its limit fails (like a full disk) and marks the spool full until uploads free room.
 */
public final class Spool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    private final Path dir;
    private final long limit;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicLong bytes = new AtomicLong();
    private final List<SpoolEntry> entries = new CopyOnWriteArrayList<>();
    private final Set<SpoolEntry> writing = ConcurrentHashMap.newKeySet();
    private final AtomicLong refusedWrites = new AtomicLong();
    private volatile boolean full;
    private volatile Runnable onChange = () -> { };

    /** Opens the spool in {@code dir} (created if missing), taking over what an earlier run left there. */
    public Spool(Path dir, long limit) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.limit = limit;
        this.lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("the spool " + dir + " is in use by another store (one spool directory per store)");
        }
        this.lock = l;
        for (SpoolEntry e : SpoolEntry.list(dir)) {
            if (!e.ended()) {
                log.warn("spool entry {} was still being written when its store stopped (a crash?): uploading it as it is", e);
                e.markEnded();
            }
            bytes.addAndGet(e.bytesOnDisk());
            entries.add(e);
        }
        if (!entries.isEmpty()) {
            log.info("spool {}: {} recordings ({} bytes) left by an earlier run, to upload", dir, entries.size(), bytes.get());
        }
    }

    /** What to call when an entry ends or grows by a part (wakes the uploader). */
    public void onChange(Runnable r) {
        onChange = r;
    }

    public Path dir() {
        return dir;
    }

    public long limit() {
        return limit;
    }

    public long bytes() {
        return bytes.get();
    }

    public boolean full() {
        return full;
    }

    public long refusedWrites() {
        return refusedWrites.get();
    }

    /** The entries to upload, oldest first. */
    public List<SpoolEntry> entries() {
        return entries;
    }

    /** Whether {@code e} is still being written. */
    public boolean writing(SpoolEntry e) {
        return writing.contains(e);
    }

    /** A new entry for {@code key}, being written. */
    public SpoolEntry create(String key) throws IOException {
        if (full) {
            checkRoom(0);
        }
        SpoolEntry e = SpoolEntry.create(dir, key);
        writing.add(e);
        entries.add(e);
        return e;
    }

    /** The channel the recording's bytes go to; closing it ends the entry. */
    public WritableByteChannel data(SpoolEntry e) throws IOException {
        return new Counted(e, FileChannel.open(e.data(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), true);
    }

    /** The channel the recording's manifest goes to. */
    public WritableByteChannel manifest(SpoolEntry e) throws IOException {
        return new Counted(e, FileChannel.open(e.manifest(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), false);
    }

    /** The entry is in the bucket: its files are deleted and its bytes freed. */
    public void uploaded(SpoolEntry e) throws IOException {
        long n = e.bytesOnDisk();
        e.delete();
        entries.remove(e);
        if (bytes.addAndGet(-n) < limit) {
            full = false;
        }
    }

    private void checkRoom(long n) throws IOException {
        long now = bytes.get();
        if (now + n > limit) {
            full = true;
            refusedWrites.incrementAndGet();
            throw new IOException("the recording spool " + dir + " is full: " + now + " of " + limit
                    + " bytes wait for the object store (is it reachable?)");
        }
        if (now + n < limit) {
            full = false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    /** A spool file channel that counts what it writes against the limit. */
    private final class Counted implements WritableByteChannel {
        private final SpoolEntry entry;
        private final FileChannel ch;
        private final boolean data;
        private long sinceWake;

        Counted(SpoolEntry entry, FileChannel ch, boolean data) {
            this.entry = entry;
            this.ch = ch;
            this.data = data;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (data) { // a manifest is about 0.01 % of its recording: it is always let in, so it can end signed
                checkRoom(src.remaining());
            }
            int n = ch.write(src);
            bytes.addAndGet(n);
            sinceWake += n;
            if (data && sinceWake >= 1 << 20) {
                sinceWake = 0;
                onChange.run();
            }
            return n;
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
                if (data) {
                    entry.markEnded();
                    writing.remove(entry);
                    onChange.run();
                }
            }
        }
    }
}
