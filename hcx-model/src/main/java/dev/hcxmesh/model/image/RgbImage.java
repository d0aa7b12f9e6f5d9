package dev.hcxmesh.model.image;

/**
 * An 8-bit RGB image, row-major HWC interleaved: pixel {@code (x, y)} channel {@code c} lives at
 * {@code (y * width + x) * 3 + c}. The array is owned by the record (not copied, for speed: treat it
 * as immutable).
 *
 * @param width pixels per row (≥ 1)
 * @param height rows (≥ 1)
 * @param rgb {@code [height, width, 3]} uint8
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        long expected = (long) width * height * 3;
        if (rgb == null || rgb.length != expected) {
            throw new IllegalArgumentException("rgb buffer for " + width + "x" + height + " must hold " + expected
                    + " bytes, found " + (rgb == null ? "null" : rgb.length));
        }
    }

    /** A {@code width}×{@code height} image filled with one colour. */
    public static RgbImage filled(int width, int height, int r, int g, int b) {
        byte[] px = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) r;
            px[i + 1] = (byte) g;
            px[i + 2] = (byte) b;
        }
        return new RgbImage(width, height, px);
    }

    /** Channel {@code c} of pixel {@code (x, y)} as 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }

    /**
     * Pillow's {@code Image.paste(src, (x, y))} onto a copy of this image: the source is clipped to
     * this image's bounds (negative offsets allowed).
     */
    public RgbImage paste(RgbImage src, int x, int y) {
        byte[] out = rgb.clone();
        int x0 = Math.max(0, x);
        int x1 = Math.min(width, x + src.width);
        int y0 = Math.max(0, y);
        int y1 = Math.min(height, y + src.height);
        if (x0 < x1) {
            int rowBytes = (x1 - x0) * 3;
            for (int yy = y0; yy < y1; yy++) {
                System.arraycopy(src.rgb, ((yy - y) * src.width + (x0 - x)) * 3, out, (yy * width + x0) * 3, rowBytes);
            }
        }
        return new RgbImage(width, height, out);
    }

    /** The {@code w}×{@code h} region at {@code (x, y)}, which must lie inside the image. */
    public byte[] crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException(
                    "crop " + w + "x" + h + "+" + x + "+" + y + " outside a " + width + "x" + height + " image");
        }
        byte[] out = new byte[w * h * 3];
        for (int yy = 0; yy < h; yy++) {
            System.arraycopy(rgb, ((y + yy) * width + x) * 3, out, yy * w * 3, w * 3);
        }
        return out;
    }
}
