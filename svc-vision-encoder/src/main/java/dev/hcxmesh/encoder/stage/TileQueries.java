package dev.hcxmesh.encoder.stage;

import dev.hcxmesh.api.v1.MediaKind;
import dev.hcxmesh.events.v1.VisualItemGeometry;

/**
 * Queries per tile of an item: 81 for every image tile; for video canvases the first grid of each
 * canvas is "slow" (81) and the rest are "fast" (9). Pure function of the geometry.
 */
public final class TileQueries {
    private TileQueries() {}

    public static int[] of(VisualItemGeometry g, int slow, int fast, int image) {
        int[] q = new int[g.getTileCount()];
        if (g.getKind() != MediaKind.VIDEO && g.getKind() != MediaKind.LIVE_STREAM) {
            java.util.Arrays.fill(q, image);
            return q;
        }
        int t = 0;
        for (int grids : g.getCanvasGridsList()) {
            for (int i = 0; i < grids; i++) {
                q[t++] = i == 0 ? slow : fast;
            }
        }
        if (t != q.length) {
            throw new IllegalArgumentException("video geometry lists " + t + " grids but " + q.length + " tiles");
        }
        return q;
    }
}
