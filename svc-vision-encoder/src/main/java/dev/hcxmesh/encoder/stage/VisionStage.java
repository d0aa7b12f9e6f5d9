package dev.hcxmesh.encoder.stage;

import dev.hcxmesh.events.v1.VisualItemGeometry;
import java.util.List;

/**
 * What the encoder service needs from the model: per-tile projector outputs and the assembly of an
 * item's tiles into its visual token rows. Backed by the configured engine (embedded CPU or Triton).
 */
public interface VisionStage {

    /** Engine name for logs and metrics. */
    String engineName();

    /** LLM width D of the rows produced. */
    int hidden();

    /**
     * @param tiles uint8 [378, 378, 3] HWC tiles
     * @param queries query count per tile (81 → 9×9 pool, 9 → 3×3 pool)
     * @return [sum(queries), D] row-major
     */
    float[] encodeTiles(List<byte[]> tiles, int[] queries);

    /**
     * @param perTile [sum(queries), D] outputs of all the item's tiles in tile order
     * @return [visual_tokens, D]: anyres layout with newlines (images) or slow/fast layout (videos)
     */
    float[] assemble(VisualItemGeometry geometry, float[] perTile);

    /** Checkpoint identity, written into every event's meta. */
    String modelRevision();

    /** Queries per tile of an item (81 per image tile; video: slow first grid, fast others). */
    int[] tileQueries(VisualItemGeometry geometry);

    /** True once the engine is loaded (readiness). */
    boolean ready();
}
