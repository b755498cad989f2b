package io.github.sessionbridge.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Test data and helpers. The wire bytes here are built by hand (explicit big-endian shifts), not
 * with {@link UnitEncoder}, so that encoder and decoder are both checked against an independent
 * reading of the spec.
 */
final class Fixtures {

    private Fixtures() {
    }

    static final long TS = 1_700_000_000_000L;

    /** Terminal text that the reference stream cuts into 'd' records in the middle of characters. */
    static final String CHINESE_TEXT = "$ echo 你好，世界\r\n你好，世界\r\n$ exit 35\r\n";
    static final byte[] CHINESE_BYTES = utf8(CHINESE_TEXT);
    /** After 2 of the 3 bytes of '好'. */
    static final int SPLIT_1 = utf8("$ echo 你").length + 2;
    /** After 1 of the 3 bytes of the second '世'. */
    static final int SPLIT_2 = utf8("$ echo 你好，世界\r\n你好，").length + 1;

    static final byte[] PNG_IMAGE = bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A,
            0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', '3', '5', 'd', 'v', 'i', 0xFF, 0x00);
    static final byte[] JPEG_IMAGE = bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, '3');

    /** Bytes after the control byte that would be protocol errors if they were decoded. */
    static final byte[] JUNK = bytes('x', 0x00, 0xFF, 'd', 0xFF, 0xFF, 0xFF, 0xFF, '5', 'v', 0, 0, 0, 1);

    /** The units of the reference stream, in order (the last one is {@link Control#END}). */
    static List<Unit> referenceUnits() {
        return List.of(
                TerminalData.ofText(TS, "\u001b[32m$\u001b[0m ls\r\n"),
                InputEvent.ofText(TS + 5, "ls -la 目录\n"),
                new TerminalData(TS + 10, Arrays.copyOfRange(CHINESE_BYTES, 0, SPLIT_1)),
                new TerminalData(TS + 11, new byte[0]),
                new TerminalData(TS + 12, Arrays.copyOfRange(CHINESE_BYTES, SPLIT_1, SPLIT_2)),
                new ScreenFrame(TS + 20, 0, 65535, 1920, 1080, PNG_IMAGE),
                new TerminalData(TS + 30, Arrays.copyOfRange(CHINESE_BYTES, SPLIT_2, CHINESE_BYTES.length)),
                new ScreenFrame(TS + 40, 40000, 7, 33, 53, JPEG_IMAGE),
                new InputEvent(TS + 50, new byte[0]),
                new ScreenFrame(TS + 60, 1, 2, 3, 4, new byte[0]),
                Control.END);
    }

    /** The reference stream's units without the control byte. */
    static List<Unit> referenceRecords() {
        List<Unit> units = referenceUnits();
        return units.subList(0, units.size() - 1);
    }

    /** The reference stream's record bytes, hand-encoded, without control byte and junk. */
    static byte[] referenceRecordBytes() {
        return concat(
                record('d', TS, utf8("\u001b[32m$\u001b[0m ls\r\n")),
                record('i', TS + 5, utf8("ls -la 目录\n")),
                record('d', TS + 10, Arrays.copyOfRange(CHINESE_BYTES, 0, SPLIT_1)),
                record('d', TS + 11, new byte[0]),
                record('d', TS + 12, Arrays.copyOfRange(CHINESE_BYTES, SPLIT_1, SPLIT_2)),
                frame(TS + 20, 0, 65535, 1920, 1080, PNG_IMAGE),
                record('d', TS + 30, Arrays.copyOfRange(CHINESE_BYTES, SPLIT_2, CHINESE_BYTES.length)),
                frame(TS + 40, 40000, 7, 33, 53, JPEG_IMAGE),
                record('i', TS + 50, new byte[0]),
                frame(TS + 60, 1, 2, 3, 4, new byte[0]));
    }

    /** The units of {@link #referenceStream()} without the junk: records and the control byte. */
    static byte[] referenceUnitBytes() {
        return concat(referenceRecordBytes(), bytes('3'));
    }

    /** The whole reference stream: every unit type, then {@code '3'}, then junk that must be ignored. */
    static byte[] referenceStream() {
        return concat(referenceUnitBytes(), JUNK);
    }

    // ---------------------------------------------------------------- hand encoding

    static byte[] record(char type, long ts, byte[] content) {
        return concat(header(type, 8L + content.length), be64(ts), content);
    }

    static byte[] frame(long ts, int x, int y, int w, int h, byte[] image) {
        return concat(header('v', 16L + image.length), be64(ts), be16(x), be16(y), be16(w), be16(h), image);
    }

    /** A type byte and a 4-byte big-endian length field (the low 32 bits of {@code length}). */
    static byte[] header(int type, long length) {
        return bytes(type, (int) (length >>> 24), (int) (length >>> 16), (int) (length >>> 8), (int) length);
    }

    static byte[] be64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    static byte[] be16(int v) {
        return bytes(v >>> 8, v);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    // ---------------------------------------------------------------- splitting and feeding

    /** {@code bytes} cut at {@code cuts} (ascending offsets). */
    static List<byte[]> cutAt(byte[] bytes, int... cuts) {
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chunks.add(Arrays.copyOfRange(bytes, from, cut));
            from = cut;
        }
        chunks.add(Arrays.copyOfRange(bytes, from, bytes.length));
        return chunks;
    }

    static List<byte[]> oneByteAtATime(byte[] bytes) {
        List<byte[]> chunks = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            chunks.add(new byte[] {b});
        }
        return chunks;
    }

    /** Random chunks of 0 to {@code maxChunk} bytes (empty chunks included: a read may return nothing). */
    static List<byte[]> randomChunks(byte[] bytes, long seed, int maxChunk) {
        Random random = new Random(seed);
        List<byte[]> chunks = new ArrayList<>();
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, random.nextInt(maxChunk + 1));
            chunks.add(Arrays.copyOfRange(bytes, pos, pos + n));
            pos += n;
        }
        return chunks;
    }

    /** The ways a chunk can be handed to {@link StreamDecoder}. */
    enum Feeding {
        BYTE_ARRAY {
            @Override
            void feed(StreamDecoder d, byte[] chunk, Consumer<Unit> out) {
                d.feed(chunk, 0, chunk.length, out);
            }
        },
        BYTE_ARRAY_AT_OFFSET {
            @Override
            void feed(StreamDecoder d, byte[] chunk, Consumer<Unit> out) {
                byte[] padded = concat(bytes('?', '?', '?'), chunk, bytes('!'));
                d.feed(padded, 3, chunk.length, out);
            }
        },
        HEAP_BUFFER {
            @Override
            void feed(StreamDecoder d, byte[] chunk, Consumer<Unit> out) {
                feedFully(d, ByteBuffer.wrap(chunk), out);
            }
        },
        DIRECT_BUFFER {
            @Override
            void feed(StreamDecoder d, byte[] chunk, Consumer<Unit> out) {
                ByteBuffer b = ByteBuffer.allocateDirect(chunk.length);
                b.put(chunk).flip();
                feedFully(d, b, out);
            }
        },
        READ_ONLY_HEAP_BUFFER {
            @Override
            void feed(StreamDecoder d, byte[] chunk, Consumer<Unit> out) {
                feedFully(d, ByteBuffer.wrap(chunk).asReadOnlyBuffer(), out);
            }
        },
        /** A heap buffer with a non-zero array offset and position, and bytes beyond its limit. */
        SLICED_HEAP_BUFFER {
            @Override
            void feed(StreamDecoder d, byte[] chunk, Consumer<Unit> out) {
                byte[] padded = concat(bytes('#', '#', '#', '#', '#'), chunk, bytes('#', '#'));
                ByteBuffer slice = ByteBuffer.wrap(padded, 2, padded.length - 2).slice();
                slice.position(3).limit(3 + chunk.length);
                feedFully(d, slice, out);
            }
        },
        /** The caller's buffer order must not matter: the protocol is big-endian whatever the buffer says. */
        LITTLE_ENDIAN_HEAP_BUFFER {
            @Override
            void feed(StreamDecoder d, byte[] chunk, Consumer<Unit> out) {
                feedFully(d, ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN), out);
            }
        },
        LITTLE_ENDIAN_DIRECT_BUFFER {
            @Override
            void feed(StreamDecoder d, byte[] chunk, Consumer<Unit> out) {
                ByteBuffer b = ByteBuffer.allocateDirect(chunk.length).order(ByteOrder.LITTLE_ENDIAN);
                b.put(chunk).flip();
                feedFully(d, b, out);
            }
        };

        abstract void feed(StreamDecoder d, byte[] chunk, Consumer<Unit> out);

        private static void feedFully(StreamDecoder d, ByteBuffer b, Consumer<Unit> out) {
            int limit = b.limit();
            d.feed(b, out);
            if (b.position() != limit || b.limit() != limit) {
                throw new AssertionError("feed did not consume the whole buffer: position " + b.position()
                        + ", limit " + b.limit() + ", expected " + limit);
            }
        }
    }

    /** Feeds the chunks in order to a new decoder and returns every unit it delivered. */
    static List<Unit> decodeChunks(List<byte[]> chunks, Feeding feeding) {
        return decodeChunks(new StreamDecoder(), chunks, feeding);
    }

    static List<Unit> decodeChunks(StreamDecoder decoder, List<byte[]> chunks, Feeding feeding) {
        List<Unit> units = new ArrayList<>();
        for (byte[] chunk : chunks) {
            feeding.feed(decoder, chunk, units::add);
        }
        return units;
    }

    static List<Unit> decodeWhole(byte[] bytes) {
        return decodeChunks(List.of(bytes), Feeding.BYTE_ARRAY);
    }
}
