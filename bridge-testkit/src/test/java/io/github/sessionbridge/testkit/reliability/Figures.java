package io.github.sessionbridge.testkit.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one reliability run, printed to the test output and written to
 * {@code target/reliability/<name>.txt} (what RELIABILITY.md quotes).
 */
final class Figures {
    private final String name;
    private final Map<String, Object> values = new LinkedHashMap<>();

    Figures(String name) {
        this.name = name;
    }

    synchronized Figures put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    synchronized Figures add(String key, long delta) {
        values.merge(key, delta, (a, b) -> ((Number) a).longValue() + ((Number) b).longValue());
        return this;
    }

    synchronized long get(String key) {
        Object v = values.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** Prints and writes the figures; returns the text. */
    synchronized String write() {
        StringBuilder sb = new StringBuilder("# ").append(name).append(", ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ")
                .append(System.getProperty("java.version")).append('\n');
        values.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        String text = sb.toString();
        System.out.print(text);
        try {
            Path dir = Path.of("target", "reliability");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text;
    }
}
