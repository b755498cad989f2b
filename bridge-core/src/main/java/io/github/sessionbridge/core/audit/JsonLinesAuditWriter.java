package io.github.sessionbridge.core.audit;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.core.internal.Json;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link AuditSink} writing one JSON object per line (JSON Lines, UTF-8) to a file, or to one file per
 * UTC day. Files are opened for appending and created if missing; nothing is ever overwritten.
 *
 * <pre>{@code
 * {"type":"WatchStarted","id":"…","at":"2026-12-01T11:02:03.456Z","principal":"alice","connection":"ws-7","bridge":12,"opsType":"SSH","session":"s-42"}
 * {"type":"KickAnswered","id":"…","at":"…","principal":"alice","connection":"ws-7","start":"…","opsType":"SSH","session":"s-42","reason":"root shell left open","status":"KICKED","outcome":"END","detail":"…"}
 * }</pre>
 *
 * <p>Every event has {@code type}, {@code id}, {@code at} (ISO-8601, UTC), {@code principal} and
 * {@code connection}; the other fields are the event's components (see {@link #json(AuditEvent)}).
 *
 * <p><b>Durability</b> is the {@link Fsync} given: each line is handed to the operating system as soon as it
 * is written (no buffering in the JVM, so a crash of the JVM loses nothing written); whether and when it is
 * forced to the disk (surviving a crash of the machine) is the policy. Not thread-safe: an
 * {@link AuditTrail} calls it from its one delivery thread.
 */
public final class JsonLinesAuditWriter implements AuditSink, Closeable {

    /** When lines are forced to the storage device ({@link FileChannel#force}). */
    public enum Fsync {
        /** After every event: slowest, nothing written is lost even to a power cut. */
        EVERY_EVENT,
        /**
         * When the trail's queue runs empty ({@link AuditSink#flush()}), so once per burst: a power cut loses
         * at most the burst being written. The usual choice.
         */
        BATCH,
        /** Never: the operating system writes back when it likes (a power cut may lose its last seconds). */
        NEVER
    }

    private final Path file;
    private final Path directory;
    private final String prefix;
    private final Fsync fsync;
    private FileChannel channel;
    private LocalDate day;
    private boolean dirty;

    private JsonLinesAuditWriter(Path file, Path directory, String prefix, Fsync fsync) {
        this.file = file;
        this.directory = directory;
        this.prefix = prefix;
        this.fsync = Objects.requireNonNull(fsync, "fsync");
    }

    /**
     * A writer appending to one file.
     *
     * @param file  the file; created if missing, its directory must exist
     * @param fsync when lines are forced to the disk
     * @return the writer; it opens the file on the first event
     * @throws NullPointerException if an argument is null
     */
    public static JsonLinesAuditWriter file(Path file, Fsync fsync) {
        return new JsonLinesAuditWriter(Objects.requireNonNull(file, "file"), null, null, fsync);
    }

