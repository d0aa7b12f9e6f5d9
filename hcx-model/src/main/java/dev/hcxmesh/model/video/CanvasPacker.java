package dev.hcxmesh.model.video;

import dev.hcxmesh.model.image.AnyResTiler;
import dev.hcxmesh.model.image.PillowResampler;
import dev.hcxmesh.model.image.RgbImage;
import dev.hcxmesh.model.tokens.VisualTokens;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs sampled video frames into canvases and tiles them (HCX-MODEL-SPEC §5).
 *
 * <ul>
 *   <li>every frame is first fitted like NAVER's {@code resize_image(max_side=378)}: if its longer
 *       side exceeds 378, {@code scale = 378 / max(w, h)}, size {@code (int)(w · scale) × (int)(h ·
 *       scale)} with Pillow LANCZOS; otherwise kept as is;
 *   <li>frames fill canvases in temporal order, 9 per canvas, cells row by row, 3 per row; a partial
 *       canvas of k frames is {@code ceil(k/3)} rows × {@code min(k, 3)} columns (the layout {@link
 *       VisualTokens#video} counts);
 *   <li>each frame is centred in its 378×378 cell on (127, 127, 127); unused cells of the last row
 *       stay (127, 127, 127);
 *   <li>each canvas goes through the anyres pipeline with {@code video=True}: no global view, no
 *       unpad.
 * </ul>
 *
 * <p>[U] {@code combine_frames_into_images} itself was not found in any stored source; cell fit,
 * centring and background follow the spec's best reading and are the one place to change if the
 * reference turns out different.
 */
public final class CanvasPacker {

    private final AnyResTiler tiler;
    private final int cell;

    /** A packer tiling with {@code tiler} (its tile side is the cell side). */
    public CanvasPacker(AnyResTiler tiler, int cell) {
        this.tiler = tiler;
        this.cell = cell;
    }

    /** HCX defaults: 378 px cells, 378 px tiles. */
    public static CanvasPacker hcxDefaults() {
        return new CanvasPacker(AnyResTiler.hcxDefaults(), 378);
    }

    /**
     * A packed video.
     *
     * @param canvases per canvas, its tiles (row-major {@code [378, 378, 3]} uint8) and grid shape
     * @param plan token plan; its per-canvas grids equal {@code canvases.get(i).grids()}
     */
    public record PackedVideo(List<AnyResTiler.TiledCanvas> canvases, VisualTokens.VideoPlan plan) {
        public PackedVideo {
            canvases = List.copyOf(canvases);
            if (canvases.size() != plan.canvases().size()) {
                throw new IllegalArgumentException(
                        "plan has " + plan.canvases().size() + " canvases, found " + canvases.size());
            }
            for (int i = 0; i < canvases.size(); i++) {
                if (canvases.get(i).grids() != plan.canvases().get(i).grids()) {
                    throw new IllegalArgumentException(
                            "canvas " + i + " has " + canvases.get(i).grids() + " grids, plan says "
                                    + plan.canvases().get(i).grids());
                }
            }
        }
    }

    /** Frames → canvases → tiles, with the token plan (slow 81, fast 9 queries). */
    public PackedVideo pack(List<RgbImage> frames) {
        VisualTokens.VideoPlan plan = VisualTokens.video(frames.size(), 81, 9);
        List<AnyResTiler.TiledCanvas> tiled = new ArrayList<>();
        for (RgbImage canvas : canvases(frames)) {
            tiled.add(tiler.tileVideoCanvas(canvas));
        }
        return new PackedVideo(tiled, plan);
    }

    /** The canvases (before tiling), in temporal order. */
    public List<RgbImage> canvases(List<RgbImage> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a video needs at least one frame");
        }
        List<RgbImage> out = new ArrayList<>();
        int per = VisualTokens.FRAMES_PER_CANVAS;
        int colsMax = VisualTokens.CANVAS_COLUMNS;
        for (int start = 0; start < frames.size(); start += per) {
            int k = Math.min(per, frames.size() - start);
            int rows = (k + colsMax - 1) / colsMax;
            int cols = Math.min(k, colsMax);
            RgbImage canvas =
                    RgbImage.filled(cols * cell, rows * cell, AnyResTiler.PAD, AnyResTiler.PAD, AnyResTiler.PAD);
            for (int i = 0; i < k; i++) {
                RgbImage f = fitFrame(frames.get(start + i));
                int cx = (i % colsMax) * cell + (cell - f.width()) / 2;
                int cy = (i / colsMax) * cell + (cell - f.height()) / 2;
                canvas = canvas.paste(f, cx, cy);
            }
            out.add(canvas);
        }
        return out;
    }

    /** NAVER's {@code resize_image(frame, max_side=cell)} (LANCZOS, truncated sizes, at least 1 px). */
    public RgbImage fitFrame(RgbImage frame) {
        int longSide = Math.max(frame.width(), frame.height());
        if (longSide <= cell) {
            return frame;
        }
        double scale = (double) cell / longSide;
        int w = Math.max(1, (int) (frame.width() * scale));
        int h = Math.max(1, (int) (frame.height() * scale));
        return PillowResampler.resize(frame, w, h, PillowResampler.Filter.LANCZOS);
    }
}
