package dev.hcxmesh.model.image;

/**
 * Bounds checked before pixels are decoded (the header dimensions are read first, so a small file
 * that claims a huge image, a decompression bomb, is refused without allocating it).
 *
 * @param maxBytes largest encoded input
 * @param maxPixels largest width·height
 * @param maxSide largest width or height
 */
public record DecodeLimits(long maxBytes, long maxPixels, int maxSide) {

    public DecodeLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxSide <= 0) {
            throw new IllegalArgumentException(
                    "limits must be positive, got bytes=" + maxBytes + " pixels=" + maxPixels + " side=" + maxSide);
        }
    }

    /** 32 MiB, 64 Mpx, 16384 px per side: generous for photos, still refuses bombs. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(32L << 20, 64_000_000L, 16_384);
    }

    /** Throws {@link MediaException.Code#MEDIA_TOO_LARGE} when the encoded size is over the limit. */
    public void checkBytes(long bytes) {
        if (bytes > maxBytes) {
            throw MediaException.tooLarge("maxBytes", maxBytes, bytes);
        }
    }

    /** Throws {@link MediaException.Code#MEDIA_TOO_LARGE} when the declared dimensions are over a limit. */
    public void checkDimensions(int width, int height) {
        if (width > maxSide || height > maxSide) {
            throw MediaException.tooLarge("maxSide", maxSide, Math.max(width, height));
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw MediaException.tooLarge("maxPixels", maxPixels, pixels);
        }
    }
}
