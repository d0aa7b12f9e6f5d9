package dev.hcxmesh.encoder.assembly;

import dev.hcxmesh.model.tokens.AnyRes;
import dev.hcxmesh.model.tokens.VisualTokens;
import java.util.Arrays;

/**
 * Turns per-tile projector outputs into the rows spliced at an image's or a video's placeholder
 * tokens (HCX-MODEL-SPEC §4 and §5). Token counts come from {@link VisualTokens}; this class only
 * moves rows and checks that the counts agree.
 */
public final class VisualFeatures {
    private VisualFeatures() {}

    /** Queries per tile for an image: every tile (global first, then R·C locals) uses the 9×9 pool. */
    public static int[] imageQueries(VisualTokens.ImagePlan plan) {
        int[] q = new int[plan.tileCount()];
        Arrays.fill(q, plan.globalTokens());
        return q;
    }

    /**
     * Assembles one image.
     *
     * @param perTile projector output {@code [1+N, q, D]}: global view, then local tiles row-major
     * @param plan the image's token plan
     * @param newline {@code image_newline} {@code [D]}
     * @return {@code [Q, D]}: global q rows, then the unpadded local map row by row with one newline
     *     after each kept row (no newline after the global view)
     */
    public static float[] assembleImage(float[] perTile, VisualTokens.ImagePlan plan, float[] newline) {
        int d = newline.length;
        int q = plan.globalTokens();
        int side = (int) Math.round(Math.sqrt(q));
        if (side * side != q) {
            throw new IllegalArgumentException("queries per tile must be square, got " + q);
        }
        long expected = (long) plan.tileCount() * q * d;
        if (perTile.length != expected) {
            throw new IllegalArgumentException("per-tile features: expected " + plan.tileCount() + "x" + q + "x" + d
                    + " = " + expected + " floats, found " + perTile.length);
        }
        AnyRes.FeatureMap map = plan.map();
        if (map.fullRows() != plan.gridRows() * side || map.fullCols() != plan.gridCols() * side) {
            throw new IllegalArgumentException("feature map " + map.fullRows() + "x" + map.fullCols()
                    + " does not match grid " + plan.gridRows() + "x" + plan.gridCols() + " of side " + side);
        }
        int local = plan.tokens() - q - map.rows() * map.cols();
        boolean newlines;
        if (local == map.rows()) {
            newlines = true;
        } else if (local == 0) {
            newlines = false;
        } else {
            throw new IllegalArgumentException(
                    "plan tokens " + plan.tokens() + " are neither " + (q + map.rows() * map.cols() + map.rows())
                            + " (with newlines) nor " + (q + map.rows() * map.cols()));
        }
        float[] out = new float[plan.tokens() * d]; // [Q, D]
        System.arraycopy(perTile, 0, out, 0, q * d);
        int row = q;
        for (int mr = map.cropTop(); mr < map.cropTop() + map.rows(); mr++) {
            int r = mr / side;
            int i = mr % side;
            for (int mc = map.cropLeft(); mc < map.cropLeft() + map.cols(); mc++) {
                int c = mc / side;
                int j = mc % side;
                int tile = 1 + r * plan.gridCols() + c;
                int src = (tile * q + i * side + j) * d;
                System.arraycopy(perTile, src, out, row * d, d);
                row++;
            }
            if (newlines) {
                System.arraycopy(newline, 0, out, row * d, d);
                row++;
            }
        }
        if (row != plan.tokens()) {
            throw new IllegalStateException("assembled " + row + " rows, plan says " + plan.tokens());
        }
        return out;
    }

    /**
     * Queries per grid for a video: for each canvas, the first grid slow, the rest fast
     * ({@code first_last_frames_slow = false}).
     */
    public static int[] videoQueries(VisualTokens.VideoPlan plan, int slow, int fast) {
        int[] q = new int[plan.grids()];
        int g = 0;
        for (VisualTokens.Canvas canvas : plan.canvases()) {
            for (int i = 0; i < canvas.grids(); i++) {
                q[g++] = i == 0 ? slow : fast;
            }
        }
        return q;
    }

    /**
     * Assembles one video: per canvas, the slow grid's rows then each fast grid's rows, canvases in
     * order, no newline and no unpad. With the encoder fed {@link #videoQueries} in grid order, its
     * output already has this order; this checks the count against the plan and copies.
     *
     * @param perGrid projector output {@code [sum(queries), D]} in grid order
     * @param d LLM hidden width
     * @return {@code [tokens, D]}
     */
    public static float[] assembleVideo(float[] perGrid, VisualTokens.VideoPlan plan, int slow, int fast, int d) {
        int rows = 0;
        for (int q : videoQueries(plan, slow, fast)) {
            rows += q;
        }
        if (rows != plan.tokens()) {
            throw new IllegalArgumentException(
                    "video plan has " + plan.tokens() + " tokens but slow/fast queries give " + rows);
        }
        if (perGrid.length != (long) rows * d) {
            throw new IllegalArgumentException("video features: expected " + rows + "x" + d + " = " + (long) rows * d
                    + " floats, found " + perGrid.length);
        }
        return perGrid.clone();
    }
}
