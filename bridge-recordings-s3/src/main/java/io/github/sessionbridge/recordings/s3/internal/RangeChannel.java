package io.github.sessionbridge.recordings.s3.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An object read with range requests: windows of {@link #WINDOW} bytes from the position, one GET each, the
 * next one asked when the reader reaches its end. {@link #position(long)} moves without reading: a skip of
 * up to 256 KiB reads through the open window, a longer one asks a new window where it lands. Closing early
 * aborts the response, so a window is never read to its end for nothing. The heap holds one copy buffer.
 */
public final class RangeChannel implements SeekableByteChannel {
    /** The bytes one GET asks for. */
    public static final long WINDOW = 8L << 20;
    private static final long SKIP_THROUGH = 256 << 10;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long size;
    private final byte[] copy = new byte[64 * 1024];
    private ResponseInputStream<GetObjectResponse> in;
    private long inPosition; // the next byte `in` gives
    private long inEnd;      // where its window ends (exclusive)
    private long position;
    private boolean open = true;

    public RangeChannel(S3Client s3, String bucket, String key, long size, long position) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.size = size;
        this.position = position;
    }

    /** The size of object {@code key}, or {@link NoSuchFileException} if there is none. */
    public static long size(S3Client s3, String bucket, String key) throws IOException {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            throw notFound(bucket, key);
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                throw notFound(bucket, key);
            }
            throw new IOException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private static NoSuchFileException notFound(String bucket, String key) {
        return new NoSuchFileException("s3://" + bucket + "/" + key, null, "no such object");
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (in != null && position > inPosition && position - inPosition <= SKIP_THROUGH && position < inEnd) {
            skipThrough(position - inPosition);
        }
        if (in == null || inPosition != position || inPosition >= inEnd) {
            openWindow();
        }
        int want = (int) Math.min(Math.min(dst.remaining(), copy.length), inEnd - inPosition);
        int n = in.read(copy, 0, want);
        if (n < 0) {
            throw new IOException("s3://" + bucket + "/" + key + ": the object ended at byte " + inPosition + ", before its size ("
                    + size + "): was it replaced while being read?");
        }
        dst.put(copy, 0, n);
        inPosition += n;
        position += n;
        return n;
    }

    private void skipThrough(long n) throws IOException {
        while (n > 0) {
            int r = in.read(copy, 0, (int) Math.min(n, copy.length));
            if (r < 0) {
                break;
            }
            n -= r;
            inPosition += r;
        }
    }

    private void openWindow() throws IOException {
        abort();
        long end = Math.min(size, position + WINDOW);
        try {
            in = s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + position + "-" + (end - 1)));
        } catch (NoSuchKeyException e) {
            throw notFound(bucket, key);
        } catch (SdkException e) {
            throw new IOException("s3://" + bucket + "/" + key + " (bytes " + position + "-" + (end - 1) + "): " + e.getMessage(), e);
        }
        inPosition = position;
        inEnd = end;
    }

    private void abort() {
        if (in != null) {
            if (inPosition < inEnd) {
                in.abort(); // do not read the rest of the window to reuse the connection
            }
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                // aborted
            }
            in = null;
        }
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long s) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        abort();
    }

    private void ensureOpen() throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
