package dev.hcxmesh.model.tokens;

import dev.hcxmesh.model.config.PreprocessorConfig;
import dev.hcxmesh.model.config.PreprocessorConfig.Resolution;
import java.util.ArrayList;
import java.util.List;

/**
 * Visual token accounting: how many placeholder tokens an image or a video occupies in the prompt.
 * One implementation, used by ingest (manifests), the encoder (output length) and the decoder
 * (placeholder expansion). HCX-MODEL-SPEC §2.7 (images) and §5 (videos).
 */
public final class VisualTokens {
    private VisualTokens() {}

    /** Frames per video canvas (a 3×3 grid of frames). */
    public static final int FRAMES_PER_CANVAS = 9;

    /** Frame columns in a canvas. */
    public static final int CANVAS_COLUMNS = 3;

    /**
     * The token plan of one image.
     *
     * @param best AnyRes canvas {@code [h, w]}
     * @param gridRows R
     * @param gridCols C
     * @param map unpadded local feature map
     * @param globalTokens tokens of the global view (81)
     * @param tokens total Q = global + rows·cols + rows (one newline per map row)
     */
    public record ImagePlan(
            Resolution best, int gridRows, int gridCols, AnyRes.FeatureMap map, int globalTokens, int tokens) {

        /** Tiles the encoder receives: the global view plus R·C local tiles. */
        public int tileCount() {
            return 1 + gridRows * gridCols;
        }
    }

    /** Plans an image of {@code width}×{@code height} pixels. */
    public static ImagePlan image(int width, int height, PreprocessorConfig pre, int queriesImage) {
        int side = querySide(queriesImage);
        int tile = pre.cropSize();
        Resolution best = AnyRes.selectBestResolution(width, height, pre.possibleResolutions());
        int rows = best.height() / tile;
        int cols = best.width() / tile;
        AnyRes.FeatureMap map = pre.unpad()
                ? AnyRes.unpaddedMap(width, height, best, tile, side)
                : new AnyRes.FeatureMap(rows * side, cols * side, 0, 0, rows * side, cols * side);
        int local = map.rows() * map.cols() + (pre.unpad() ? map.rows() : 0);
        return new ImagePlan(best, rows, cols, map, queriesImage, queriesImage + local);
    }

    /** Image tokens with the published HCX defaults (81 queries, 378 px tiles, 9 grids). */
    public static int imageTokens(int width, int height) {
        return image(width, height, PreprocessorConfig.hcxDefaults(), 81).tokens();
    }

    /**
     * One video canvas.
     *
     * @param frames frames packed into it (1..9), temporal order, row-major cells
     * @param rows cell rows
     * @param cols cell columns
     * @param grids AnyRes grids of the canvas (rows·cols: the canvas is an exact grid multiple)
     * @param tokens slow grid + fast grids: slow + fast·(grids − 1)
     */
    public record Canvas(int frames, int rows, int cols, int grids, int tokens) {}

    /**
     * The token plan of a video of {@code frameCount} sampled frames.
     *
     * @param canvases in temporal order
     * @param grids total grids G
     * @param tokens total tokens (= fast·G + (slow − fast)·C)
     */
    public record VideoPlan(List<Canvas> canvases, int grids, int tokens) {}

    /**
     * Plans a video: frames packed {@value #FRAMES_PER_CANVAS} per canvas in temporal order, cells
     * filled row by row, {@value #CANVAS_COLUMNS} per row; a partial canvas keeps only the rows it
     * needs (k frames → ⌈k/3⌉ rows × min(k,3) columns).
     */
    public static VideoPlan video(int frameCount, int queriesSlow, int queriesFast) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("a video needs at least one frame, got " + frameCount);
        }
        List<Canvas> canvases = new ArrayList<>();
        int grids = 0;
        int tokens = 0;
        for (int start = 0; start < frameCount; start += FRAMES_PER_CANVAS) {
            int k = Math.min(FRAMES_PER_CANVAS, frameCount - start);
            int rows = (k + CANVAS_COLUMNS - 1) / CANVAS_COLUMNS;
            int cols = Math.min(k, CANVAS_COLUMNS);
            int g = rows * cols;
            int t = queriesSlow + queriesFast * (g - 1);
            canvases.add(new Canvas(k, rows, cols, g, t));
            grids += g;
            tokens += t;
        }
        return new VideoPlan(List.copyOf(canvases), grids, tokens);
    }

    /** Video tokens with the published defaults (slow 81, fast 9). */
    public static int videoTokens(int frameCount) {
        return video(frameCount, 81, 9).tokens();
    }

    private static int querySide(int queries) {
        int side = (int) Math.round(Math.sqrt(queries));
        if (side * side != queries) {
            throw new IllegalArgumentException("queries per grid must be a square number, got " + queries);
        }
        return side;
    }
}
