package dev.hcxmesh.ingest.pipeline;

import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.events.v1.Frame;
import dev.hcxmesh.events.v1.VisualItemGeometry;
import dev.hcxmesh.model.config.ConnectorConfig;
import dev.hcxmesh.model.image.RgbImage;
import dev.hcxmesh.model.video.CanvasPacker;
import java.util.ArrayList;
import java.util.List;

/**
 * Sampled video frames → one {@link PreparedItem}: frames packed into 3×3 canvases, tiled canvas by
 * canvas, token count per canvas (slow queries for the first grid, fast for the rest). Shared by
 * one-shot videos and live-stream chunks so both account tokens identically.
 */
final class VideoItems {
    private VideoItems() {}

    /** Longest side of video frames sent to OCR/Lens. */
    static final int OCR_MAX_SIDE = 1280;

    /**
     * Packs {@code frames} (time order, not empty) into one item.
     *
     * @param ptsMs presentation time of each frame (same length as {@code frames})
     * @param ocrFrames most frames handed to OCR/Lens, evenly spread
     */
    static PreparedItem pack(
            CanvasPacker packer,
            ConnectorConfig connector,
            List<RgbImage> frames,
            List<Long> ptsMs,
            int ocrFrames,
            String mimeType,
            String filename) {
        if (frames.isEmpty() || frames.size() != ptsMs.size()) {
            throw new IllegalArgumentException("expected a non-empty frame list with one pts each, found "
                    + frames.size() + " frames and " + ptsMs.size() + " pts");
        }
        var packed = packer.pack(frames);
        List<byte[]> tiles = new ArrayList<>();
        var geometry = VisualItemGeometry.newBuilder()
                .setKind(MediaKind.VIDEO)
                .setWidth(frames.getFirst().width())
                .setHeight(frames.getFirst().height())
                .setFrameCount(frames.size());
        int tokens = 0;
        for (var canvas : packed.canvases()) {
            tiles.addAll(canvas.tiles());
            int grids = canvas.rows() * canvas.cols();
            geometry.addCanvasGrids(grids);
            tokens += connector.queriesVideoSlow() + connector.queriesVideoFast() * (grids - 1);
        }
        geometry.setGridRows(3).setGridCols(3).setTileCount(tiles.size()).setVisualTokens(tokens);
        List<Frame> ocr = new ArrayList<>();
        int step = Math.max(1, frames.size() / ocrFrames);
        for (int i = 0; i < frames.size() && ocr.size() < ocrFrames; i += step) {
            ocr.add(Frames.frame(frames.get(i), i, ptsMs.get(i), OCR_MAX_SIDE));
        }
        return new PreparedItem(geometry.build(), tiles, ocr, mimeType, filename);
    }
}
