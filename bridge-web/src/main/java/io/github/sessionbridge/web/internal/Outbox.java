package io.github.sessionbridge.web.internal;

import io.github.sessionbridge.web.BrowserTransport;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One connection's frames on their way to the browser, in order, one send in flight on the transport. Each
 * frame's stage completes when the transport has written it: a view's sink returns that stage, so a view
 * has at most one record here and the bridge's own flow control does the rest. Messages (text frames) are
 * counted; past the limit the connection is told to close ({@code overflow}), and nothing more is queued.
 */
final class Outbox {

    private static final class Frame {
        final String text;
        final ByteBuffer binary;
        final int view;           // 0: not of a view
        final long bytes;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Frame(String text, ByteBuffer binary, int view, long bytes) {
            this.text = text;
            this.binary = binary;
            this.view = view;
            this.bytes = bytes;
        }
    }

    private final BrowserTransport transport;
    private final long maxTextBytes;
    private final Consumer<String> overflow;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();   // guarded by this
    private long textBytes;                                       // guarded by this: text queued or in flight
    private boolean inFlight;                                     // guarded by this
    private boolean pumping;                                      // guarded by this
    private boolean closed;                                       // guarded by this

    Outbox(BrowserTransport transport, long maxTextBytes, Consumer<String> overflow) {
        this.transport = transport;
        this.maxTextBytes = maxTextBytes;
        this.overflow = overflow;
    }

    /** Queues a message; the stage completes once written (exceptionally if the connection closes first). */
    CompletionStage<Void> text(String json) {
        long bytes = 2L * json.length();   // an upper bound of its UTF-8 size for the BMP, cheap
        Frame f = new Frame(json, null, 0, bytes);
        boolean over;
        synchronized (this) {
            over = !closed && textBytes + bytes > maxTextBytes;
            if (closed || over) {
                f.done.completeExceptionally(new IllegalStateException("the connection is closed"));
            } else {
                textBytes += bytes;
                queue.add(f);
            }
        }
        if (over) {
            overflow.accept("more than " + maxTextBytes + " bytes of messages not read");
        } else {
            pump();
        }
        return f.done;
    }

    /** Queues a record of {@code view}; the stage completes once written. */
    CompletionStage<Void> binary(ByteBuffer frame, int view) {
        Frame f = new Frame(null, frame, view, frame.remaining());
        synchronized (this) {
            if (closed) {
                f.done.completeExceptionally(new IllegalStateException("the connection is closed"));
                return f.done;
            }
            queue.add(f);
        }
        pump();
        return f.done;
    }

    /** Drops the records of {@code view} that wait (their stages complete normally: the view is closing). */
    void drop(int view) {
        ArrayDeque<Frame> dropped = new ArrayDeque<>();
        synchronized (this) {
            for (Iterator<Frame> it = queue.iterator(); it.hasNext(); ) {
                Frame f = it.next();
                if (f.view == view) {
                    it.remove();
                    dropped.add(f);
                }
            }
        }
        dropped.forEach(f -> f.done.complete(null));
    }

    /** Nothing more is sent: what waits fails. Idempotent. */
    void close() {
        ArrayDeque<Frame> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayDeque<>(queue);
            queue.clear();
        }
        IllegalStateException gone = new IllegalStateException("the connection is closed");
        dropped.forEach(f -> f.done.completeExceptionally(gone));
    }

    private void pump() {
        synchronized (this) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            Frame f;
            synchronized (this) {
                if (inFlight || closed || queue.isEmpty()) {
                    pumping = false;
                    return;
                }
                f = queue.poll();
                inFlight = true;
            }
            CompletionStage<Void> sent;
            try {
                sent = f.text != null ? transport.sendText(f.text) : transport.sendBinary(f.binary);
                if (sent == null) {
                    sent = CompletableFuture.failedStage(new IllegalStateException("the transport returned null"));
                }
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedStage(e);
            }
            sent.whenComplete((v, x) -> written(f, x));
        }
    }

    private void written(Frame f, Throwable failure) {
        synchronized (this) {
            inFlight = false;
            if (f.text != null) {
                textBytes -= f.bytes;
            }
        }
        if (failure == null) {
            f.done.complete(null);
        } else {
            f.done.completeExceptionally(failure);
            close();   // the browser is gone: the adapter tells the connection
        }
        pump();
    }
}
