package io.github.sessionbridge.recordings.s3.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * One recording in the spool: a directory holding its object key ({@code key}), its bytes ({@code data}),
 * its manifest ({@code manifest}, if signed), its multipart upload's state ({@code upload}: the upload id,
 * then one line per part uploaded) and, once its writer closed it, an empty {@code ended}. Everything the
 * uploader needs after a restart is on disk, written before it is relied on.
 */
public final class SpoolEntry {
    static final String KEY = "key";
    static final String DATA = "data";
    static final String MANIFEST = "manifest";
    static final String UPLOAD = "upload";
    static final String ENDED = "ended";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A part uploaded: its number (from 1), where it starts, its length and the ETag S3 gave it. */
    public record Part(int number, long offset, long length, String etag) {
    }

    private final Path dir;
    private volatile String key;

    private SpoolEntry(Path dir, String key) {
        this.dir = dir;
        this.key = key;
    }

    /** A new entry for object {@code key} in {@code spool}: its directory and key file. */
    static SpoolEntry create(Path spool, String key) throws IOException {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        Path dir = Files.createDirectory(spool.resolve("rec-" + HexFormat.of().formatHex(id)));
        Files.writeString(dir.resolve(KEY), key, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new SpoolEntry(dir, key);
    }

    /** The entries left in {@code spool} (by an earlier run, or a crash); a directory without a key is skipped. */
    static List<SpoolEntry> list(Path spool) throws IOException {
        List<SpoolEntry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(spool)) {
            for (Path d : (Iterable<Path>) s::iterator) {
                if (d.getFileName().toString().startsWith("rec-") && Files.isRegularFile(d.resolve(KEY))) {
                    out.add(new SpoolEntry(d, Files.readString(d.resolve(KEY), StandardCharsets.UTF_8).strip()));
                }
            }
        }
        return out;
    }

    public Path dir() {
        return dir;
    }

    public String key() {
        return key;
    }

    /** Moves the entry to another key (the one wanted was taken): written to disk first. */
    void rekey(String newKey) throws IOException {
        Files.writeString(dir.resolve(KEY), newKey, StandardCharsets.UTF_8);
        key = newKey;
    }

    public Path data() {
        return dir.resolve(DATA);
    }

    public Path manifest() {
        return dir.resolve(MANIFEST);
    }

    boolean ended() {
        return Files.exists(dir.resolve(ENDED));
    }

    void markEnded() throws IOException {
        try {
            Files.createFile(dir.resolve(ENDED));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // already
        }
    }

    /** The bytes this entry holds on disk (data and manifest). */
    long bytesOnDisk() {
        return size(data()) + size(manifest());
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The multipart upload id, or null if none was started. */
    String uploadId() throws IOException {
        List<String> lines = uploadLines();
        return lines.isEmpty() ? null : lines.get(0);
    }

    /** The parts uploaded so far, in order. */
    List<Part> parts() throws IOException {
        List<Part> parts = new ArrayList<>();
        List<String> lines = uploadLines();
        for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = l.split(" ");
            if (f.length == 4) { // a line cut by a crash is the part not recorded: it is uploaded again
                parts.add(new Part(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
            }
        }
        return parts;
    }

    void startUpload(String uploadId) throws IOException {
        Files.writeString(dir.resolve(UPLOAD), uploadId + "\n", StandardCharsets.US_ASCII);
    }

    void partUploaded(Part p) throws IOException {
        Files.writeString(dir.resolve(UPLOAD), p.number() + " " + p.offset() + " " + p.length() + " " + p.etag() + "\n",
                StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
    }

    /** Forgets the multipart upload (S3 no longer knows it): the next attempt starts over. */
    void resetUpload() throws IOException {
        Files.deleteIfExists(dir.resolve(UPLOAD));
    }

    private List<String> uploadLines() throws IOException {
        try {
            String s = Files.readString(dir.resolve(UPLOAD), StandardCharsets.US_ASCII);
            List<String> lines = new ArrayList<>(s.lines().toList());
            if (!s.endsWith("\n") && !lines.isEmpty()) {
                lines.remove(lines.size() - 1); // cut by a crash
            }
            return lines;
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** Deletes the entry's files and directory (its object is in the bucket). */
    void delete() throws IOException {
        for (String f : new String[] {DATA, MANIFEST, UPLOAD, ENDED, KEY}) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    @Override
    public String toString() {
        return dir.getFileName() + "(" + key + ")";
    }
}