    /**
     * A writer appending to one file per UTC day of the events' time, {@code <prefix>-<yyyy-MM-dd>.jsonl}.
     *
     * @param directory where the files go; it must exist
     * @param prefix    the start of each file name: 1 to 64 characters of {@code [A-Za-z0-9._-]}
     * @param fsync     when lines are forced to the disk
     * @return the writer; it opens a day's file on that day's first event
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code prefix} is not valid
     */
    public static JsonLinesAuditWriter daily(Path directory, String prefix, Fsync fsync) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("the audit file prefix must be 1 to 64 characters of [A-Za-z0-9._-], was "
                    + Json.quote(prefix));
        }
        return new JsonLinesAuditWriter(null, directory, prefix, fsync);
    }

    /**
     * The file an event of {@code day} goes to.
     *
     * @param day a UTC date
     * @return the file: the one file, or that day's
     */
    public Path fileFor(LocalDate day) {
        return file != null ? file : directory.resolve(prefix + "-" + day + ".jsonl");
    }

    @Override
    public void accept(AuditEvent event) throws IOException {
        LocalDate d = LocalDate.ofInstant(event.at(), ZoneOffset.UTC);
        if (channel == null || (file == null && !d.equals(day))) {
            close();
            channel = FileChannel.open(fileFor(d), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            day = d;
        }
        ByteBuffer line = ByteBuffer.wrap((json(event) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
        dirty = true;
        if (fsync == Fsync.EVERY_EVENT) {
            force();
        }
    }

    @Override
    public void flush() throws IOException {
        if (fsync == Fsync.BATCH) {
            force();
        }
    }

    private void force() throws IOException {
        if (channel != null && dirty) {
            channel.force(false);
            dirty = false;
        }
    }

    /** Forces what was written (unless {@link Fsync#NEVER}) and closes the current file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (channel == null) {
            return;
        }
        try {
            if (fsync != Fsync.NEVER) {
                force();
            }
        } finally {
            channel.close();
            channel = null;
        }
    }

    /**
     * An event as one line of JSON (without the line break): {@code type} (the record's simple name),
     * {@code id}, {@code at}, {@code principal}, {@code connection}, then the event's other components, durations
     * in milliseconds ({@code positionMs}), optional ones left out when empty.
     *
     * @param event the event
     * @return one JSON object, no line break in it (text is escaped)
     * @throws NullPointerException if {@code event} is null
     */
    public static String json(AuditEvent event) {
        Line l = new Line(event.getClass().getSimpleName(), event.id(), event);
        if (event instanceof AuditEvent.WatchStarted e) {
            l.num("bridge", e.bridgeId()).str("opsType", e.opsType()).str("session", e.sessionId());
        } else if (event instanceof AuditEvent.WatchEnded e) {
            l.str("start", e.startId()).num("bridge", e.bridgeId()).str("opsType", e.opsType())
                    .str("session", e.sessionId()).str("startedAt", e.startedAt().toString())
                    .str("reason", e.reason().name()).num("records", e.records()).num("bytes", e.bytes());
        } else if (event instanceof AuditEvent.KickRequested e) {
            l.str("opsType", e.opsType()).str("session", e.sessionId()).opt("reason", e.reason());
        } else if (event instanceof AuditEvent.KickAnswered e) {
            KickOutcome o = e.outcome();
            l.str("start", e.startId()).str("opsType", e.opsType()).str("session", e.sessionId())
                    .opt("reason", e.reason()).str("status", o.status().name()).str("outcome", o.reason().name())
                    .str("detail", o.detail());
        } else if (event instanceof AuditEvent.AccessDenied e) {
            l.str("action", e.action().name()).str("opsType", e.opsType()).str("session", e.sessionId())
                    .str("denial", e.denial().name()).opt("reason", e.reason());
        } else if (event instanceof AuditEvent.PlaybackOpened e) {
            l.target(e.target()).ms("positionMs", e.position());
        } else if (event instanceof AuditEvent.PlaybackSeeked e) {
            l.str("start", e.startId()).target(e.target()).ms("fromMs", e.from()).ms("toMs", e.to());
        } else if (event instanceof AuditEvent.PlaybackEnded e) {
            l.str("start", e.startId()).target(e.target()).str("startedAt", e.startedAt().toString())
                    .ms("positionMs", e.position()).str("reason", e.reason().name());
        }
        return l.done();
    }

    /** One JSON object being written. */
    private static final class Line {
        private final StringBuilder sb = new StringBuilder(256);

        Line(String type, String id, AuditEvent e) {
            sb.append('{');
            str("type", type).str("id", id).str("at", e.at().toString());
            Caller c = e.caller();
            str("principal", c.principal()).str("connection", c.connectionId());
        }

        private void key(String k) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            Json.appendQuoted(sb, k);
            sb.append(':');
        }

        Line str(String k, String v) {
            key(k);
            Json.appendQuoted(sb, v);
            return this;
        }

        Line num(String k, long v) {
            key(k);
            sb.append(v);
            return this;
        }

        Line ms(String k, Duration d) {
            return num(k, d.toMillis());
        }

        Line opt(String k, Optional<String> v) {
            return v.isPresent() ? str(k, v.get()) : this;
        }

        Line target(PlaybackTarget t) {
            if (t instanceof PlaybackTarget.File f) {
                return str("recording", f.name());
            }
            PlaybackTarget.Session s = (PlaybackTarget.Session) t;
            return str("opsType", s.opsType()).str("session", s.sessionId());
        }

        String done() {
            return sb.append('}').toString();
        }
    }
}
