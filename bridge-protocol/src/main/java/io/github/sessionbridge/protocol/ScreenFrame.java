package io.github.sessionbridge.protocol;

/**
 * A {@code 'v'} record: one encoded image (PNG or JPEG) to be drawn at ({@code x}, {@code y}).
 * Its content is the image; the geometry is in its own fields.
 */
public final class ScreenFrame extends SessionRecord {

    /** How the image is encoded, told apart by its magic bytes. */
    public enum ImageFormat {
        /** Starts with {@code 89 50 4E 47}. */
        PNG,
        /** Starts with {@code FF D8 FF}. */
        JPEG,
        /** Neither. */
        UNKNOWN
    }

    private final int x;
    private final int y;
    private final int width;
    private final int height;

    /**
     * A frame of a copy of {@code image}. The image is not decoded: its format and its size are not checked
     * against {@code width} and {@code height}, and no size limit is checked here (a decoder rejects a record
     * whose length field is above its maximum record size).
     *
     * @param timestamp when the C side captured the frame, in milliseconds since the Unix epoch
     * @param x         where the image's left edge goes, in pixels from the left of the screen; 0..65535
     * @param y         where the image's top edge goes, in pixels from the top of the screen; 0..65535
     * @param width     the image's width in pixels; 0..65535
     * @param height    the image's height in pixels; 0..65535
     * @param image     the encoded image (normally PNG or JPEG; see {@link #imageFormat()}); copied, so later
     *                  changes to the array do not affect the record
     * @throws IllegalArgumentException if {@code x}, {@code y}, {@code width} or {@code height} is outside
     *                                  0..65535 (they are unsigned 2-byte fields on the wire)
     * @throws NullPointerException     if {@code image} is {@code null}
     */
    public ScreenFrame(long timestamp, int x, int y, int width, int height, byte[] image) {
        this(timestamp, check("x", x), check("y", y), check("width", width), check("height", height), copy(image), true);
    }

    private ScreenFrame(long timestamp, int x, int y, int width, int height, byte[] image, boolean owned) {
        super(timestamp, image);
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
    }

    private ScreenFrame(long timestamp, int x, int y, int width, int height, byte[] unit, int imageOffset) {
        super(timestamp, unit, imageOffset);
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
    }

    /** A frame over {@code unit}, its whole wire encoding, as a decoder read it. */
    static ScreenFrame owningUnit(long timestamp, int x, int y, int width, int height, byte[] unit, int imageOffset) {
        return new ScreenFrame(timestamp, x, y, width, height, unit, imageOffset);
    }

    static ScreenFrame owning(long timestamp, int x, int y, int width, int height, byte[] image) {
        return new ScreenFrame(timestamp, x, y, width, height, image, true);
    }

    private static int check(String name, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be within 0..65535, was " + value);
        }
        return value;
    }

    /**
     * Where the image's left edge goes.
     *
     * @return the x coordinate in pixels from the left of the screen, 0..65535
     */
    public int x() {
        return x;
    }

    /**
     * Where the image's top edge goes.
     *
     * @return the y coordinate in pixels from the top of the screen, 0..65535
     */
    public int y() {
        return y;
    }

    /**
     * The image's width, as the record's geometry says (the image itself is not decoded).
     *
     * @return the width in pixels, 0..65535
     */
    public int width() {
        return width;
    }

    /**
     * The image's height, as the record's geometry says (the image itself is not decoded).
     *
     * @return the height in pixels, 0..65535
     */
    public int height() {
        return height;
    }

    /**
     * The image's encoding, from its first bytes; the image is not otherwise checked.
     *
     * @return {@link ImageFormat#PNG} or {@link ImageFormat#JPEG} by their magic bytes, else
     *         {@link ImageFormat#UNKNOWN}
     */
    public ImageFormat imageFormat() {
        byte[] c = bytes;
        int o = offset;
        if (length >= 4 && (c[o] & 0xff) == 0x89 && c[o + 1] == 'P' && c[o + 2] == 'N' && c[o + 3] == 'G') {
            return ImageFormat.PNG;
        }
        if (length >= 3 && (c[o] & 0xff) == 0xFF && (c[o + 1] & 0xff) == 0xD8 && (c[o + 2] & 0xff) == 0xFF) {
            return ImageFormat.JPEG;
        }
        return ImageFormat.UNKNOWN;
    }

    @Override
    public RecordType type() {
        return RecordType.SCREEN_FRAME;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof ScreenFrame f
                && f.x == x && f.y == y && f.width == width && f.height == height;
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + ((x * 31 + y) * 31 + width) * 31 + height;
    }

    @Override
    public String toString() {
        return "ScreenFrame[ts=" + timestamp() + ", x=" + x + ", y=" + y + ", " + width + "x" + height
                + ", " + imageFormat() + ", " + contentLength() + " bytes]";
    }
}
