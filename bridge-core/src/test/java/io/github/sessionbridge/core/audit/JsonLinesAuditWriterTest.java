package io.github.sessionbridge.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.EndReason;
import io.github.sessionbridge.core.KickOutcome;
import io.github.sessionbridge.protocol.Action;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditWriterTest {
    private static final Caller C = Caller.of("ali\"ce\n", "ws-1");
    @TempDir
    Path dir;

    @Test
    void every_event_is_one_escaped_line_with_its_fields() {
        Instant at = Instant.parse("2026-12-01T11:02:03.456Z");
        assertThat(JsonLinesAuditWriter.json(new AuditEvent.WatchStarted("id1", at, C, 7, "SSH", "s-42"))).isEqualTo(
                "{\"type\":\"WatchStarted\",\"id\":\"id1\",\"at\":\"2026-12-01T11:02:03.456Z\",\"principal\":\"ali\\\"ce\\n\","
                        + "\"connection\":\"ws-1\",\"bridge\":7,\"opsType\":\"SSH\",\"session\":\"s-42\"}");
        assertThat(JsonLinesAuditWriter.json(new AuditEvent.KickAnswered("id2", at, C, "id0", "SSH", "s-42",
                Optional.of("root \u2028 shell"), new KickOutcome(KickOutcome.Status.KICKED, EndReason.END, "done"))))
                .contains("\"start\":\"id0\"", "\"reason\":\"root \\u2028 shell\"", "\"status\":\"KICKED\"", "\"outcome\":\"END\"")
                .doesNotContain("\n");
        assertThat(JsonLinesAuditWriter.json(new AuditEvent.AccessDenied("id3", at, C, Action.KICK, "SSH", "s-1",
                AuditEvent.Denial.DENIED, Optional.empty()))).contains("\"action\":\"KICK\"", "\"denial\":\"DENIED\"")
                .doesNotContain("reason");
        assertThat(JsonLinesAuditWriter.json(new AuditEvent.PlaybackSeeked("id4", at, C, "id0",
                new PlaybackTarget.Session("SSH", "s-2"), Duration.ofSeconds(1), Duration.ofMillis(2500))))
                .contains("\"fromMs\":1000", "\"toMs\":2500", "\"session\":\"s-2\"");
        assertThat(JsonLinesAuditWriter.json(new AuditEvent.PlaybackEnded("id5", at, C, "id0",
                new PlaybackTarget.File("/r/a.rec"), at, Duration.ofMillis(10), EndReason.END)))
                .contains("\"recording\":\"/r/a.rec\"", "\"positionMs\":10", "\"reason\":\"END\"");
    }

    @Test
    void daily_files_follow_the_events_utc_day_and_append() throws Exception {
        for (JsonLinesAuditWriter.Fsync f : JsonLinesAuditWriter.Fsync.values()) {
            Path d = Files.createDirectory(dir.resolve(f.name()));
            try (JsonLinesAuditWriter w = JsonLinesAuditWriter.daily(d, "audit", f)) {
                w.accept(new AuditEvent.WatchStarted("a", Instant.parse("2026-12-01T23:59:59Z"), C, 1, "SSH", "s"));
                w.accept(new AuditEvent.WatchStarted("b", Instant.parse("2026-12-02T00:00:01Z"), C, 2, "SSH", "s"));
                w.flush();
            }
            try (JsonLinesAuditWriter w = JsonLinesAuditWriter.daily(d, "audit", f)) {
                w.accept(new AuditEvent.WatchStarted("c", Instant.parse("2026-12-02T10:00:00Z"), C, 3, "SSH", "s"));
            }
            List<String> first = Files.readAllLines(d.resolve("audit-2026-12-01.jsonl"), StandardCharsets.UTF_8);
            List<String> second = Files.readAllLines(d.resolve("audit-2026-12-02.jsonl"), StandardCharsets.UTF_8);
            assertThat(first).singleElement().asString().contains("\"id\":\"a\"");
            assertThat(second).hasSize(2);
            assertThat(second.get(0)).contains("\"id\":\"b\"");
            assertThat(second.get(1)).contains("\"id\":\"c\"");
        }
    }

    @Test
    void a_trail_writes_through_it_and_a_missing_directory_is_a_counted_failure() throws Exception {
        Path file = dir.resolve("one.jsonl");
        JsonLinesAuditWriter w = JsonLinesAuditWriter.file(file, JsonLinesAuditWriter.Fsync.BATCH);
        try (AuditTrail t = AuditTrail.start(w)) {
            t.record(new AuditEvent.WatchStarted("x", Instant.now(), C, 1, "SSH", "s"));
        }
        w.close();
        assertThat(Files.readAllLines(file)).hasSize(1);
        JsonLinesAuditWriter broken = JsonLinesAuditWriter.daily(dir.resolve("missing"), "a", JsonLinesAuditWriter.Fsync.BATCH);
        AuditTrail t = AuditTrail.start(broken);
        t.record(new AuditEvent.WatchStarted("y", Instant.now(), C, 1, "SSH", "s"));
        t.close();
        assertThat(t.stats().failed()).isEqualTo(1);
        assertThat(w.fileFor(LocalDate.of(2026, 1, 1))).isEqualTo(file);
        assertThatThrownBy(() -> JsonLinesAuditWriter.daily(dir, "../x", JsonLinesAuditWriter.Fsync.NEVER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }
}
