package dev.hcxmesh.ocrlens.ocr;

import java.util.Collection;

/** Pure helpers for normalised {@code [x1, y1, x2, y2]} boxes. */
public final class Boxes {

    private static final float EPS = 1e-4f;

    private Boxes() {}

    /**
     * Validates a normalised box and returns a defensive copy, clamping float noise of at most 1e-4.
     *
     * @throws IllegalArgumentException naming the expected and found values
     */
    public static float[] checked(float[] box) {
        if (box == null || box.length != 4) {
            throw new IllegalArgumentException(
                    "box must be [x1, y1, x2, y2], found " + (box == null ? "null" : box.length + " values"));
        }
        float[] b = box.clone();
        for (int i = 0; i < 4; i++) {
            if (!(b[i] >= -EPS && b[i] <= 1 + EPS)) {
                throw new IllegalArgumentException(
                        "box values must be in [0, 1], found " + java.util.Arrays.toString(box));
            }
            b[i] = Math.clamp(b[i], 0f, 1f);
        }
        if (b[2] < b[0] || b[3] < b[1]) {
            throw new IllegalArgumentException(
                    "box must have x1 <= x2 and y1 <= y2, found " + java.util.Arrays.toString(box));
        }
        return b;
    }

    /** Normalises a pixel rectangle {@code [left, top, right, bottom)} by the image size. */
    public static float[] normalise(int left, int top, int right, int bottom, int width, int height) {
        return new float[] {
            Math.clamp(left / (float) width, 0f, 1f),
            Math.clamp(top / (float) height, 0f, 1f),
            Math.clamp(right / (float) width, 0f, 1f),
            Math.clamp(bottom / (float) height, 0f, 1f)
        };
    }

    /** The smallest box holding all of {@code boxes}; must not be empty. */
    public static float[] union(Collection<float[]> boxes) {
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("union of no boxes");
        }
        float[] u = {Float.MAX_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (float[] b : boxes) {
            u[0] = Math.min(u[0], b[0]);
            u[1] = Math.min(u[1], b[1]);
            u[2] = Math.max(u[2], b[2]);
            u[3] = Math.max(u[3], b[3]);
        }
        return u;
    }
}
