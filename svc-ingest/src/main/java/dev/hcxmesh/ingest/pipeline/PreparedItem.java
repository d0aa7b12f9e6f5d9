package dev.hcxmesh.ingest.pipeline;

import dev.hcxmesh.events.v1.Frame;
import dev.hcxmesh.events.v1.VisualItemGeometry;
import java.util.List;

/**
 * One visual item of a request, preprocessed for the stages.
 *
 * @param geometry sizes, grids and the visual token count (from VisualTokens)
 * @param tiles uint8 RGB tiles, each [378, 378, 3] HWC; images: global view first, then row-major
 *     local tiles; videos: canvas by canvas, each canvas's grids row-major
 * @param ocrFrames what OCR/Lens looks at (images: the decoded image; videos: sampled frames)
 * @param mimeType what the prompt's mime block names
 */
public record PreparedItem(
        VisualItemGeometry geometry, List<byte[]> tiles, List<Frame> ocrFrames, String mimeType, String filename) {

    public PreparedItem {
        tiles = List.copyOf(tiles);
        ocrFrames = List.copyOf(ocrFrames);
        if (tiles.size() != geometry.getTileCount()) {
            throw new IllegalArgumentException(
                    "item has " + tiles.size() + " tiles, its geometry says " + geometry.getTileCount());
        }
    }
}
