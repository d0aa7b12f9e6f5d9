package dev.hcxmesh.ocrlens.ocr;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * An RGB image in HWC byte order ({@code rgb[(y * width + x) * 3 + c]}, c = R, G, B), the same shape as
 * {@code dev.hcxmesh.model.image.RgbImage}. The array is owned by the record (not copied for speed);
 * callers must not mutate it after construction.
 */
public record OcrImage(int width, int height, byte[] rgb) {

    public OcrImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        long expected = (long) width * height * 3;
        if (rgb.length != expected) {
            throw new IllegalArgumentException(
                    "rgb length: expected " + expected + " (" + width + "x" + height + "x3), found " + rgb.length);
        }
    }

    /** Copies any {@link BufferedImage} into HWC RGB bytes (alpha is dropped). */
    public static OcrImage of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w); // [h * w]
        byte[] rgb = new byte[w * h * 3]; // [h, w, 3]
        for (int i = 0, o = 0; i < argb.length; i++, o += 3) {
            int p = argb[i];
            rgb[o] = (byte) (p >>> 16);
            rgb[o + 1] = (byte) (p >>> 8);
            rgb[o + 2] = (byte) p;
        }
        return new OcrImage(w, h, rgb);
    }

    /** A grey image with every channel equal to {@code gray[i]}. */
    public static OcrImage ofGray(int width, int height, byte[] gray) {
        if (gray.length != width * height) {
            throw new IllegalArgumentException("gray length: expected " + width * height + ", found " + gray.length);
        }
        byte[] rgb = new byte[width * height * 3]; // [h, w, 3]
        for (int i = 0, o = 0; i < gray.length; i++, o += 3) {
            rgb[o] = gray[i];
            rgb[o + 1] = gray[i];
            rgb[o + 2] = gray[i];
        }
        return new OcrImage(width, height, rgb);
    }

    /** A TYPE_INT_RGB copy. */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] argb = new int[width * height]; // [h * w]
        for (int i = 0, o = 0; i < argb.length; i++, o += 3) {
            argb[i] = 0xFF000000 | (rgb[o] & 0xFF) << 16 | (rgb[o + 1] & 0xFF) << 8 | (rgb[o + 2] & 0xFF);
        }
        out.setRGB(0, 0, width, height, argb, 0, width);
        return out;
    }

    /** BT.601 luma, rounded: {@code [height * width]}. */
    public byte[] toGray() {
        byte[] gray = new byte[width * height]; // [h, w]
        for (int i = 0, o = 0; i < gray.length; i++, o += 3) {
            int r = rgb[o] & 0xFF;
            int g = rgb[o + 1] & 0xFF;
            int b = rgb[o + 2] & 0xFF;
            gray[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
        }
        return gray;
    }

    /** A copy of the rectangle {@code [x, x + w) x [y, y + h)}, which must lie inside the image. */
    public OcrImage crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException(
                    "crop " + x + "," + y + " " + w + "x" + h + " outside image " + width + "x" + height);
        }
        byte[] out = new byte[w * h * 3]; // [h, w, 3]
        for (int row = 0; row < h; row++) {
            System.arraycopy(rgb, ((y + row) * width + x) * 3, out, row * w * 3, w * 3);
        }
        return new OcrImage(w, h, out);
    }
}
