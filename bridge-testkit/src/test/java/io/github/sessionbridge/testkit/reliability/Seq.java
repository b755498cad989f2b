package io.github.sessionbridge.testkit.reliability;

import io.github.sessionbridge.core.ClientSink;
import io.github.sessionbridge.core.Notice;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sequence-numbered records: each one's content starts with {@code <session id>#<sequence>;}, so a
 * client can tell a lost, reordered or foreign record from the record alone.
 */
final class Seq {
    static final long T0 = 1_700_000_000_000L;

    private Seq() {
    }

    /** Record {@code seq} of session {@code sid}, {@code size} content bytes (at least its label). */
    static TerminalData record(String sid, int seq, int size) {
        byte[] label = (sid + "#" + seq + ";").getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[Math.max(size, label.length)];
        System.arraycopy(label, 0, content, 0, label.length);
        for (int i = label.length; i < content.length; i++) {
            content[i] = (byte) ('a' + (seq + i) % 26);
        }
        return new TerminalData(T0 + seq, content);
    }

    /** Records {@code from} (inclusive) to {@code to} (exclusive) of {@code sid}. */
    static List<SessionRecord> records(String sid, int from, int to, int size) {
        List<SessionRecord> l = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            l.add(record(sid, i, size));
        }
        return l;
    }

    /** The label of a record: {@code "<sid>#<seq>"}, or {@code null} if it has none. */
    static String label(SessionRecord r) {
        byte[] c = r.content();
        for (int i = 0; i < Math.min(c.length, 200); i++) {
            if (c[i] == ';') {
                return new String(c, 0, i, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    /**
     * A client that checks every record as it arrives: its own session, the next sequence number,
     * the exact bytes. Keeps counts, not records, so it can run for a long soak. Sends complete at
     * once, or later on {@code completer} (an asynchronous client, so flow control really pauses and
     * resumes). Thread-safe.
     */
    static final class CheckingSink implements ClientSink {
        final String sid;
        final int size;
        private final Executor completer;
        private final AtomicInteger inCall = new AtomicInteger();
        private int next;
        private long received;
        private long lost;
        private long reordered;
        private long foreign;
        private long corrupt;
        private long violations;
        private final List<Notice> notices = new ArrayList<>();

        CheckingSink(String sid, int size, Executor completer) {
            this.sid = sid;
            this.size = size;
            this.completer = completer;
        }

        @Override
        public CompletionStage<Void> send(SessionRecord r) {
            if (inCall.incrementAndGet() != 1) {
                synchronized (this) {
                    violations++;
                }
            }
            try {
                check(r);
            } finally {
                inCall.decrementAndGet();
            }
            if (completer == null) {
                return DONE;
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            completer.execute(() -> f.complete(null));
            return f;
        }

        private synchronized void check(SessionRecord r) {
            received++;
            if (!notices.isEmpty()) {
                violations++;
            }
            String label = label(r);
            int hash = label == null ? -1 : label.lastIndexOf('#');
            if (hash < 0) {
                corrupt++;
                return;
            }
            if (!label.substring(0, hash).equals(sid)) {
                foreign++;
                return;
            }
            int seq;
            try {
                seq = Integer.parseInt(label.substring(hash + 1));
            } catch (NumberFormatException e) {
                corrupt++;
                return;
            }
            if (!r.equals(record(sid, seq, size))) {
                corrupt++;
            }
            if (seq > next) {
                lost += seq - next;
                next = seq + 1;
            } else if (seq < next) {
                reordered++;
            } else {
                next++;
            }
        }

        @Override
        public synchronized void end(Notice notice) {
            if (inCall.get() != 0) {
                violations++;
            }
            notices.add(notice);
            notifyAll();
        }

        synchronized long received() {
            return received;
        }

        synchronized int nextSeq() {
            return next;
        }

        /** Records lost, reordered, from another session, or with wrong bytes; contract violations. */
        synchronized long errors() {
            return lost + reordered + foreign + corrupt + violations;
        }

        synchronized List<Notice> notices() {
            return List.copyOf(notices);
        }

        @Override
        public synchronized String toString() {
            return "CheckingSink[" + sid + ": received " + received + ", next " + next + ", lost " + lost + ", reordered "
                    + reordered + ", foreign " + foreign + ", corrupt " + corrupt + ", violations " + violations
                    + ", notices " + notices + "]";
        }
    }
}
