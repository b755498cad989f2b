package io.github.sessionbridge.core.search;

import io.github.sessionbridge.core.playback.Recording;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.SessionRecord;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.protocol.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Recordings for the search tests: written to files, searched, hits collected. */
final class Recs {

    static final long T0 = 1_700_000_000_000L;

    private Recs() {
    }

    static Path write(Path dir, List<? extends Unit> units) {
        try {
            Path file = Files.createTempFile(dir, "s", ".rec");
            try (RecordingWriter w = RecordingWriter.create(file)) {
                for (Unit u : units) {
                    w.write(u);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Terminal-data records of {@code texts}, 100 ms apart from T0. */
    static List<Unit> output(String... texts) {
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            units.add(TerminalData.ofText(T0 + 100L * i, texts[i]));
        }
        return units;
    }

    /** All hits of {@code query} in {@code file}. */
    static List<SearchHit> find(Path file, SearchQuery query) {
        return find(file, query, SearchOptions.defaults());
    }

    static List<SearchHit> find(Path file, SearchQuery query, SearchOptions options) {
        List<SearchHit> hits = new ArrayList<>();
        try {
            RecordingSearch.find(Recording.open(file), query, options, hits::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits;
    }

    static String text(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TerminalTextWriter.export(Recording.open(file), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The terminal bytes of {@code records} cut again into records of the sizes {@code sizes} gives, record
     * {@code k} at T0 + 10 k: any boundary, inside characters and escape sequences too.
     */
    static List<Unit> recut(List<? extends SessionRecord> records, java.util.function.IntSupplier sizes) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (SessionRecord r : records) {
            all.writeBytes(r.content());
        }
        byte[] b = all.toByteArray();
        List<Unit> out = new ArrayList<>();
        int at = 0;
        int k = 0;
        while (at < b.length) {
            int n = Math.max(1, Math.min(b.length - at, sizes.getAsInt()));
            out.add(new TerminalData(T0 + 10L * k++, java.util.Arrays.copyOfRange(b, at, at + n)));
            at += n;
        }
        return out;
    }

    /** The index of the record (in {@link #recut} records) holding byte {@code offset} of the stream. */
    static long timeOfByte(List<Unit> recut, long offset) {
        long at = 0;
        for (Unit u : recut) {
            TerminalData d = (TerminalData) u;
            at += d.contentLength();
            if (offset < at) {
                return d.timestamp() - T0;
            }
        }
        throw new IllegalArgumentException("past the end: " + offset);
    }
}
