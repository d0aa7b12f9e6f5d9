package dev.hcxmesh.ingest.video;

import java.util.Objects;

/**
 * One sampled frame, packed RGB24.
 *
 * @param ptsMs presentation time in ms from the first decoded frame of the stream
 * @param width pixels
 * @param height pixels
 * @param rgb {@code [height, width, 3]} row-major, no padding
 */
public record SampledFrame(long ptsMs, int width, int height, byte[] rgb) {
    public SampledFrame {
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("rgb length: expected " + (width * height * 3) + " (" + width + "x"
                    + height + "x3), found " + rgb.length);
        }
    }
}
