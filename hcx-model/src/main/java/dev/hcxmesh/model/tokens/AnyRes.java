package dev.hcxmesh.model.tokens;

import dev.hcxmesh.model.config.PreprocessorConfig.Resolution;
import java.util.List;

/**
 * HCX AnyRes geometry as pure functions: best grid, local resize, global thumbnail, unpadded
 * feature map. Ingest (tiling), the encoder (unpad) and the decoder (placeholder count) all call
 * these, so they agree by construction. Every expression keeps the reference's double arithmetic
 * and operation order (HCX-MODEL-SPEC §2.3, §2.4, §2.7).
 */
public final class AnyRes {
    private AnyRes() {}

    /** A width×height pair in pixels (or tokens, for feature maps). */
    public record Size(int width, int height) {}

    /**
     * {@code select_best_resolution}: the candidate that keeps the most effective pixels, ties broken
     * by the least waste, first candidate winning exact ties.
     */
    public static Resolution selectBestResolution(int width, int height, List<Resolution> candidates) {
        requirePositive(width, height);
        Resolution best = null;
        long maxEffective = 0;
        long minWasted = Long.MAX_VALUE;
        for (Resolution c : candidates) {
            double scale = Math.min((double) c.width() / width, (double) c.height() / height);
            long dw = (long) (width * scale);
            long dh = (long) (height * scale);
            long effective = Math.min(dw * dh, (long) width * height);
            long wasted = (long) c.width() * c.height() - effective;
            if (effective > maxEffective || (effective == maxEffective && wasted < minWasted)) {
                maxEffective = effective;
                minWasted = wasted;
                best = c;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no AnyRes candidate fits a " + width + "x" + height + " image");
        }
        return best;
    }

    /** {@code _get_local_grids_output_size}: the size the image is resized to inside the best canvas. */
    public static Size localResizeSize(int width, int height, Resolution target) {
        requirePositive(width, height);
        double sw = (double) target.width() / width;
        double sh = (double) target.height() / height;
        if (sw < sh) {
            return new Size(target.width(), (int) Math.min(Math.ceil(height * sw), target.height()));
        }
        return new Size((int) Math.min(Math.ceil(width * sh), target.width()), target.height());
    }

    /** {@code resize_longside}: the global view's size before letterboxing to {@code side}². */
    public static Size globalThumbSize(int width, int height, int side) {
        requirePositive(width, height);
        if (width == height) {
            return new Size(side, side);
        }
        if (width > height) {
            return new Size(side, (int) Math.ceil((double) height / width * side));
        }
        return new Size((int) Math.ceil((double) width / height * side), side);
    }

    /**
     * The local feature map after {@code unpad_image}.
     *
     * @param rows map rows kept (nH)
     * @param cols map columns kept (nW)
     * @param cropTop rows cropped at the top (and bottom)
     * @param cropLeft columns cropped at the left (and right)
     * @param fullRows rows before unpad (R · side)
     * @param fullCols columns before unpad (C · side)
     */
    public record FeatureMap(int rows, int cols, int cropTop, int cropLeft, int fullRows, int fullCols) {}

    /**
     * Unpadded local feature map of an image placed in canvas {@code best}, with {@code side}×{@code
     * side} queries per grid (9 for HCX).
     */
    public static FeatureMap unpaddedMap(int width, int height, Resolution best, int tile, int side) {
        requirePositive(width, height);
        int nH = (best.height() / tile) * side;
        int nW = (best.width() / tile) * side;
        double originalAspect = (double) width / height;
        double currentAspect = (double) nW / nH;
        if (originalAspect > currentAspect) {
            double scale = (double) nW / width;
            int newH = (int) (height * scale);
            int pad = (nH - newH) / 2;
            return new FeatureMap(nH - 2 * pad, nW, pad, 0, nH, nW);
        }
        double scale = (double) nH / height;
        int newW = (int) (width * scale);
        int pad = (nW - newW) / 2;
        return new FeatureMap(nH, nW - 2 * pad, 0, pad, nH, nW);
    }

    private static void requirePositive(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }
}
