package dev.hcxmesh.model.image;

import dev.hcxmesh.model.tokens.VisualTokens;
import java.util.List;

/**
 * An image cut for the vision tower.
 *
 * @param tiles global view first, then local tiles row-major; each {@code [378, 378, 3]} uint8 HWC
 * @param plan token plan of the image (grid, unpad map, token count), from {@link VisualTokens}
 */
public record TiledImage(List<byte[]> tiles, VisualTokens.ImagePlan plan) {

    public TiledImage {
        tiles = List.copyOf(tiles);
        if (tiles.size() != plan.tileCount()) {
            throw new IllegalArgumentException(
                    "plan expects " + plan.tileCount() + " tiles (global + grids), found " + tiles.size());
        }
    }
}
